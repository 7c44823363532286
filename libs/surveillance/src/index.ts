export { DueChecksScheduler, type DueChecksRun } from './due-checks.scheduler';
export { SurveillanceCheck } from './surveillance-check.entity';
export { SurveillancePlan, SurveillancePlanEntry } from './surveillance-plan.entity';
export {
  CheckAlreadyOpenedError,
  ItemsWithoutResultError,
  NotAnAuditorError,
  NotDrawnError,
  PlanYearRefusedError,
  PublicNoteRequiredError,
  RatingNotCurrentError,
  ScheduledDateInvalidError,
  ScheduledDatePastError,
  SurveillancePlanExistsError,
} from './surveillance.errors';
export { CHECK_CANCELLATION_REASONS, CHECK_ITEM_RESULTS, CHECK_OUTCOMES, CHECK_STATUSES, type CheckCancellationReason, FINDING_SEVERITIES, type FindingSeverity, type CheckItemResult, type CheckKind, type CheckOutcome, type CheckStatus } from './surveillance-check-rules';
export { type AnnouncedCheckView, type CheckDecisionInput, type DueCheckStep, type CheckFindingView, type FirmCheckFindingView, type RaiseFindingInput, type OpenCheckInput, type SurveillanceCheckView, SurveillanceChecksService } from './surveillance-checks.service';
export { SurveillanceModule } from './surveillance.module';
export { type CreatePlanInput, type DrawExplanationView, type PlanEntryView, type SurveillancePlanView, type SurveillancePlanWithEntries, SurveillancePlansService } from './surveillance-plans.service';
export { DEFAULT_RISK_WEIGHTS, drawSample, randomUnit, RISK_FACTORS, type RiskFactor, type RiskFactors, type RiskPoints, type RiskWeights, riskWeight } from './surveillance-rules';

import { SurveillanceCheck, SurveillanceCheckFinding, SurveillanceCheckItem } from './surveillance-check.entity';
import { SurveillancePlan, SurveillancePlanEntry } from './surveillance-plan.entity';
export const SURVEILLANCE_ENTITIES = [SurveillancePlan, SurveillancePlanEntry, SurveillanceCheck, SurveillanceCheckItem, SurveillanceCheckFinding];
