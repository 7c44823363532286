import { addCalendarDays, addCalendarMonths, romeCalendarDate, romeDayStart } from '@app/core';
import { effectiveRatingStatus, RatingClock, ratingValidUntil } from './rating-lifecycle';

/** When a new rating's certificate period runs, and whether it continues the firm's previous rating. */
export interface RatingPeriod {
  readonly validFrom: Date;
  readonly validUntil: Date;
  /** True when the previous rating was still current at the decision: the new one takes over without a gap. */
  readonly continues: boolean;
}

/**
 * The period of a rating decided at `decidedAt`, given the firm's current rating (if any).
 *
 * A rating's days are Rome days and its last day is the day of its `validUntil` (what every surface
 * prints as "valido fino al"). Renewed while the previous rating is still current (active or suspended,
 * time applied), the new period starts at the beginning of the day after the previous one's last day
 * and its last day is the day before the same date `months` later: ratings that continue each other
 * tile the calendar with neither gap nor overlap. Otherwise (first rating, or renewed after the previous
 * one expired) the period starts at the decision and runs `months` months, as a first issue always has.
 */
export function ratingPeriod(previous: RatingClock | null, decidedAt: Date, months: number): RatingPeriod {
  const previousStatus = previous === null ? null : effectiveRatingStatus(previous, decidedAt);
  if (previous === null || (previousStatus !== 'active' && previousStatus !== 'suspended')) {
    return { validFrom: decidedAt, validUntil: ratingValidUntil(decidedAt, months), continues: false };
  }
  const firstDay = addCalendarDays(romeCalendarDate(previous.validUntil), 1);
  const dayAfterLast = addCalendarMonths(firstDay, months);
  return { validFrom: romeDayStart(firstDay), validUntil: new Date(romeDayStart(dayAfterLast).getTime() - 1), continues: true };
}

/** The first Rome day on which a firm may open the renewal of a rating valid until `validUntil`. */
export function renewalOpensOn(validUntil: Date, windowDays: number): string {
  return addCalendarDays(romeCalendarDate(validUntil), -windowDays);
}

export type RenewalRefusal = 'not_current' | 'too_early';

export interface RenewableRating extends RatingClock {
  readonly supersededById: string | null;
}

/**
 * Whether the firm may open a renewal of this rating now: from `windowDays` Rome days before its last
 * day, while it is active or suspended, and also once it has simply expired (the renewal then starts on
 * its decision day). A revoked rating, or one already replaced by a renewal, is not renewed.
 */
export function renewalRefusal(rating: RenewableRating, now: Date, windowDays: number): RenewalRefusal | null {
  const status = effectiveRatingStatus(rating, now);
  if (status === 'revoked' || rating.supersededById !== null) return 'not_current';
  if (status === 'expired') return null;
  return romeCalendarDate(now) < renewalOpensOn(rating.validUntil, windowDays) ? 'too_early' : null;
}
