import { AppConfig } from '@app/config';
import { Actor, assertTransition, Clock, PUBLIC_ACTOR, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { normalizeVatNumber, vatNumberProblem } from '@app/firms';
import { Firm } from '@app/firms';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import {
  COMPLAINT_REFERENCE_PATTERN,
  COMPLAINT_TRANSITIONS,
  ComplaintStatus,
  complaintStatusCodeDigest,
  ComplaintSubject,
  newComplaintReference,
  newComplaintStatusCode,
  normalizeComplaintStatusCode,
  PublicComplaintStep,
  publicComplaintSteps,
} from './complaint-rules';
import { Complaint } from './complaint.entity';
import { ComplaintNotFoundError, ComplaintStepError, ComplaintSubjectError } from './complaints.errors';

export interface FileComplaintInput {
  readonly subject: ComplaintSubject;
  readonly firmVatNumber?: string | null;
  readonly firmName?: string | null;
  readonly description: string;
  readonly contactEmail?: string | null;
  readonly language: 'it' | 'en';
}

/** What the complainant is told on filing: the reference is the acknowledgement. */
export interface FiledComplaint {
  readonly reference: string;
  readonly status: ComplaintStatus;
  readonly receivedAt: Date;
  /** Whether an acknowledgement was mailed (an address was given). */
  readonly acknowledgementMailed: boolean;
  /** The second factor of the status page, shown this once: only its digest is kept. */
  readonly statusCode: string;
}

/** What the complainant sees on the public status page: no one's name, no contact, no description. */
export interface PublicComplaintStatus {
  readonly reference: string;
  readonly status: ComplaintStatus;
  readonly steps: { readonly step: PublicComplaintStep; readonly at: Date }[];
  /** The outcome staff wrote for the complainant, once closed. */
  readonly outcome: string | null;
}

/** A digest no code has, compared against when the reference is unknown, so that both answers take the same work. */
const NO_DIGEST = Buffer.alloc(32);

/** A complaint as staff handle it. */
export interface ComplaintView {
  readonly id: string;
  readonly reference: string;
  readonly subject: ComplaintSubject;
  readonly firmId: string | null;
  readonly firmVatNumber: string | null;
  readonly firmName: string | null;
  readonly description: string;
  /** Null when none was given, or once erased. */
  readonly contactEmail: string | null;
  readonly language: 'it' | 'en';
  readonly status: ComplaintStatus;
  readonly receivedAt: Date;
  readonly handlingStartedAt: Date | null;
  readonly handledById: string | null;
  readonly closedAt: Date | null;
  readonly closedById: string | null;
  readonly outcome: string | null;
  readonly contactErasedAt: Date | null;
}

const RETENTION_BATCH_SIZE = 200;

function toView(complaint: Complaint): ComplaintView {
  return {
    id: complaint.id,
    reference: complaint.reference,
    subject: complaint.subject,
    firmId: complaint.firmId,
    firmVatNumber: complaint.firmVatNumber,
    firmName: complaint.firmName,
    description: complaint.description,
    contactEmail: complaint.contactEmail,
    language: complaint.language,
    status: complaint.status,
    receivedAt: complaint.receivedAt,
    handlingStartedAt: complaint.handlingStartedAt,
    handledById: complaint.handledById,
    closedAt: complaint.closedAt,
    closedById: complaint.closedById,
    outcome: complaint.outcome,
    contactErasedAt: complaint.contactErasedAt,
  };
}

/**
 * Complaints about the scheme (ISO/IEC 17065 7.13), apart from consumer reports: anyone files one and
 * is acknowledged at once (the reference; a message too when an address is given, written by the
 * notifications' history listener in the same transaction); admins and reviewers take it in hand and
 * close it with an outcome. Each step is one transaction with its history event; the database allows
 * only these steps. The history never holds the contact address, so erasing it erases it.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private get complaints() {
    return this.txHost.tx.getRepository(Complaint);
  }

  @Transactional()
  async file(input: FileComplaintInput): Promise<FiledComplaint> {
    const about = await this.subjectOf(input);
    const contactEmail = input.contactEmail?.trim() || null;
    const statusCode = newComplaintStatusCode();
    const complaint = this.complaints.create({
      ...about,
      reference: newComplaintReference(),
      statusCodeSha256: complaintStatusCodeDigest(normalizeComplaintStatusCode(statusCode)!),
      description: input.description.trim(),
      contactEmail,
      language: input.language,
      status: 'acknowledged',
      receivedAt: this.clock.now(),
      handlingStartedAt: null,
      handledById: null,
      closedAt: null,
      closedById: null,
      outcome: null,
      contactErasedAt: null,
    });
    await this.complaints.insert(complaint);
    await this.history.record(PUBLIC_ACTOR, {
      action: 'complaint.acknowledged',
      entityType: 'complaint',
      entityId: complaint.id,
      after: { reference: complaint.reference, subject: complaint.subject, firmId: complaint.firmId, hasContact: contactEmail !== null },
    });
    return { reference: complaint.reference, status: complaint.status, receivedAt: complaint.receivedAt, acknowledgementMailed: contactEmail !== null, statusCode };
  }

  /**
   * Where a complaint stands, for whoever holds its reference and its status code. An unknown reference,
   * a wrong code, a malformed one and a complaint filed before codes existed all get the same
   * `ComplaintNotFoundError`, after the same digest comparison, so the answer tells nothing about which.
   */
  async publicStatus(reference: string, typedCode: string): Promise<PublicComplaintStatus> {
    const normalizedReference = reference.trim().toUpperCase();
    const complaint = COMPLAINT_REFERENCE_PATTERN.test(normalizedReference) ? await this.complaints.findOneBy({ reference: normalizedReference }) : null;
    const code = normalizeComplaintStatusCode(typedCode);
    const given = Buffer.from(complaintStatusCodeDigest(code ?? ''), 'hex');
    const stored = complaint?.statusCodeSha256 ? Buffer.from(complaint.statusCodeSha256, 'hex') : NO_DIGEST;
    const matches = timingSafeEqual(given, stored);
    if (!complaint || code === null || !matches) throw new ComplaintNotFoundError();
    return { reference: complaint.reference, status: complaint.status, steps: publicComplaintSteps(complaint), outcome: complaint.outcome };
  }

  /** Newest first, optionally by status (staff only: the route requires it). */
  async list(status?: ComplaintStatus): Promise<ComplaintView[]> {
    const complaints = await this.complaints.find({ where: status ? { status } : {}, order: { receivedAt: 'DESC', id: 'ASC' }, take: 200 });
    return complaints.map(toView);
  }

  async get(id: string): Promise<ComplaintView> {
    const complaint = await this.complaints.findOneBy({ id });
    if (!complaint) throw new ComplaintNotFoundError();
    return toView(complaint);
  }

  /** A member of staff takes the complaint in hand. Of two at once, one does; the other gets 409. */
  @Transactional()
  async startHandling(actor: Actor, id: string): Promise<ComplaintView> {
    const complaint = await this.lock(id);
    if (complaint.status !== 'acknowledged') throw new ComplaintStepError(complaint.status, 'handling');
    return this.move(actor, complaint, 'in_handling', { handlingStartedAt: this.clock.now(), handledById: actor.userId });
  }

  /** Closes the complaint with its outcome, which the complainant is told (by mail when an address was given). */
  @Transactional()
  async close(actor: Actor, id: string, outcome: string): Promise<ComplaintView> {
    const complaint = await this.lock(id);
    if (complaint.status !== 'in_handling') throw new ComplaintStepError(complaint.status, 'closure');
    return this.move(actor, complaint, 'closed', { closedAt: this.clock.now(), closedById: actor.userId, outcome: outcome.trim() }, { outcome: outcome.trim() });
  }

  /** Erases the contact of complaints closed COMPLAINT_RETENTION_MONTHS ago or more; returns how many. */
  @Transactional()
  async eraseExpiredContacts(): Promise<number> {
    const now = this.clock.now();
    const erased = await this.txHost.tx.query<{ id: string }[]>(
      `WITH due AS (
         SELECT id FROM complaint
         WHERE contact_email IS NOT NULL AND status = 'closed' AND closed_at <= $1::timestamptz - make_interval(months => $2::int)
         ORDER BY closed_at LIMIT $3 FOR UPDATE SKIP LOCKED
       ), erased AS (
         UPDATE complaint c SET contact_email = NULL, contact_erased_at = $1 FROM due WHERE c.id = due.id RETURNING c.id
       )
       SELECT id FROM erased`,
      [now, this.config.complaints.retentionMonths, RETENTION_BATCH_SIZE],
    );
    for (const { id } of erased) await this.history.record(SYSTEM_ACTOR, { action: 'complaint.contact_erased', entityType: 'complaint', entityId: id, after: { erasedAt: now } });
    return erased.length;
  }

  /** The scheme, or the firm named: its VAT number must be valid, and links the registered firm that has it. */
  private async subjectOf(input: FileComplaintInput): Promise<Pick<Complaint, 'subject' | 'firmId' | 'firmVatNumber' | 'firmName'>> {
    if (input.subject === 'scheme') return { subject: 'scheme', firmId: null, firmVatNumber: null, firmName: null };
    const vatInput = input.firmVatNumber?.trim() || null;
    const firmName = input.firmName?.trim() || null;
    if (vatInput === null && firmName === null) throw new ComplaintSubjectError('Name the firm: its VAT number or its name', 'firmVatNumber');
    if (vatInput === null) return { subject: 'firm', firmId: null, firmVatNumber: null, firmName };
    const vatNumber = normalizeVatNumber(vatInput);
    const problem = vatNumberProblem(vatNumber);
    if (problem) throw new ComplaintSubjectError(`firmVatNumber: ${problem}`, 'firmVatNumber');
    const firm = await this.txHost.tx.getRepository(Firm).findOne({ where: { vatNumber }, select: { id: true } });
    return { subject: 'firm', firmId: firm?.id ?? null, firmVatNumber: vatNumber, firmName };
  }

  private async lock(id: string): Promise<Complaint> {
    const complaint = await this.complaints.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!complaint) throw new ComplaintNotFoundError();
    return complaint;
  }

  private async move(actor: Actor, complaint: Complaint, to: ComplaintStatus, changes: Partial<Complaint>, recorded: Record<string, unknown> = {}): Promise<ComplaintView> {
    const from = complaint.status;
    assertTransition('Complaint', COMPLAINT_TRANSITIONS, from, to);
    await this.complaints.update({ id: complaint.id }, { ...changes, status: to });
    await this.history.record(actor, { action: `complaint.${to}`, entityType: 'complaint', entityId: complaint.id, before: { status: from }, after: { status: to, ...recorded } });
    return toView({ ...complaint, ...changes, status: to });
  }
}
