import { compareIsoDates, IsoDate, romeCalendarDate, subtractYears } from '@app/core';
import { COUNTING_CONDUCTS, SanctionConduct } from './sanction.vocabulary';

/** The "biennio precedente il rilascio del rating". */
export const SANCTION_WINDOW_YEARS = 2;

/** What the sanction rule needs to know about one sanction. */
export interface SanctionFacts {
  readonly conductCategory: SanctionConduct;
  /** The day the sanction became definitive; null while it is under appeal. */
  readonly definitiveOn: IsoDate | null;
  readonly annulled: boolean;
}

/** The period (after, through]: `after` itself is outside, `through` (the decision day) inside. */
export interface SanctionWindow {
  readonly after: IsoDate;
  readonly through: IsoDate;
}

/**
 * Why a sanction that does not disqualify is still shown to the reviewer:
 * - `under_appeal`: not definitive yet (it will count if it becomes definitive while it matters);
 * - `unrelated_conduct`: the conduct is neither a data violation nor harmful to customers;
 * - `definitive_after_decision`: it became definitive after the decision day, so it did not exist
 *   as a definitive sanction for that decision (this happens when re-checking a past decision, and
 *   for an active rating it is a reason for a revocation review, not for refusing the rating).
 */
export type SanctionWarningReason = 'under_appeal' | 'unrelated_conduct' | 'definitive_after_decision';

export interface SanctionWarning<S> {
  readonly sanction: S;
  readonly reason: SanctionWarningReason;
}

export interface SanctionCriterionResult<S> {
  /** True when no sanction disqualifies the firm. */
  readonly passed: boolean;
  /** The decision day: the calendar date in Rome of the decision instant. */
  readonly decisionDay: IsoDate;
  readonly window: SanctionWindow;
  readonly counting: S[];
  readonly warnings: SanctionWarning<S>[];
}

/** The two years before the decision day, counted in calendar days: (D - 2 years, D]. */
export function sanctionWindow(decisionDay: IsoDate): SanctionWindow {
  return { after: subtractYears(decisionDay, SANCTION_WINDOW_YEARS), through: decisionDay };
}

export function isInWindow(day: IsoDate, window: SanctionWindow): boolean {
  return compareIsoDates(day, window.after) > 0 && compareIsoDates(day, window.through) <= 0;
}

/**
 * Criterion 3 of the checklist. On the decision day D (the date in Rome of `decisionInstant`) a
 * sanction disqualifies when it is not annulled, its conduct counts, and it became definitive in
 * (D - 2 years, D]; 29 February minus two years is 28 February. Annulled sanctions and sanctions that
 * became definitive before the window are ignored; every other sanction that does not disqualify
 * comes back as a warning with its reason, one reason per sanction.
 */
export function evaluateSanctionCriterion<S extends SanctionFacts>(sanctions: readonly S[], decisionInstant: Date): SanctionCriterionResult<S> {
  const decisionDay = romeCalendarDate(decisionInstant);
  const window = sanctionWindow(decisionDay);
  const counting: S[] = [];
  const warnings: SanctionWarning<S>[] = [];

  for (const sanction of sanctions) {
    if (sanction.annulled) continue;
    const { definitiveOn } = sanction;
    if (definitiveOn !== null && compareIsoDates(definitiveOn, window.after) <= 0) continue;
    if (!COUNTING_CONDUCTS.includes(sanction.conductCategory)) {
      warnings.push({ sanction, reason: 'unrelated_conduct' });
    } else if (definitiveOn === null) {
      warnings.push({ sanction, reason: 'under_appeal' });
    } else if (compareIsoDates(definitiveOn, window.through) > 0) {
      warnings.push({ sanction, reason: 'definitive_after_decision' });
    } else {
      counting.push(sanction);
    }
  }
  return { passed: counting.length === 0, decisionDay, window, counting, warnings };
}
