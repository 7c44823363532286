import { compareIsoDates, isIsoDate, IsoDate, type Transitions } from '@app/core';
import type { SanctionFacts } from './sanction-window';
import { COUNTING_CONDUCTS, SanctionStatus } from './sanction.vocabulary';

/**
 * A sanction under appeal becomes definitive or is annulled; a definitive one can still be annulled
 * (e.g. revocation in self-protection or an extraordinary appeal); an annulled one is final.
 */
export const SANCTION_TRANSITIONS: Transitions<SanctionStatus> = {
  under_appeal: ['definitive', 'annulled'],
  definitive: ['annulled'],
  annulled: [],
};

/** True when the sanction disqualifies a firm whenever its definitive date falls in the window. */
export function countsAgainstSeal<S extends SanctionFacts>(sanction: S): sanction is S & { readonly definitiveOn: IsoDate } {
  return !sanction.annulled && sanction.definitiveOn !== null && COUNTING_CONDUCTS.includes(sanction.conductCategory);
}

/**
 * What is wrong with a sanction's dates, per field: real days, not in the future (a sanction is
 * recorded once it exists, and becomes definitive only once appeals are exhausted), and not
 * definitive before it was imposed.
 */
export function sanctionDateProblems(imposedOn: IsoDate, definitiveOn: IsoDate | null, today: IsoDate): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (!isIsoDate(imposedOn)) problems.imposedOn = ['imposedOn must be a calendar date (YYYY-MM-DD)'];
  else if (compareIsoDates(imposedOn, today) > 0) problems.imposedOn = [`imposedOn must not be after today (${today})`];
  if (definitiveOn !== null) {
    if (!isIsoDate(definitiveOn)) problems.definitiveOn = ['definitiveOn must be a calendar date (YYYY-MM-DD)'];
    else if (compareIsoDates(definitiveOn, today) > 0) problems.definitiveOn = [`definitiveOn must not be after today (${today})`];
    else if (isIsoDate(imposedOn) && compareIsoDates(definitiveOn, imposedOn) < 0) problems.definitiveOn = ['definitiveOn must not be before imposedOn'];
  }
  return problems;
}
