import { EvidenceService, EvidenceUpload, EvidenceView } from '@app/applications';
import { ChecklistItemView } from '@app/checklist';
import { Actor, Clock, romeCalendarDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { SanctionsService } from '@app/sanctions';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { isAssignedAuditor, isAuditedFirm } from './audit-access';
import { approvalIsPossible, AUDIT_WORKING_STATUSES, FindingSeverity, ItemResult, itemResultProblem, Verdict } from './audit-lifecycle';
import { AuditFinding } from './audit-finding.entity';
import { AuditItemEvidence } from './audit-item-evidence.entity';
import { AuditItemResult } from './audit-item-result.entity';
import { AuditRecords, AuditStatusEvent } from './audit-records';
import { Audit } from './audit.entity';
import { auditState, FindingView, InformationRequestView, ItemResultView, toFindingView, toInformationRequestView, toItemResultView } from './audit.view';
import {
  ApprovalBlockedError,
  AuditLockedError,
  AuditNotFoundError,
  AuditNotInProgressError,
  AwaitingFirmError,
  ComputedAuditItemError,
  EvidenceNeededError,
  ForeignEvidenceError,
  InformationRequestAnsweredError,
  InvalidDueDateError,
  InformationRequestNotFoundError,
  NoProposalError,
  ReasonsRequiredError,
  UnknownAuditItemError,
} from './audits.errors';
import { CorrectiveAction } from './corrective-action.entity';
import { correctiveActionDueOn } from './corrective-action-rules';
import { InformationRequestEvidence } from './information-request-evidence.entity';
import { InformationRequest } from './information-request.entity';

export interface ItemResultInput {
  readonly result: ItemResult;
  readonly note: string;
  readonly evidenceIds: readonly string[];
}

export interface FindingInput {
  readonly itemCode?: string | null;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly correctiveAction: string;
  /** Rome day (YYYY-MM-DD) by which the corrective action is to be accepted; a month from today when absent. */
  readonly dueOn?: string | null;
}

export interface InformationRequestInput {
  readonly itemCode?: string | null;
  readonly question: string;
}

export interface ProposalInput {
  readonly outcome: Verdict;
  readonly reasons?: string | null;
}

const blankToNull = (value: string | null | undefined): string | null => value?.trim() || null;

/**
 * The auditor's work on an audit (results, findings, questions, the proposal) and the firm's
 * answers. Each change locks the audit row first, so it queues behind a decision being taken and
 * then finds the audit locked.
 */
@Injectable()
export class AuditWorkService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly records: AuditRecords,
    private readonly evidence: EvidenceService,
    private readonly sanctions: SanctionsService,
    private readonly clock: Clock,
  ) {}

  /** Records (or replaces) the result on one declared item, with the firm's evidence it rests on. */
  @Transactional()
  async recordItemResult(actor: Actor, auditId: string, itemCode: string, input: ItemResultInput): Promise<ItemResultView> {
    const audit = await this.lockForWork(actor, auditId);
    const item = await this.itemOf(audit, itemCode);
    const evidenceIds = [...new Set(input.evidenceIds)];
    await this.assertEvidenceOfApplication(audit, evidenceIds);
    switch (itemResultProblem(item, input.result, evidenceIds.length)) {
      case 'computed_item':
        throw new ComputedAuditItemError(itemCode);
      case 'evidence_needed':
        throw new EvidenceNeededError(itemCode);
      case null:
        break;
    }

    const results = this.txHost.tx.getRepository(AuditItemResult);
    const links = this.txHost.tx.getRepository(AuditItemEvidence);
    const existing = await results.findOneBy({ auditId, itemCode });
    const before = existing ? toItemResultView(existing, (await links.findBy({ auditItemResultId: existing.id })).map((l) => l.evidenceId)) : undefined;
    const saved = await results.save(
      results.merge(existing ?? results.create({ auditId, itemCode }), { result: input.result, note: input.note.trim(), recordedById: actor.userId, recordedAt: this.clock.now() }),
    );
    if (existing) await links.delete({ auditItemResultId: saved.id });
    if (evidenceIds.length > 0) await links.insert(evidenceIds.map((evidenceId) => ({ auditItemResultId: saved.id, evidenceId })));
    const after = toItemResultView(saved, evidenceIds);
    await this.history.record(actor, { action: 'audit.item_recorded', entityType: 'audit', entityId: auditId, before, after });
    return after;
  }

  /**
   * Raises a non-conformity, with the corrective action the firm must take by its due date (today
   * or later, 422 otherwise); the firm sees it and follows it up (`CorrectiveActionsService`).
   */
  @Transactional()
  async raiseFinding(actor: Actor, auditId: string, input: FindingInput): Promise<FindingView> {
    const audit = await this.lockForWork(actor, auditId);
    const itemCode = blankToNull(input.itemCode);
    if (itemCode !== null) await this.itemOf(audit, itemCode);
    const due = correctiveActionDueOn(input.dueOn, romeCalendarDate(this.clock.now()));
    if (!due.ok) throw new InvalidDueDateError(due.problem, input.dueOn ?? '');
    const findings = this.txHost.tx.getRepository(AuditFinding);
    const finding = await findings.save(
      findings.create({
        auditId,
        itemCode,
        severity: input.severity,
        description: input.description.trim(),
        correctiveAction: input.correctiveAction.trim(),
        raisedById: actor.userId,
        raisedAt: this.clock.now(),
      }),
    );
    await this.txHost.tx.getRepository(CorrectiveAction).insert({ findingId: finding.id, dueOn: due.dueOn, state: 'open', createdAt: finding.raisedAt });
    const view = toFindingView(finding, (await this.records.followUpsOf([finding])).get(finding.id)!);
    await this.history.record(actor, { action: 'audit.finding_raised', entityType: 'audit', entityId: auditId, after: view });
    return view;
  }

  /** Asks the firm for more information; the audit waits for the firm until every question is answered. */
  @Transactional()
  async requestInformation(actor: Actor, auditId: string, input: InformationRequestInput): Promise<InformationRequestView> {
    const audit = await this.lockForWork(actor, auditId);
    const itemCode = blankToNull(input.itemCode);
    if (itemCode !== null) await this.itemOf(audit, itemCode);
    const requests = this.txHost.tx.getRepository(InformationRequest);
    const request = await requests.save(
      requests.create({ auditId, itemCode, question: input.question.trim(), askedById: actor.userId, askedAt: this.clock.now(), answer: null, answeredById: null, answeredAt: null }),
    );
    const view = toInformationRequestView(request, []);
    const event = { action: 'audit.information_requested', after: { request: view } };
    if (audit.status === 'awaiting_firm') await this.recordUnmoved(actor, audit, event);
    else await this.records.transition(actor, audit, 'awaiting_firm', event);
    return view;
  }

  /**
   * The firm adds a document in answer to an open question: it becomes evidence of the application
   * (on the item it names) and is listed with the question.
   */
  @Transactional()
  async attachEvidence(actor: Actor, auditId: string, requestId: string, itemCode: string, upload: EvidenceUpload): Promise<EvidenceView> {
    const { audit, request } = await this.lockOpenRequest(actor, auditId, requestId);
    const evidence = await this.evidence.uploadDuringAudit(actor, audit.applicationId, itemCode, upload);
    await this.txHost.tx.getRepository(InformationRequestEvidence).insert({ informationRequestId: request.id, evidenceId: evidence.id });
    await this.history.record(actor, { action: 'audit.information_evidence_added', entityType: 'audit', entityId: auditId, after: { requestId, evidenceId: evidence.id, itemCode } });
    return evidence;
  }

  /** The firm answers a question; once none is left open the audit resumes. */
  @Transactional()
  async answerInformationRequest(actor: Actor, auditId: string, requestId: string, answer: string): Promise<InformationRequestView> {
    const { audit, request } = await this.lockOpenRequest(actor, auditId, requestId);
    const requests = this.txHost.tx.getRepository(InformationRequest);
    const saved = await requests.save(requests.merge(request, { answer: answer.trim(), answeredById: actor.userId, answeredAt: this.clock.now() }));
    const evidenceIds = (await this.txHost.tx.getRepository(InformationRequestEvidence).findBy({ informationRequestId: requestId })).map((l) => l.evidenceId);
    const view = toInformationRequestView(saved, evidenceIds);
    const event = { action: 'audit.information_answered', after: { request: view } };
    if (await this.hasOpenRequests(auditId)) await this.recordUnmoved(actor, audit, event);
    else await this.records.transition(actor, audit, 'in_progress', event);
    return view;
  }

  /**
   * The auditor proposes approval or refusal. Approval is refused (422, naming every item and sanction)
   * while a blocking item is in major non-conformity, a required item has no result, or the sanctions
   * criterion fails today; a refusal needs reasons. Nothing changes while the audit waits for the firm.
   */
  @Transactional()
  async propose(actor: Actor, auditId: string, input: ProposalInput): Promise<void> {
    const audit = await this.lockAssigned(actor, auditId);
    if (audit.status === 'awaiting_firm') throw new AwaitingFirmError();
    if (audit.status !== 'in_progress') throw new AuditNotInProgressError(audit.status);
    const reasons = blankToNull(input.reasons);
    if (input.outcome === 'refuse' && reasons === null) throw new ReasonsRequiredError();
    if (input.outcome === 'approve') {
      const blockers = await this.records.approvalBlockers(audit, await this.sanctions.evaluateForFirm(audit.firmId, this.clock.now()));
      if (!approvalIsPossible(blockers)) throw new ApprovalBlockedError(blockers);
    }
    await this.records.transition(actor, audit, 'proposed', { action: 'audit.proposed', changes: { proposedOutcome: input.outcome, proposalReasons: reasons, proposedAt: this.clock.now() } });
  }

  /** The auditor takes a proposal back to change the audit before a reviewer decides. */
  @Transactional()
  async withdrawProposal(actor: Actor, auditId: string): Promise<void> {
    const audit = await this.lockAssigned(actor, auditId);
    if (audit.status === 'decided') throw new AuditLockedError();
    if (audit.status !== 'proposed') throw new NoProposalError(audit.status);
    await this.records.transition(actor, audit, 'in_progress', { action: 'audit.proposal_withdrawn', changes: { proposedOutcome: null, proposalReasons: null, proposedAt: null } });
  }

  private async lockAssigned(actor: Actor, auditId: string): Promise<Audit> {
    const audit = await this.records.lock(auditId);
    // Another auditor's audit is not found, as it is on the audit screen: its id is not confirmed.
    if (!isAssignedAuditor(actor, audit)) throw new AuditNotFoundError();
    return audit;
  }

  /** The audit, locked, for its auditor, while results, findings and questions may change. */
  private async lockForWork(actor: Actor, auditId: string): Promise<Audit> {
    const audit = await this.lockAssigned(actor, auditId);
    if (audit.status === 'decided') throw new AuditLockedError();
    if (!AUDIT_WORKING_STATUSES.includes(audit.status)) throw new AuditNotInProgressError(audit.status);
    return audit;
  }

  /** An open question of the audit, for the audited firm's users; anyone else is told neither exists. */
  private async lockOpenRequest(actor: Actor, auditId: string, requestId: string): Promise<{ audit: Audit; request: InformationRequest }> {
    const audit = await this.records.lock(auditId);
    if (!isAuditedFirm(actor, audit)) throw new AuditNotFoundError();
    const request = await this.txHost.tx.getRepository(InformationRequest).findOneBy({ id: requestId, auditId });
    if (!request) throw new InformationRequestNotFoundError();
    if (audit.status === 'decided') throw new AuditLockedError();
    if (request.answeredAt !== null) throw new InformationRequestAnsweredError();
    return { audit, request };
  }

  private async itemOf(audit: Audit, itemCode: string): Promise<ChecklistItemView> {
    const version = await this.records.checklistOf(audit);
    const item = version.items.find((candidate) => candidate.code === itemCode);
    if (!item) throw new UnknownAuditItemError(itemCode);
    return item;
  }

  private async assertEvidenceOfApplication(audit: Audit, evidenceIds: readonly string[]): Promise<void> {
    if (evidenceIds.length === 0) return;
    const rows = await this.txHost.tx.query<{ id: string }[]>(`SELECT id FROM evidence WHERE application_id = $1 AND id = ANY($2::uuid[])`, [audit.applicationId, evidenceIds]);
    const found = new Set(rows.map((row) => row.id));
    const foreign = evidenceIds.filter((id) => !found.has(id));
    if (foreign.length > 0) throw new ForeignEvidenceError(foreign);
  }

  private async hasOpenRequests(auditId: string): Promise<boolean> {
    const [row] = await this.txHost.tx.query<{ open: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM audit_information_request WHERE audit_id = $1 AND answered_at IS NULL) AS open`,
      [auditId],
    );
    return row.open;
  }

  /** A question asked or answered that leaves the status as it is: the same history event, without a transition. */
  private async recordUnmoved(actor: Actor, audit: Audit, event: AuditStatusEvent): Promise<void> {
    const state = auditState(audit);
    await this.history.record(actor, { action: event.action, entityType: 'audit', entityId: audit.id, before: state, after: { ...state, ...event.after } });
  }
}
