export { SurveillancePlan, SurveillancePlanEntry } from './surveillance-plan.entity';
export { PlanYearRefusedError, SurveillancePlanExistsError } from './surveillance.errors';
export { SurveillanceModule } from './surveillance.module';
export { type CreatePlanInput, type DrawExplanationView, type PlanEntryView, type SurveillancePlanView, type SurveillancePlanWithEntries, SurveillancePlansService } from './surveillance-plans.service';
export { DEFAULT_RISK_WEIGHTS, drawSample, randomUnit, RISK_FACTORS, type RiskFactor, type RiskFactors, type RiskPoints, type RiskWeights, riskWeight } from './surveillance-rules';

import { SurveillancePlan, SurveillancePlanEntry } from './surveillance-plan.entity';
export const SURVEILLANCE_ENTITIES = [SurveillancePlan, SurveillancePlanEntry];
