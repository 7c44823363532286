/**
 * The reviewer's decision on a proposed audit, and the rating an approval issues: above both audits
 * and ratings, so that neither imports the other (see "How it is built" in the README).
 */
export { AuditDecision } from './audit-decision.entity';
export { AuditDecisionsService } from './audit-decisions.service';
export type { DecisionInput, StandingRefusal } from './audit-decisions.service';
export type { AuditScreenWithDecision, DecisionResult, DecisionView, FirmAuditViewWithDecision, FirmDecisionView } from './decision.view';
export { DecisionsModule } from './decisions.module';

import { AuditDecision } from './audit-decision.entity';
export const DECISIONS_ENTITIES = [AuditDecision];
