import { effectiveRatingFacts, RatingStatus, RevocationReason } from './rating-lifecycle';
import type { Rating } from './rating.entity';

export interface RatingView {
  readonly id: string;
  readonly firmId: string;
  readonly applicationId: string;
  readonly certificateNumber: string;
  /** As of the moment of reading: a rating past its validity reads as expired even before a job records it. */
  readonly status: RatingStatus;
  readonly issuedAt: Date;
  /** The certificate period's start: later than the issue for a renewal decided before the old rating ended. */
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly checklistVersion: string;
  readonly suspendedAt: Date | null;
  readonly suspensionDeadline: Date | null;
  readonly suspensionReason: RevocationReason | null;
  readonly endedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly publicNote: string | null;
  readonly supersededById: string | null;
  readonly certificateSha256: string | null;
}

/** The rating at `now`, with any lapse time has decided already applied (the same facts as the registry's). */
export function toRatingView(recorded: Rating, now: Date): RatingView {
  return recordedRatingView(effectiveRatingFacts(recorded, now));
}

/** The rating exactly as recorded, lapses not applied: the "before" of the lapse job's history row. */
export function recordedRatingView(rating: Rating): RatingView {
  return {
    id: rating.id,
    firmId: rating.firmId,
    applicationId: rating.applicationId,
    certificateNumber: rating.certificateNumber,
    status: rating.status,
    issuedAt: rating.issuedAt,
    validFrom: rating.validFrom,
    validUntil: rating.validUntil,
    checklistVersion: rating.checklistVersion,
    suspendedAt: rating.suspendedAt,
    suspensionDeadline: rating.suspensionDeadline,
    suspensionReason: rating.suspensionReason,
    endedAt: rating.endedAt,
    revocationReason: rating.revocationReason,
    publicNote: rating.publicNote,
    supersededById: rating.supersededById,
    certificateSha256: rating.certificateSha256,
  };
}
