export { approvalIsPossible, AUDIT_STATUSES, AUDIT_WORKING_STATUSES, type AuditStatus, FINDING_SEVERITIES, type FindingSeverity, ITEM_RESULTS, type ItemResult, type Verdict, VERDICTS } from './audit-lifecycle';
export { type AuditFilter } from './audit-queries';
export { Audit } from './audit.entity';
export { type AuditPage, type AuditScreen, type FirmAuditView, type InformationRequestView } from './audit.view';
export { AuditWorkService } from './audit-work.service';
export { ApprovalBlockedError, AuditAlreadyDecidedError, AuditNotFoundError, AuditNotProposedError, AuditorInFirmError, AwaitingFirmError, ComputedAuditItemError, EvidenceNeededError, ForeignEvidenceError, FourEyesError, NotAnAuditorError, ReasonsRequiredError, UnknownAuditItemError } from './audits.errors';
export { AuditsModule } from './audits.module';
export { AuditsService } from './audits.service';
export { DecidableAuditsService } from './decidable-audits.service';

import { AuditFinding } from './audit-finding.entity';
import { AuditItemEvidence } from './audit-item-evidence.entity';
import { AuditItemResult } from './audit-item-result.entity';
import { Audit } from './audit.entity';
import { InformationRequestEvidence } from './information-request-evidence.entity';
import { InformationRequest } from './information-request.entity';
export const AUDITS_ENTITIES = [Audit, AuditItemResult, AuditItemEvidence, AuditFinding, InformationRequest, InformationRequestEvidence];
