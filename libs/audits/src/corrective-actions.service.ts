import { detectEvidenceType, EVIDENCE_TYPES, fileNameProblem, InvalidFileNameError, safeFileName, UnsupportedEvidenceError } from '@app/applications';
import { Actor, assertTransition, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Permission, roleHasPermission } from '@app/identity';
import { BlobContent, BlobStore } from '@app/storage';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { isAssignedAuditor, isAuditedFirm, mayReadAudit } from './audit-access';
import { AuditFinding } from './audit-finding.entity';
import type { FindingSeverity } from './audit-lifecycle';
import { AuditRecords } from './audit-records';
import { Audit } from './audit.entity';
import { CorrectiveActionDocumentView, CorrectiveActionView, toDocumentView, toFindingView } from './audit.view';
import { CorrectiveActionNotAnsweredError, CorrectiveActionNotAwaitingFirmError, CorrectiveActionNotFoundError, TextRequiredError } from './audits.errors';
import { CorrectiveAction, CorrectiveActionDocument } from './corrective-action.entity';
import { AWAITING_FIRM_STATES, CORRECTIVE_ACTION_TRANSITIONS, CorrectiveActionState } from './corrective-action-rules';

/** A major finding not accepted by its due date, for the sweep that puts it before a reviewer. */
export interface OverdueFinding {
  readonly findingId: string;
  readonly firmId: string;
  readonly severity: FindingSeverity;
  readonly state: CorrectiveActionState;
  readonly dueOn: string;
  readonly description: string;
}

/** Which corrective actions a list shows: those still waiting for someone, or all. */
export type CorrectiveActionFilter = 'pending' | 'all';

interface Locked {
  readonly audit: Audit;
  readonly finding: AuditFinding;
  readonly action: CorrectiveAction;
}

/**
 * The follow-up of findings' corrective actions (ISO/IEC 17065 7.4.9, 17021-1 9.4.9): the firm
 * answers with documents, the auditor of the audit accepts the answer for good or reopens it with a
 * reason. Each change locks the action row, so concurrent answers and reviews queue and see each
 * other; each is one transaction with its history event (and, through it, the other party's mail).
 */
@Injectable()
export class CorrectiveActionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly records: AuditRecords,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The corrective actions the reader follows up: a firm user's own firm's, an auditor's on the audits
   * assigned to them, everyone's for reviewers and admins; most urgent (earliest due) first.
   */
  async list(actor: Actor, filter: CorrectiveActionFilter): Promise<CorrectiveActionView[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (actor.role === 'firm') {
      if (actor.firmId === null) return [];
      values.push(actor.firmId);
      where.push(`a.firm_id = $${values.length}`);
    } else if (actor.role === 'auditor') {
      values.push(actor.userId);
      where.push(`a.auditor_id = $${values.length}`);
    } else if (!roleHasPermission(actor.role, Permission.AuditRead)) {
      return [];
    }
    if (filter === 'pending') where.push(`c.state <> 'accepted'`);
    const rows = await this.txHost.tx.query<{ finding_id: string }[]>(
      `SELECT c.finding_id FROM audit_corrective_action c JOIN audit_finding d ON d.id = c.finding_id JOIN audit a ON a.id = d.audit_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.due_on, d.raised_at, d.id LIMIT 500`,
      values,
    );
    return this.views(rows.map((row) => row.finding_id));
  }

  /** One corrective action, for the audited firm, the audit's auditor, reviewers and admins (anyone else: not found). */
  async get(actor: Actor, findingId: string): Promise<CorrectiveActionView> {
    const finding = await this.txHost.tx.getRepository(AuditFinding).findOneBy({ id: findingId });
    if (!finding) throw new CorrectiveActionNotFoundError();
    const audit = await this.records.find(finding.auditId);
    if (!isAuditedFirm(actor, audit) && !mayReadAudit(actor, audit)) throw new CorrectiveActionNotFoundError();
    const [view] = await this.views([findingId]);
    return view;
  }

  /**
   * The firm adds a document to its answer while the action waits for it (open or reopened). The type
   * is detected from the bytes, as for application evidence: PDF, PNG, JPEG, CSV, text.
   */
  @Transactional()
  async addDocument(actor: Actor, findingId: string, upload: { bytes: Buffer; clientFileName: string }): Promise<CorrectiveActionDocumentView> {
    const { audit, action } = await this.lockForFirm(actor, findingId);
    const nameProblem = fileNameProblem(upload.clientFileName);
    if (nameProblem) throw new InvalidFileNameError(nameProblem);
    const detected = detectEvidenceType(upload.bytes, upload.clientFileName);
    if (!detected.ok) throw new UnsupportedEvidenceError(detected.reason);
    const type = EVIDENCE_TYPES[detected.kind];
    const blob = await this.blobs.put(upload.bytes, type.contentType);
    const documents = this.txHost.tx.getRepository(CorrectiveActionDocument);
    const document = await documents.save(
      documents.create({
        findingId: action.findingId,
        sha256: blob.sha256,
        fileName: safeFileName(upload.clientFileName, detected.kind),
        contentType: type.contentType,
        sizeBytes: upload.bytes.length,
        uploadedById: actor.userId,
        uploadedAt: this.clock.now(),
      }),
    );
    await this.history.record(actor, {
      action: 'audit.corrective_document_added',
      entityType: 'audit',
      entityId: audit.id,
      after: { findingId, documentId: document.id, sha256: blob.sha256, fileName: document.fileName },
    });
    return toDocumentView(document);
  }

  /** The firm says what it did (with the documents added so far); the auditor is told. */
  @Transactional()
  async answer(actor: Actor, findingId: string, answer: string): Promise<CorrectiveActionView> {
    const text = answer.trim();
    if (text === '') throw new TextRequiredError('answer');
    const { audit, action } = await this.lockForFirm(actor, findingId);
    const before = this.state(action);
    await this.move(action, 'answered', { answer: text, answeredById: actor.userId, answeredAt: this.clock.now() });
    await this.history.record(actor, { action: 'audit.corrective_action_answered', entityType: 'audit', entityId: audit.id, before, after: this.state(action) });
    return (await this.views([findingId]))[0];
  }

  /** The audit's auditor accepts the answer: the action is closed for good. */
  @Transactional()
  async accept(actor: Actor, findingId: string, note?: string | null): Promise<CorrectiveActionView> {
    const { audit, action } = await this.lockForAuditor(actor, findingId);
    const before = this.state(action);
    await this.move(action, 'accepted', { reviewReason: note?.trim() || null, reviewedById: actor.userId, reviewedAt: this.clock.now() });
    await this.history.record(actor, { action: 'audit.corrective_action_accepted', entityType: 'audit', entityId: audit.id, before, after: this.state(action) });
    return (await this.views([findingId]))[0];
  }

  /** The audit's auditor finds the answer wanting and says why: the firm answers again by the same due date. */
  @Transactional()
  async reopen(actor: Actor, findingId: string, reason: string): Promise<CorrectiveActionView> {
    const text = reason.trim();
    if (text === '') throw new TextRequiredError('reason');
    const { audit, action } = await this.lockForAuditor(actor, findingId);
    const before = this.state(action);
    await this.move(action, 'reopened', { reviewReason: text, reviewedById: actor.userId, reviewedAt: this.clock.now() });
    await this.history.record(actor, { action: 'audit.corrective_action_reopened', entityType: 'audit', entityId: audit.id, before, after: this.state(action) });
    return (await this.views([findingId]))[0];
  }

  /** The exact bytes of a document, for whoever may read the corrective action. */
  async documentContent(actor: Actor, findingId: string, documentId: string): Promise<BlobContent & { fileName: string }> {
    await this.get(actor, findingId);
    const document = await this.txHost.tx.getRepository(CorrectiveActionDocument).findOneBy({ id: documentId, findingId });
    const content = document && (await this.blobs.get(document.sha256));
    if (!document || !content) throw new CorrectiveActionNotFoundError();
    return { ...content, fileName: document.fileName };
  }

  /** Major findings whose action is not accepted and was due before `today` (a Rome day): the overdue sweep's candidates. */
  async overdueMajorFindings(today: string): Promise<OverdueFinding[]> {
    const rows = await this.txHost.tx.query<{ finding_id: string; firm_id: string; severity: FindingSeverity; state: CorrectiveActionState; due_on: string; description: string }[]>(
      `SELECT c.finding_id, a.firm_id, d.severity, c.state, to_char(c.due_on, 'YYYY-MM-DD') AS due_on, d.description
       FROM audit_corrective_action c JOIN audit_finding d ON d.id = c.finding_id JOIN audit a ON a.id = d.audit_id
       WHERE c.state <> 'accepted' AND c.due_on < $1::date AND d.severity = 'major'
       ORDER BY c.due_on, c.finding_id`,
      [today],
    );
    return rows.map((row) => ({ findingId: row.finding_id, firmId: row.firm_id, severity: row.severity, state: row.state, dueOn: row.due_on, description: row.description }));
  }

  private state(action: CorrectiveAction): Record<string, unknown> {
    return { findingId: action.findingId, state: action.state, dueOn: action.dueOn, answer: action.answer, reviewReason: action.reviewReason };
  }

  private async move(action: CorrectiveAction, to: CorrectiveActionState, changes: Partial<CorrectiveAction>): Promise<void> {
    assertTransition('Corrective action', CORRECTIVE_ACTION_TRANSITIONS, action.state, to);
    Object.assign(action, changes, { state: to });
    await this.txHost.tx.getRepository(CorrectiveAction).save(action);
  }

  /** The action, locked, with its finding and audit; not found for anyone who may not read it. */
  private async lock(findingId: string): Promise<Locked> {
    const action = await this.txHost.tx.getRepository(CorrectiveAction).findOne({ where: { findingId }, lock: { mode: 'pessimistic_write' } });
    if (!action) throw new CorrectiveActionNotFoundError();
    const finding = await this.txHost.tx.getRepository(AuditFinding).findOneByOrFail({ id: findingId });
    return { audit: await this.records.find(finding.auditId), finding, action };
  }

  /** For the audited firm's users only, while the action waits for their answer. */
  private async lockForFirm(actor: Actor, findingId: string): Promise<Locked> {
    const locked = await this.lock(findingId);
    if (!isAuditedFirm(actor, locked.audit)) throw new CorrectiveActionNotFoundError();
    if (!AWAITING_FIRM_STATES.includes(locked.action.state)) throw new CorrectiveActionNotAwaitingFirmError(locked.action.state);
    return locked;
  }

  /** For the audit's own auditor only (four eyes do not apply: the auditor judges the evidence), once the firm has answered. */
  private async lockForAuditor(actor: Actor, findingId: string): Promise<Locked> {
    const locked = await this.lock(findingId);
    if (!isAssignedAuditor(actor, locked.audit)) throw new CorrectiveActionNotFoundError();
    if (locked.action.state !== 'answered') throw new CorrectiveActionNotAnsweredError(locked.action.state);
    return locked;
  }

  private async views(findingIds: readonly string[]): Promise<CorrectiveActionView[]> {
    if (findingIds.length === 0) return [];
    const rows = await this.txHost.tx.query<{ id: string; audit_id: string; application_id: string; firm_id: string; legal_name: string }[]>(
      `SELECT d.id, a.id AS audit_id, a.application_id, a.firm_id, f.legal_name
       FROM audit_finding d JOIN audit a ON a.id = d.audit_id JOIN firm f ON f.id = a.firm_id WHERE d.id = ANY($1::uuid[])`,
      [findingIds],
    );
    const context = new Map(rows.map((row) => [row.id, row]));
    const findings = new Map((await this.txHost.tx.getRepository(AuditFinding).findBy({ id: In([...findingIds]) })).map((finding) => [finding.id, finding]));
    const followUps = await this.records.followUpsOf([...findings.values()]);
    return findingIds.map((id) => {
      const finding = findings.get(id)!;
      const row = context.get(id)!;
      return { ...toFindingView(finding, followUps.get(id)!), auditId: row.audit_id, applicationId: row.application_id, firmId: row.firm_id, firmName: row.legal_name };
    });
  }
}
