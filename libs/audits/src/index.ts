export { approvalIsPossible, AUDIT_STATUSES, AUDIT_WORKING_STATUSES, type AuditStatus, FINDING_SEVERITIES, type FindingSeverity, ITEM_RESULTS, type ItemResult, type Verdict, VERDICTS } from './audit-lifecycle';
export { type AuditFilter } from './audit-queries';
export { Audit } from './audit.entity';
export { type AuditPage, type AuditScreen, type CorrectiveActionDocumentView, type CorrectiveActionView, type FindingView, type FirmAuditView, type FollowUpView, type InformationRequestView } from './audit.view';
export { AuditWorkService } from './audit-work.service';
export {
  ApprovalBlockedError,
  AuditAlreadyDecidedError,
  AuditNotFoundError,
  AuditNotProposedError,
  AuditorInFirmError,
  AwaitingFirmError,
  ComputedAuditItemError,
  CorrectiveActionNotAnsweredError,
  CorrectiveActionNotAwaitingFirmError,
  EvidenceNeededError,
  ForeignEvidenceError,
  FourEyesError,
  InvalidDueDateError,
  NotAnAuditorError,
  ReasonsRequiredError,
  TextRequiredError,
  UnknownAuditItemError,
} from './audits.errors';
export { AuditsModule } from './audits.module';
export { AuditsService } from './audits.service';
export { DecidableAuditsService } from './decidable-audits.service';
export { CORRECTIVE_ACTION_STATES, type CorrectiveActionState, correctiveActionDueOn, DEFAULT_CORRECTIVE_ACTION_DAYS, opensReviewTask } from './corrective-action-rules';
export { type CorrectiveActionFilter, CorrectiveActionsService, type OverdueFinding } from './corrective-actions.service';

import { AuditFinding } from './audit-finding.entity';
import { AuditItemEvidence } from './audit-item-evidence.entity';
import { AuditItemResult } from './audit-item-result.entity';
import { Audit } from './audit.entity';
import { CorrectiveAction, CorrectiveActionDocument } from './corrective-action.entity';
import { InformationRequestEvidence } from './information-request-evidence.entity';
import { InformationRequest } from './information-request.entity';
export const AUDITS_ENTITIES = [Audit, AuditItemResult, AuditItemEvidence, AuditFinding, InformationRequest, InformationRequestEvidence, CorrectiveAction, CorrectiveActionDocument];
