import { Actor, Clock, NotFoundError, romeCalendarDate } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION, violatedConstraint } from '@app/database';
import { HistoryService } from '@app/history';
import { BlobStore } from '@app/storage';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { mayReadEvidence } from './application-access';
import { ApplicationDrafts } from './application-drafts';
import { AssignedAuditors } from './assigned-auditors';
import { EvidenceContent, EvidenceView, toEvidenceView } from './application.view';
import { Application } from './application.entity';
import {
  EvidenceAlreadySupersededError,
  InvalidEvidenceDatesError,
  InvalidFileNameError,
  SupersededEvidenceMismatchError,
  UnsupportedEvidenceError,
} from './applications.errors';
import { detectEvidenceType, EVIDENCE_TYPES, fileNameProblem, safeFileName } from './evidence-file';
import { Evidence } from './evidence.entity';

export interface EvidenceUpload {
  readonly bytes: Buffer;
  /** As the client sent it: only ever sanitised for display. */
  readonly clientFileName: string;
  /** YYYY-MM-DD, the date the document bears. */
  readonly effectiveDate: string;
  readonly expiresOn?: string | null;
  readonly description?: string | null;
  /** The earlier version this one replaces. */
  readonly supersedesId?: string | null;
}

@Injectable()
export class EvidenceService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly blobs: BlobStore,
    private readonly drafts: ApplicationDrafts,
    private readonly assignedAuditors: AssignedAuditors,
    private readonly clock: Clock,
  ) {}

  private get evidence() {
    return this.txHost.tx.getRepository(Evidence);
  }

  /**
   * Attaches a document to a checklist item of a draft application. The type comes from the bytes;
   * the bytes are stored once per SHA-256; a new version supersedes an earlier one without deleting it.
   */
  @Transactional()
  async upload(actor: Actor, applicationId: string, itemCode: string, upload: EvidenceUpload): Promise<EvidenceView> {
    return this.store(actor, await this.drafts.lockDraft(actor, applicationId), itemCode, upload);
  }

  /**
   * For the audit work, which decides when the firm may add evidence to an application in audit (in
   * answer to an auditor's open question; the database checks that too): attaches it as `upload` does.
   */
  @Transactional()
  async uploadDuringAudit(actor: Actor, applicationId: string, itemCode: string, upload: EvidenceUpload): Promise<EvidenceView> {
    return this.store(actor, await this.drafts.lockInAudit(actor, applicationId), itemCode, upload);
  }

  private async store(actor: Actor, application: Application, itemCode: string, upload: EvidenceUpload): Promise<EvidenceView> {
    const applicationId = application.id;
    await this.drafts.answerableItem(application, itemCode);
    const nameProblem = fileNameProblem(upload.clientFileName);
    if (nameProblem) throw new InvalidFileNameError(nameProblem);
    const detected = detectEvidenceType(upload.bytes, upload.clientFileName);
    if (!detected.ok) throw new UnsupportedEvidenceError(detected.reason);

    const expiresOn = upload.expiresOn ?? null;
    if (upload.effectiveDate > romeCalendarDate(this.clock.now())) {
      throw new InvalidEvidenceDatesError('effectiveDate', `effectiveDate ${upload.effectiveDate} is in the future: give the date the document bears`);
    }
    if (expiresOn !== null && expiresOn < upload.effectiveDate) {
      throw new InvalidEvidenceDatesError('expiresOn', 'expiresOn must not be before effectiveDate');
    }
    const supersedesId = upload.supersedesId ?? null;
    if (supersedesId !== null) await this.assertSupersedable(applicationId, itemCode, supersedesId);

    const type = EVIDENCE_TYPES[detected.kind];
    const blob = await this.blobs.put(upload.bytes, type.contentType);
    let saved: Evidence;
    try {
      saved = await this.evidence.save(
        this.evidence.create({
          applicationId,
          itemCode,
          blobSha256: blob.sha256,
          fileName: safeFileName(upload.clientFileName, detected.kind),
          contentType: type.contentType,
          size: blob.size,
          description: upload.description?.trim() || null,
          effectiveDate: upload.effectiveDate,
          expiresOn,
          supersedesId,
          uploadedBy: actor.userId,
          uploadedAt: this.clock.now(),
        }),
      );
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION && violatedConstraint(error) === 'uq_evidence_supersedes_id') throw new EvidenceAlreadySupersededError();
      throw error;
    }
    const view = toEvidenceView(saved, null);
    await this.history.record(actor, {
      action: 'evidence.uploaded',
      entityType: 'evidence',
      entityId: saved.id,
      after: { applicationId, itemCode, sha256: view.sha256, fileName: view.fileName, contentType: view.contentType, size: view.size, effectiveDate: view.effectiveDate, expiresOn, supersedesId },
    });
    return view;
  }

  /**
   * Every version of every document of the application, by item, then oldest version first: a
   * version's place in its supersede chain decides, since two uploads may share an instant.
   */
  async list(actor: Actor, applicationId: string): Promise<EvidenceView[]> {
    await this.readableApplication(actor, applicationId);
    const all = await this.evidence.find({ where: { applicationId }, order: { itemCode: 'ASC', uploadedAt: 'ASC', id: 'ASC' } });
    const byId = new Map(all.map((e) => [e.id, e]));
    const predecessors = (evidence: Evidence): number => {
      let count = 0;
      for (let current = evidence.supersedesId; current !== null; current = byId.get(current)?.supersedesId ?? null) count += 1;
      return count;
    };
    const chainPosition = new Map(all.map((e) => [e.id, predecessors(e)]));
    const ordered = [...all].sort((a, b) => a.itemCode.localeCompare(b.itemCode) || chainPosition.get(a.id)! - chainPosition.get(b.id)!);
    const successorOf = new Map(all.filter((e) => e.supersedesId !== null).map((e) => [e.supersedesId, e.id]));
    return ordered.map((e) => toEvidenceView(e, successorOf.get(e.id) ?? null));
  }

  /** The exact bytes of one version, to whoever may read the application's evidence; anyone else gets a not found. */
  async content(actor: Actor, applicationId: string, evidenceId: string): Promise<EvidenceContent> {
    await this.readableApplication(actor, applicationId);
    const evidence = await this.evidence.findOneBy({ id: evidenceId, applicationId });
    const blob = evidence ? await this.blobs.get(evidence.blobSha256) : null;
    if (!evidence || !blob) throw new NotFoundError('Evidence');
    return { fileName: evidence.fileName, contentType: evidence.contentType, sha256: blob.sha256, bytes: blob.bytes };
  }

  private async readableApplication(actor: Actor, applicationId: string): Promise<Application> {
    const application = await this.txHost.tx.getRepository(Application).findOneBy({ id: applicationId });
    const assignedAuditorId = application && actor.role === 'auditor' ? await this.assignedAuditors.of(applicationId) : null;
    if (!application || !mayReadEvidence(actor, { firmId: application.firmId, assignedAuditorId })) throw new NotFoundError('Application');
    return application;
  }

  private async assertSupersedable(applicationId: string, itemCode: string, supersedesId: string): Promise<void> {
    const earlier = await this.evidence.findOneBy({ id: supersedesId });
    if (!earlier || earlier.applicationId !== applicationId || earlier.itemCode !== itemCode) throw new SupersededEvidenceMismatchError();
    if (await this.evidence.existsBy({ supersedesId })) throw new EvidenceAlreadySupersededError();
  }
}
