import type { AnswerView, ApplicationView, EvidenceView } from '@app/applications';
import type { ChecklistItemView } from '@app/checklist';
import type { FirmView, OperatingSiteView } from '@app/firms';
import type { SanctionCriterionView, SanctionView } from '@app/sanctions';
import type { ApprovalBlockers, AuditStatus, FindingSeverity, ItemResult, Verdict } from './audit-lifecycle';
import type { AuditFinding } from './audit-finding.entity';
import type { AuditItemResult } from './audit-item-result.entity';
import type { Audit } from './audit.entity';
import type { CorrectiveAction, CorrectiveActionDocument } from './corrective-action.entity';
import { type CorrectiveActionState, isOverdue } from './corrective-action-rules';
import type { InformationRequest } from './information-request.entity';

/** An audit in lists and queues. */
export interface AuditSummary {
  readonly id: string;
  readonly applicationId: string;
  readonly firmId: string;
  readonly firmName: string;
  readonly checklistVersionId: string;
  readonly checklistVersion: string;
  readonly auditorId: string;
  readonly auditorName: string;
  readonly status: AuditStatus;
  readonly proposedOutcome: Verdict | null;
  readonly proposedAt: Date | null;
  readonly assignedAt: Date;
  readonly decidedAt: Date | null;
  readonly openInformationRequests: number;
}

export interface AuditPage {
  readonly items: AuditSummary[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface ItemResultView {
  readonly itemCode: string;
  readonly result: ItemResult;
  /** Internal: staff see it, the firm does not. */
  readonly note: string;
  readonly evidenceIds: string[];
  readonly recordedById: string;
  readonly recordedAt: Date;
}

export interface CorrectiveActionDocumentView {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly uploadedAt: Date;
}

/** Where the corrective action stands: due date, the firm's latest answer, the auditor's latest review. */
export interface FollowUpView {
  /** Rome day, YYYY-MM-DD. */
  readonly dueOn: string;
  readonly state: CorrectiveActionState;
  /** Not accepted and past its due date (Rome days). */
  readonly overdue: boolean;
  readonly answer: string | null;
  readonly answeredAt: Date | null;
  readonly reviewReason: string | null;
  readonly reviewedAt: Date | null;
  readonly documents: CorrectiveActionDocumentView[];
}

export interface FindingView {
  readonly id: string;
  readonly itemCode: string | null;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly correctiveAction: string;
  readonly raisedAt: Date;
  readonly followUp: FollowUpView;
}

/** A finding with its follow-up and the audit and firm it belongs to: the lists of corrective actions. */
export interface CorrectiveActionView extends FindingView {
  readonly auditId: string;
  readonly applicationId: string;
  readonly firmId: string;
  readonly firmName: string;
}

export interface InformationRequestView {
  readonly id: string;
  readonly itemCode: string | null;
  readonly question: string;
  readonly askedAt: Date;
  readonly answer: string | null;
  readonly answeredAt: Date | null;
  /** Evidence the firm uploaded in answer. */
  readonly evidenceIds: string[];
}

/** One checklist item on the audit screen: the question, the firm's answer and evidence, the auditor's result. */
export interface AuditScreenItem {
  readonly item: ChecklistItemView;
  readonly answer: AnswerView | null;
  /** Every version the firm attached to this item; null when the reader may not see the firm's evidence. */
  readonly evidence: EvidenceView[] | null;
  readonly result: ItemResultView | null;
}

/** What the auditor and the reviewer work from; the decisions library adds the decision, once taken. */
export interface AuditScreen {
  readonly audit: AuditSummary & { readonly proposalReasons: string | null };
  readonly application: ApplicationView;
  readonly firm: FirmView;
  /** Open and closed sites; those outside the EU are flagged (`outsideEu`). */
  readonly operatingSites: OperatingSiteView[];
  readonly items: AuditScreenItem[];
  readonly findings: FindingView[];
  readonly informationRequests: InformationRequestView[];
  /** Criterion 3 as of now (the decision re-evaluates it on its own day). */
  readonly sanctionCriterion: SanctionCriterionView;
  /** What would stop an approval now. */
  readonly approvalBlockers: ApprovalBlockers<SanctionView>;
}

/**
 * What the firm sees of its audit: the questions put to it and the non-conformities with the
 * corrective actions it must take (the decisions library adds the outcome and its reasons). Not
 * shown: the auditor's per-item results and working notes, and the proposal, which the reviewer may overrule.
 */
export interface FirmAuditView {
  readonly id: string;
  readonly applicationId: string;
  readonly status: AuditStatus;
  readonly checklistVersion: string;
  readonly assignedAt: Date;
  readonly informationRequests: InformationRequestView[];
  readonly findings: FindingView[];
}

export function toItemResultView(result: AuditItemResult, evidenceIds: readonly string[]): ItemResultView {
  return { itemCode: result.itemCode, result: result.result, note: result.note, evidenceIds: [...evidenceIds], recordedById: result.recordedById, recordedAt: result.recordedAt };
}

export function toDocumentView(document: CorrectiveActionDocument): CorrectiveActionDocumentView {
  return { id: document.id, fileName: document.fileName, contentType: document.contentType, sizeBytes: document.sizeBytes, uploadedAt: document.uploadedAt };
}

export function toFollowUpView(action: CorrectiveAction, severity: FindingSeverity, documents: readonly CorrectiveActionDocument[], today: string): FollowUpView {
  return {
    dueOn: action.dueOn,
    state: action.state,
    overdue: isOverdue({ severity, state: action.state, dueOn: action.dueOn }, today),
    answer: action.answer,
    answeredAt: action.answeredAt,
    reviewReason: action.reviewReason,
    reviewedAt: action.reviewedAt,
    documents: documents.map(toDocumentView),
  };
}

export function toFindingView(finding: AuditFinding, followUp: FollowUpView): FindingView {
  return { id: finding.id, itemCode: finding.itemCode, severity: finding.severity, description: finding.description, correctiveAction: finding.correctiveAction, raisedAt: finding.raisedAt, followUp };
}

export function toInformationRequestView(request: InformationRequest, evidenceIds: readonly string[]): InformationRequestView {
  return {
    id: request.id,
    itemCode: request.itemCode,
    question: request.question,
    askedAt: request.askedAt,
    answer: request.answer,
    answeredAt: request.answeredAt,
    evidenceIds: [...evidenceIds],
  };
}

/** What the history records of an audit's state. */
export function auditState(audit: Audit): Record<string, unknown> {
  return { status: audit.status, proposedOutcome: audit.proposedOutcome, proposalReasons: audit.proposalReasons };
}
