import { effectiveRatingFacts, LAPSED_SUSPENSION_NOTE, RatingEventKind, RatingStatus, RevocationReason } from '@app/ratings';

/** A rating as recorded in the database: `status` may lag behind time until the lapse job records it. */
export interface RecordedRating {
  readonly certificateNumber: string;
  readonly status: RatingStatus;
  readonly issuedAt: Date;
  /** The start of the certificate period: later than the issue for a renewal decided in time. */
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly suspendedAt: Date | null;
  readonly suspensionDeadline: Date | null;
  readonly suspensionReason: RevocationReason | null;
  readonly endedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly publicNote: string | null;
  readonly certificateSha256: string | null;
}

/** A rating as the public sees it at one instant: lapses already applied, nothing private. */
export interface PublicRating {
  readonly certificateNumber: string;
  readonly status: RatingStatus;
  readonly issuedAt: Date;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly suspendedAt: Date | null;
  readonly suspensionDeadline: Date | null;
  readonly suspensionReason: RevocationReason | null;
  readonly endedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly publicNote: string | null;
  readonly certificateSha256: string | null;
}

export interface TimelineEntry {
  readonly kind: RatingEventKind;
  readonly occurredAt: Date;
  readonly certificateNumber: string;
  readonly reason: RevocationReason | null;
  readonly publicNote: string | null;
}

export { LAPSED_SUSPENSION_NOTE };

/** The rating as the public sees it at `now`: the same facts as every other reader (`effectiveRatingFacts`). */
export function publicRating(recorded: RecordedRating, now: Date): PublicRating {
  const rating = effectiveRatingFacts(recorded, now);
  // Picked field by field: the rows this is called with carry the firm's columns too.
  return {
    certificateNumber: rating.certificateNumber,
    status: rating.status,
    issuedAt: rating.issuedAt,
    validFrom: rating.validFrom,
    validUntil: rating.validUntil,
    suspendedAt: rating.suspendedAt,
    suspensionDeadline: rating.suspensionDeadline,
    suspensionReason: rating.suspensionReason,
    endedAt: rating.endedAt,
    revocationReason: rating.revocationReason,
    publicNote: rating.publicNote,
    certificateSha256: rating.certificateSha256,
  };
}

/** The timeline entry of a lapse time has decided but no job has recorded yet, if there is one. */
export function unrecordedLapse(rating: RecordedRating, now: Date): TimelineEntry | null {
  const current = publicRating(rating, now);
  if (current.status === rating.status || current.endedAt === null) return null;
  return {
    kind: current.status === 'expired' ? 'expired' : 'revoked',
    occurredAt: current.endedAt,
    certificateNumber: rating.certificateNumber,
    reason: current.status === 'expired' ? null : current.revocationReason,
    publicNote: current.status === 'expired' ? null : current.publicNote,
  };
}

/** The next instant after `now` at which time alone changes what the public sees of this rating. */
export function nextChangeOf(rating: RecordedRating, now: Date): Date | null {
  if (rating.status !== 'active' && rating.status !== 'suspended') return null;
  return earliest([rating.validUntil, rating.suspensionDeadline].filter((instant): instant is Date => instant !== null && instant > now));
}

export function earliest(instants: readonly (Date | null)[]): Date | null {
  let first: Date | null = null;
  for (const instant of instants) if (instant !== null && (first === null || instant < first)) first = instant;
  return first;
}

export type VerificationOutcome = 'valid' | 'suspended' | 'revoked' | 'expired' | 'replaced' | 'unknown';
export const VERIFICATION_OUTCOMES: readonly VerificationOutcome[] = ['valid', 'suspended', 'revoked', 'expired', 'replaced', 'unknown'];

/**
 * A certificate that a renewal replaced while it was current reads as replaced, naming its successor,
 * never as expired: the firm's qualification went on without interruption.
 */
export function verificationOutcome(status: RatingStatus | null, replacedBy: string | null = null): VerificationOutcome {
  if (status === 'expired' && replacedBy !== null) return 'replaced';
  switch (status) {
    case null:
      return 'unknown';
    case 'active':
      return 'valid';
    case 'suspended':
    case 'revoked':
    case 'expired':
      return status;
  }
}

/** Only an http(s) address is shown as a link: anything else a firm typed could be a script. */
export function publicWebsite(website: string | null): string | null {
  if (website === null) return null;
  try {
    const url = new URL(website.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
