import { ConflictError, DomainError, NotFoundError, UnprocessableError } from '@app/core';
import type { ApprovalBlockers } from './audit-lifecycle';

export class AuditNotFoundError extends NotFoundError {
  constructor() {
    super('Audit');
  }
}

export class InformationRequestNotFoundError extends NotFoundError {
  constructor() {
    super('Information request');
  }
}

export class NotAnAuditorError extends UnprocessableError {
  constructor(userId: string) {
    super('not_an_auditor', 'Audits are assigned to enabled auditor accounts only', { auditorId: userId });
  }
}

export class AuditorInFirmError extends UnprocessableError {
  constructor(userId: string) {
    super('auditor_in_firm', 'The auditor belongs to the firm that applied and cannot audit it', { auditorId: userId });
  }
}

export class AuditExistsError extends ConflictError {
  constructor() {
    super('audit_exists', 'This application already has an audit');
  }
}

export class AuditLockedError extends ConflictError {
  constructor() {
    super('audit_decided', 'The audit is decided: nothing about it changes any more');
  }
}

export class AuditNotInProgressError extends ConflictError {
  constructor(status: string) {
    super('audit_not_in_progress', `The audit is ${status.replace('_', ' ')}: withdraw the proposal before changing results, findings or questions`, { status });
  }
}

export class AuditNotProposedError extends ConflictError {
  constructor(status: string) {
    super('audit_not_proposed', `The audit is ${status.replace('_', ' ')}: a reviewer decides only on a proposed outcome`, { status });
  }
}

export class NoProposalError extends ConflictError {
  constructor(status: string) {
    super('no_proposal', `The audit is ${status.replace('_', ' ')}: there is no proposal to withdraw`, { status });
  }
}

export class AwaitingFirmError extends ConflictError {
  constructor() {
    super('awaiting_firm', 'The firm has not answered every information request yet: an outcome can be proposed once it has');
  }
}

export class UnknownAuditItemError extends UnprocessableError {
  constructor(itemCode: string) {
    super('unknown_checklist_item', `${itemCode} is not an item of this audit's checklist version`, { itemCode });
  }
}

export class ComputedAuditItemError extends UnprocessableError {
  constructor(itemCode: string) {
    super('computed_checklist_item', `${itemCode} is evaluated by the platform from the sanctions register: no result is recorded on it`, { itemCode });
  }
}

export class EvidenceNeededError extends UnprocessableError {
  constructor(itemCode: string) {
    super('evidence_needed', `${itemCode} needs evidence: link the firm's evidence that shows it is met`, { itemCode });
  }
}

export class ForeignEvidenceError extends UnprocessableError {
  constructor(evidenceIds: readonly string[]) {
    super('unknown_evidence', `Not evidence of the audited application: ${evidenceIds.join(', ')}`, { evidenceIds });
  }
}

export class ReasonsRequiredError extends UnprocessableError {
  constructor() {
    super('reasons_required', 'A refusal needs its reasons: the firm reads them');
  }
}

export class InformationRequestAnsweredError extends ConflictError {
  constructor() {
    super('information_request_answered', 'This information request has already been answered');
  }
}

const FOUR_EYES_MESSAGES = {
  auditor: 'You ran this audit: another reviewer must decide on it',
  firm_member: 'You belong to the audited firm: you cannot decide on it',
  prior_decider: 'You decided on this audit before its decision was annulled on appeal: another reviewer must decide on it',
};

/** Four-eyes: the decider neither ran the audit nor belongs to the firm, nor decided it before (a decision annulled on appeal). */
export class FourEyesError extends DomainError {
  constructor(reason: 'auditor' | 'firm_member' | 'prior_decider') {
    super('forbidden', 'four_eyes', FOUR_EYES_MESSAGES[reason], { reason });
  }
}

export class AuditAlreadyDecidedError extends ConflictError {
  constructor() {
    super('audit_already_decided', 'This audit has already been decided');
  }
}

interface SanctionSummary {
  readonly id: string;
  readonly authority: string;
  readonly reference: string;
  readonly definitiveOn: string | null;
}

/** Everything that stands in the way, so the auditor or reviewer sees at once what to resolve. */
export class ApprovalBlockedError extends UnprocessableError {
  constructor(blockers: ApprovalBlockers<SanctionSummary>) {
    const reasons = [
      blockers.blockingMajorNonConformities.length > 0 ? `blocking items with a major non-conformity: ${blockers.blockingMajorNonConformities.join(', ')}` : null,
      blockers.missingResults.length > 0 ? `required items without a result: ${blockers.missingResults.join(', ')}` : null,
      blockers.disqualifyingSanctions.length > 0
        ? `definitive sanctions in the two years before the decision: ${blockers.disqualifyingSanctions.map((s) => `${s.authority} ${s.reference} (definitive ${s.definitiveOn ?? '?'})`).join('; ')}`
        : null,
    ].filter((reason): reason is string => reason !== null);
    super('approval_blocked', `Approval is not possible: ${reasons.join('; ')}`, {
      blockingMajorNonConformities: blockers.blockingMajorNonConformities,
      missingResults: blockers.missingResults,
      disqualifyingSanctions: blockers.disqualifyingSanctions.map((s) => ({ id: s.id, authority: s.authority, reference: s.reference, definitiveOn: s.definitiveOn })),
    });
  }
}

export class CorrectiveActionNotFoundError extends NotFoundError {
  constructor() {
    super('Corrective action');
  }
}

export class InvalidDueDateError extends UnprocessableError {
  constructor(problem: 'invalid_date' | 'past_date', dueOn: string) {
    super(
      problem === 'past_date' ? 'due_date_past' : 'due_date_invalid',
      problem === 'past_date' ? `The due date ${dueOn} has already passed: give today or a later day` : `${dueOn} is not a calendar date (YYYY-MM-DD)`,
      { field: 'dueOn', dueOn },
    );
  }
}

export class CorrectiveActionNotAwaitingFirmError extends ConflictError {
  constructor(state: string) {
    super('corrective_action_not_awaiting_firm', `The corrective action is ${state}: the firm answers it only while it is open or reopened`, { state });
  }
}

export class CorrectiveActionNotAnsweredError extends ConflictError {
  constructor(state: string) {
    super('corrective_action_not_answered', `The corrective action is ${state}: the auditor accepts or reopens it only once the firm has answered`, { state });
  }
}

export class TextRequiredError extends UnprocessableError {
  constructor(field: 'answer' | 'reason') {
    super(`${field}_required`, field === 'answer' ? 'The answer says what the firm did: it cannot be empty' : 'A reopened corrective action needs the reason: the firm reads it', { field });
  }
}
