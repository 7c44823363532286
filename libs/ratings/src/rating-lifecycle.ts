import { addCalendarMonths, calendarDaysBetween, DAY_MS, romeCalendarDate, Transitions } from '@app/core';

export const RATING_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type RatingStatus = (typeof RATING_STATUSES)[number];

/** Revoked and expired are final: a firm that wants the seal again applies again. */
export const RATING_TRANSITIONS: Transitions<RatingStatus> = {
  active: ['suspended', 'revoked', 'expired'],
  suspended: ['active', 'revoked', 'expired'],
  revoked: [],
  expired: [],
};

/**
 * An upheld appeal reverses a suspension or a revocation: the one way out of `revoked`, outside the
 * transitions above because only an appeal panel's decision opens it (the database checks for one).
 */
export const RATING_REINSTATEMENT_ON_APPEAL: Transitions<RatingStatus> = { active: [], suspended: ['active'], revoked: ['active'], expired: [] };

/** A panel that stays a revocation while it hears the appeal turns it into a suspension (the database checks for the stay). */
export const RATING_STAY_ON_APPEAL: Transitions<RatingStatus> = { active: [], suspended: [], revoked: ['suspended'], expired: [] };

export const REVOCATION_REASONS = [
  'irregularities',
  'new_definitive_sanction',
  'false_declarations',
  'failed_surveillance',
  'firm_request',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface RatingClock {
  readonly status: RatingStatus;
  readonly validUntil: Date;
  readonly suspensionDeadline: Date | null;
}

/**
 * The status a reader must see at `now`, whether or not a job has recorded it yet: a rating past
 * its validity is expired, and a suspension past its deadline has become a revocation.
 */
export function effectiveRatingStatus(rating: RatingClock, now: Date): RatingStatus {
  if (rating.status === 'suspended' && rating.suspensionDeadline !== null && rating.suspensionDeadline <= now) {
    return rating.validUntil <= rating.suspensionDeadline ? 'expired' : 'revoked';
  }
  if ((rating.status === 'active' || rating.status === 'suspended') && rating.validUntil <= now) return 'expired';
  return rating.status;
}

/** The public note recorded when a suspension runs out without reinstatement. */
export const LAPSED_SUSPENSION_NOTE = 'Sospensione scaduta senza reintegro: revoca automatica';

/** What a rating says about its own life: the fields that time alone can change. */
export interface RatingFacts extends RatingClock {
  readonly suspendedAt: Date | null;
  readonly suspensionReason: RevocationReason | null;
  readonly endedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly publicNote: string | null;
}

/**
 * The rating's facts as the lapse job will record them, for every reader (staff API and pages, the
 * registry, the job itself): past its validity it is expired from `validUntil`; a suspension past its
 * deadline is a revocation from the deadline, for the suspension's reason, and no longer a suspension.
 */
export function effectiveRatingFacts<T extends RatingFacts>(rating: T, now: Date): T {
  const status = effectiveRatingStatus(rating, now);
  if (status === rating.status) return rating;
  const lapsed = { status, suspendedAt: null, suspensionDeadline: null, suspensionReason: null };
  if (status === 'expired') return { ...rating, ...lapsed, endedAt: rating.validUntil };
  return {
    ...rating,
    ...lapsed,
    endedAt: rating.suspensionDeadline ?? now,
    revocationReason: rating.suspensionReason ?? 'irregularities',
    publicNote: LAPSED_SUSPENSION_NOTE,
  };
}

/** The same rule in SQL, for queries that filter or sort by status; `$now` is a parameter. */
export function effectiveRatingStatusSql(alias: string, nowParameter: string): string {
  return `(CASE
    WHEN ${alias}.status = 'suspended' AND ${alias}.suspension_deadline <= ${nowParameter}
      THEN (CASE WHEN ${alias}.valid_until <= ${alias}.suspension_deadline THEN 'expired' ELSE 'revoked' END)
    WHEN ${alias}.status IN ('active', 'suspended') AND ${alias}.valid_until <= ${nowParameter} THEN 'expired'
    ELSE ${alias}.status END)`;
}

/**
 * A rating is valid for `months` calendar months from its issue: issued on 31 January for 1 month,
 * it runs to the end of 28/29 February (the month end clamps, as the sanction window does).
 */
export function ratingValidUntil(issuedAt: Date, months: number): Date {
  const issuedOn = romeCalendarDate(issuedAt);
  return new Date(issuedAt.getTime() + calendarDaysBetween(issuedOn, addCalendarMonths(issuedOn, months)) * DAY_MS);
}

/** `AQ-YYYY-NNNNNN`: the year of issue in Rome and the gapless sequence within it. */
export function formatCertificateNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Certificate year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`Certificate sequence out of range: ${sequence}`);
  return `AQ-${year}-${String(sequence).padStart(6, '0')}`;
}

export const CERTIFICATE_NUMBER_PATTERN = /^AQ-(\d{4})-(\d{6})$/;

export function parseCertificateNumber(text: string): { year: number; sequence: number } | null {
  const match = CERTIFICATE_NUMBER_PATTERN.exec(text.trim().toUpperCase());
  return match ? { year: Number(match[1]), sequence: Number(match[2]) } : null;
}
