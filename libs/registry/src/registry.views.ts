import type { RatingStatus } from '@app/ratings';
import type { OpenDataRecord } from './open-data';
import type { FirmDetailRow, ListedFirmRow, OpenDataRow, PhoneRow, TimelineRow, VerificationRow } from './registry.queries';
import { PublicRating, publicRating, publicWebsite, TimelineEntry, unrecordedLapse, VerificationOutcome, verificationOutcome } from './registry-rules';

/** What the public sees of a firm: no contacts, no tax code, no users, no audit. */
export interface RegistryFirmIdentity {
  readonly vatNumber: string;
  readonly legalName: string;
  readonly city: string;
  readonly province: string;
}

export interface RegistryFirmSummary extends RegistryFirmIdentity {
  readonly status: RatingStatus;
  readonly certificateNumber: string;
  readonly validUntil: Date;
  readonly endedAt: Date | null;
}

export interface PublicCallingNumber {
  readonly e164: string;
  readonly declaredAt: Date;
}

export interface RegistryFirm extends RegistryFirmIdentity {
  readonly website: string | null;
  /** The status of the latest rating, as of now. */
  readonly status: RatingStatus;
  readonly rating: PublicRating;
  readonly callingNumbers: readonly PublicCallingNumber[];
  /** Newest first. */
  readonly timeline: readonly TimelineEntry[];
}

export interface RegistrySearchItem extends RegistryFirmSummary {
  /** Found by resemblance (a likely misspelling), not by containing the text. */
  readonly approximate: boolean;
}

export interface RegistrySearchPage {
  readonly items: readonly RegistrySearchItem[];
  readonly page: number;
  readonly pageSize: number;
  readonly hasMore: boolean;
}

export interface Verification {
  readonly certificateNumber: string;
  readonly outcome: VerificationOutcome;
  readonly firm: RegistryFirmIdentity | null;
  readonly rating: PublicRating | null;
  /** The renewal that replaced this certificate, if any. */
  readonly replacedBy: string | null;
}

export interface PhoneLookup {
  readonly number: string;
  /** Declared by a firm the registry lists; otherwise by none (a firm without a rating is not public). */
  readonly declared: boolean;
  readonly declaredAt: Date | null;
  readonly firm: RegistryFirmSummary | null;
}

const identityOf = (row: ListedFirmRow): RegistryFirmIdentity => ({ vatNumber: row.vatNumber, legalName: row.legalName, city: row.city, province: row.province });

export function toFirmSummary(row: ListedFirmRow, now: Date): RegistryFirmSummary {
  const rating = publicRating(row, now);
  return { ...identityOf(row), status: rating.status, certificateNumber: rating.certificateNumber, validUntil: rating.validUntil, endedAt: rating.endedAt };
}

const newestFirst = (a: TimelineEntry, b: TimelineEntry): number => b.occurredAt.getTime() - a.occurredAt.getTime();

export function toRegistryFirm(row: FirmDetailRow, events: readonly TimelineRow[], numbers: readonly PublicCallingNumber[], now: Date): RegistryFirm {
  const rating = publicRating(row, now);
  const lapse = unrecordedLapse(row, now);
  const timeline = lapse ? [lapse, ...events].sort(newestFirst) : [...events];
  return {
    ...identityOf(row),
    website: publicWebsite(row.website),
    status: rating.status,
    rating,
    callingNumbers: numbers.map((number) => ({ e164: number.e164, declaredAt: number.declaredAt })),
    timeline: timeline.map((entry) => ({ kind: entry.kind, occurredAt: entry.occurredAt, certificateNumber: entry.certificateNumber, reason: entry.reason, publicNote: entry.publicNote })),
  };
}

export function toVerification(certificateNumber: string, row: VerificationRow | undefined, now: Date): Verification {
  if (row === undefined) return { certificateNumber, outcome: 'unknown', firm: null, rating: null, replacedBy: null };
  const rating = publicRating(row, now);
  return { certificateNumber, outcome: verificationOutcome(rating.status, row.replacedBy), firm: identityOf(row), rating, replacedBy: row.replacedBy };
}

export function toPhoneLookup(e164: string, row: PhoneRow | undefined, now: Date): PhoneLookup {
  if (row === undefined) return { number: e164, declared: false, declaredAt: null, firm: null };
  return { number: e164, declared: true, declaredAt: row.declaredAt, firm: toFirmSummary(row, now) };
}

export function toOpenDataRecord(row: OpenDataRow, now: Date): OpenDataRecord {
  const rating = publicRating(row, now);
  return {
    ...identityOf(row),
    website: publicWebsite(row.website),
    status: rating.status,
    certificateNumber: rating.certificateNumber,
    issuedAt: rating.issuedAt,
    validUntil: rating.validUntil,
    suspendedAt: rating.suspendedAt,
    suspensionDeadline: rating.suspensionDeadline,
    endedAt: rating.endedAt,
    revocationReason: rating.revocationReason,
    publicNote: rating.publicNote,
    certificateSha256: rating.certificateSha256,
    callingNumbers: row.callingNumbers === null ? [] : row.callingNumbers.split(' '),
  };
}

/** A revoked or expired rating always has an end; its validity is the fallback that keeps the sentence whole. */
const endedOn = (rating: PublicRating): string => (rating.endedAt ?? rating.validUntil).toISOString();

/** What an API client reads about a verification, in one sentence; pages word it in the visitor's language. */
export function verificationMessage(verification: Verification): string {
  const { certificateNumber, firm, rating } = verification;
  if (firm === null || rating === null) {
    return `No certificate numbered ${certificateNumber} has ever been issued: a document bearing this number is not a genuine Azienda Qualificata certificate.`;
  }
  const holder = `${firm.legalName} (VAT number ${firm.vatNumber})`;
  switch (verification.outcome) {
    case 'valid':
      return `Certificate ${certificateNumber} is valid: issued to ${holder}, valid until ${rating.validUntil.toISOString()}.`;
    case 'suspended':
      return `Certificate ${certificateNumber} of ${holder} is suspended: while suspended it does not attest the qualification.`;
    case 'revoked':
      return `Certificate ${certificateNumber} of ${holder} was revoked on ${endedOn(rating)}: it no longer attests the qualification (originally valid until ${rating.validUntil.toISOString()}).`;
    case 'expired':
      return `Certificate ${certificateNumber} of ${holder} expired on ${endedOn(rating)}: it no longer attests the qualification (originally valid until ${rating.validUntil.toISOString()}).`;
    case 'replaced':
      return `Certificate ${certificateNumber} of ${holder} was replaced by the renewal ${verification.replacedBy ?? ''}: the qualification continues under the new certificate.`;
    case 'unknown':
      return `No certificate numbered ${certificateNumber} has ever been issued.`;
  }
}
