import { ChecklistService, ChecklistVersionView } from '@app/checklist';
import { AnyActor, assertTransition, Clock, romeCalendarDate, type Transitions } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import type { SanctionCriterionView, SanctionView } from '@app/sanctions';
import { HistoryService } from '@app/history';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { approvalBlockers, ApprovalBlockers, AUDIT_TRANSITIONS, AuditStatus, ItemResult } from './audit-lifecycle';
import { AuditFinding } from './audit-finding.entity';
import { AuditItemResult } from './audit-item-result.entity';
import { Audit } from './audit.entity';
import { AuditNotFoundError } from './audits.errors';
import { auditState, FindingView, FollowUpView, InformationRequestView, ItemResultView, toFindingView, toFollowUpView, toInformationRequestView, toItemResultView } from './audit.view';
import { CorrectiveAction, CorrectiveActionDocument } from './corrective-action.entity';
import { InformationRequest } from './information-request.entity';

/** A change of an audit's status as its history records it. */
export interface AuditStatusEvent {
  readonly action: string;
  /** The other columns that change with the status. */
  readonly changes?: Partial<Pick<Audit, 'proposedOutcome' | 'proposalReasons' | 'proposedAt' | 'decidedAt'>>;
  /** What the event records beyond the audit's state. */
  readonly after?: Record<string, unknown>;
}

/** What the audit services share: the audit row (locked when changing it) and everything recorded in it. */
@Injectable()
export class AuditRecords {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly checklist: ChecklistService,
    private readonly clock: Clock,
    private readonly history: HistoryService,
  ) {}

  get audits() {
    return this.txHost.tx.getRepository(Audit);
  }

  async find(auditId: string): Promise<Audit> {
    const audit = await this.audits.findOneBy({ id: auditId });
    if (!audit) throw new AuditNotFoundError();
    return audit;
  }

  /** The audit, locked until the transaction ends: changes to one audit queue behind each other and see each other's result. */
  async lock(auditId: string): Promise<Audit> {
    const audit = await this.audits.findOne({ where: { id: auditId }, lock: { mode: 'pessimistic_write' } });
    if (!audit) throw new AuditNotFoundError();
    return audit;
  }

  /**
   * The one way an audit's status changes: the step is checked against `allowed` (the ordinary
   * `AUDIT_TRANSITIONS` unless the caller names the exceptional one it is entitled to), the locked audit
   * saved with `changes`, and the history event written in the same transaction, its `after` being the
   * audit's new state plus what the event adds.
   */
  async transition(actor: AnyActor, audit: Audit, to: AuditStatus, event: AuditStatusEvent, allowed: Transitions<AuditStatus> = AUDIT_TRANSITIONS): Promise<void> {
    assertTransition('Audit', allowed, audit.status, to);
    const before = auditState(audit);
    Object.assign(audit, event.changes, { status: to });
    await this.audits.save(audit);
    await this.history.record(actor, { action: event.action, entityType: 'audit', entityId: audit.id, before, after: { ...auditState(audit), ...event.after } });
  }

  /** The version the audit started with, even when a newer one is current. */
  checklistOf(audit: Audit): Promise<ChecklistVersionView> {
    return this.checklist.getVersion(audit.checklistVersionId);
  }

  async resultsOf(auditId: string): Promise<Map<string, ItemResultView>> {
    const results = await this.txHost.tx.getRepository(AuditItemResult).find({ where: { auditId }, order: { itemCode: 'ASC' } });
    const links = await this.txHost.tx.query<{ audit_item_result_id: string; evidence_id: string }[]>(
      `SELECT l.audit_item_result_id, l.evidence_id
       FROM audit_item_evidence l JOIN audit_item_result r ON r.id = l.audit_item_result_id JOIN evidence e ON e.id = l.evidence_id
       WHERE r.audit_id = $1 ORDER BY e.uploaded_at, e.id`,
      [auditId],
    );
    return new Map(results.map((result) => [result.itemCode, toItemResultView(result, links.filter((l) => l.audit_item_result_id === result.id).map((l) => l.evidence_id))]));
  }

  async findingsOf(auditId: string): Promise<FindingView[]> {
    const findings = await this.txHost.tx.getRepository(AuditFinding).find({ where: { auditId }, order: { raisedAt: 'ASC', id: 'ASC' } });
    const followUps = await this.followUpsOf(findings);
    return findings.map((finding) => toFindingView(finding, followUps.get(finding.id)!));
  }

  /** The follow-up of each finding (every finding has one, written with it), by finding id. */
  async followUpsOf(findings: readonly Pick<AuditFinding, 'id' | 'severity'>[]): Promise<Map<string, FollowUpView>> {
    const ids = findings.map((finding) => finding.id);
    if (ids.length === 0) return new Map();
    const actions = await this.txHost.tx.getRepository(CorrectiveAction).findBy({ findingId: In(ids) });
    const documents = await this.txHost.tx.getRepository(CorrectiveActionDocument).find({ where: { findingId: In(ids) }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const today = romeCalendarDate(this.clock.now());
    const severities = new Map(findings.map((finding) => [finding.id, finding.severity]));
    return new Map(
      actions.map((action) => [action.findingId, toFollowUpView(action, severities.get(action.findingId)!, documents.filter((document) => document.findingId === action.findingId), today)]),
    );
  }

  async informationRequestsOf(auditId: string): Promise<InformationRequestView[]> {
    const requests = await this.txHost.tx.getRepository(InformationRequest).find({ where: { auditId }, order: { askedAt: 'ASC', id: 'ASC' } });
    const links = await this.txHost.tx.query<{ information_request_id: string; evidence_id: string }[]>(
      `SELECT l.information_request_id, l.evidence_id
       FROM audit_information_evidence l JOIN audit_information_request r ON r.id = l.information_request_id JOIN evidence e ON e.id = l.evidence_id
       WHERE r.audit_id = $1 ORDER BY e.uploaded_at, e.id`,
      [auditId],
    );
    return requests.map((request) => toInformationRequestView(request, links.filter((l) => l.information_request_id === request.id).map((l) => l.evidence_id)));
  }

  /** What would stop an approval given the recorded results and the sanctions criterion. */
  async approvalBlockers(audit: Audit, criterion: SanctionCriterionView): Promise<ApprovalBlockers<SanctionView>> {
    const version = await this.checklistOf(audit);
    const results = await this.resultsOf(audit.id);
    const recorded = new Map<string, ItemResult>([...results].map(([code, view]) => [code, view.result]));
    return approvalBlockers(version.items, recorded, criterion);
  }
}
