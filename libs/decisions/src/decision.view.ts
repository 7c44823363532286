import type { ApplicationOutcome } from '@app/applications';
import type { AuditScreen, FirmAuditView } from '@app/audits';
import type { RatingView } from '@app/ratings';
import type { SanctionCriterionView } from '@app/sanctions';
import type { AuditDecision } from './audit-decision.entity';

export interface DecisionView {
  readonly outcome: ApplicationOutcome;
  readonly reasons: string | null;
  readonly decidedById: string;
  readonly decidedAt: Date;
  readonly ratingId: string | null;
  /** Criterion 3 as the reviewer saw it on the decision day. */
  readonly sanctionCriterion: SanctionCriterionView;
}

/** What the firm reads of the decision: the outcome and its reasons, not who decided or on what criterion. */
export type FirmDecisionView = Pick<DecisionView, 'outcome' | 'reasons' | 'decidedAt' | 'ratingId'>;

/** The audit screen the auditor and the reviewer work from, with the decision once taken. */
export interface AuditScreenWithDecision extends AuditScreen {
  readonly decision: DecisionView | null;
}

/** The firm's view of its audit, with the outcome and its reasons once decided. */
export interface FirmAuditViewWithDecision extends FirmAuditView {
  readonly decision: FirmDecisionView | null;
}

/** The outcome of a decision: the decision and, for an approval, the rating it issued. */
export interface DecisionResult {
  readonly auditId: string;
  readonly decision: DecisionView;
  readonly rating: RatingView | null;
}

export function toDecisionView(decision: AuditDecision): DecisionView {
  return {
    outcome: decision.outcome,
    reasons: decision.reasons,
    decidedById: decision.decidedById,
    decidedAt: decision.decidedAt,
    ratingId: decision.ratingId,
    sanctionCriterion: decision.sanctionCriterion,
  };
}
