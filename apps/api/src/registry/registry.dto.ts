import { RATING_EVENT_KINDS, RATING_STATUSES, REVOCATION_REASONS } from '@app/ratings';
import type { RatingEventKind, RatingStatus, RevocationReason } from '@app/ratings';
import { REGISTRY_MAX_DEPTH, REGISTRY_MAX_PAGE, REGISTRY_MAX_PAGE_SIZE, REGISTRY_PAGE_SIZE, SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH, VERIFICATION_OUTCOMES } from '@app/registry';
import type { VerificationOutcome } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/**
 * Every parameter arrives as text and is read by `parseRegistrySearch`, which names each problem;
 * here they are only required to be single text values (a repeated parameter is refused).
 */
export class RegistrySearchQuery {
  @ApiPropertyOptional({
    description: `A VAT number (spaces, dots and an IT prefix allowed), a certificate number, or at least ${SEARCH_MIN_LENGTH} letters of a name or a city (accents and case do not matter)`,
    maxLength: SEARCH_MAX_LENGTH,
    example: 'societa rossi',
  })
  @IsString({ message: 'q must be a single text value' }) @IsOptional()
  q?: string;

  @ApiPropertyOptional({ enum: RATING_STATUSES, description: 'The status of the firm as of now' })
  @IsString({ message: 'status must be a single text value' }) @IsOptional()
  status?: string;

  @ApiPropertyOptional({ description: 'Province code (sigla)', example: 'MI', pattern: '^[A-Za-z]{2}$' })
  @IsString({ message: 'province must be a single text value' }) @IsOptional()
  province?: string;

  @ApiPropertyOptional({
    description: `The page, from 1; pages reach at most ${REGISTRY_MAX_DEPTH} firms deep (page ${REGISTRY_MAX_PAGE} of ${REGISTRY_PAGE_SIZE}, page ${REGISTRY_MAX_DEPTH / REGISTRY_MAX_PAGE_SIZE} of ${REGISTRY_MAX_PAGE_SIZE})`,
    minimum: 1,
    maximum: REGISTRY_MAX_PAGE,
    default: 1,
  })
  @IsString({ message: 'page must be a single whole number' }) @IsOptional()
  page?: string;

  @ApiPropertyOptional({ description: 'Firms per page', minimum: 1, maximum: REGISTRY_MAX_PAGE_SIZE, default: REGISTRY_PAGE_SIZE })
  @IsString({ message: 'pageSize must be a single whole number' }) @IsOptional()
  pageSize?: string;
}

export class FirmIdentityResponse {
  @ApiProperty({ example: '00488410010' }) vatNumber!: string;
  @ApiProperty({ example: 'Contact Italia S.r.l.' }) legalName!: string;
  @ApiProperty({ example: 'Milano' }) city!: string;
  @ApiProperty({ example: 'MI' }) province!: string;
}

export class FirmSummaryResponse extends FirmIdentityResponse {
  @ApiProperty({ enum: RATING_STATUSES, description: 'As of now: a rating past its validity reads as expired at once' }) status!: RatingStatus;
  @ApiProperty({ example: 'AQ-2026-000123', description: 'The latest rating' }) certificateNumber!: string;
  @ApiProperty() validUntil!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When a revoked or expired rating ended' }) endedAt!: Date | null;
  @ApiProperty({ description: "The firm's registry page" }) url!: string;
}

export class SearchItemResponse extends FirmSummaryResponse {
  @ApiProperty({ description: 'Found by resemblance to the text (a likely misspelling), not by containing it' }) approximate!: boolean;
}

export class RegistrySearchResponse {
  @ApiProperty({ type: [SearchItemResponse] }) items!: SearchItemResponse[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() hasMore!: boolean;
}

export class PublicRatingResponse {
  @ApiProperty({ example: 'AQ-2026-000123' }) certificateNumber!: string;
  @ApiProperty({ enum: RATING_STATUSES }) status!: RatingStatus;
  @ApiProperty() issuedAt!: Date;
  @ApiProperty({ description: "Start of the certificate period: later than the issue for a renewal decided before the old rating's last day" }) validFrom!: Date;
  @ApiProperty() validUntil!: Date;
  @ApiProperty({ nullable: true, type: Date }) suspendedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'A suspension not lifted by then becomes a revocation' }) suspensionDeadline!: Date | null;
  @ApiProperty({ nullable: true, enum: REVOCATION_REASONS }) suspensionReason!: RevocationReason | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt!: Date | null;
  @ApiProperty({ nullable: true, enum: REVOCATION_REASONS }) revocationReason!: RevocationReason | null;
  @ApiProperty({ nullable: true, type: String }) publicNote!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 (hex) of the signed certificate PDF, once rendered' }) certificateSha256!: string | null;
}

export class CallingNumberResponse {
  @ApiProperty({ example: '+390612345678' }) e164!: string;
  @ApiProperty() declaredAt!: Date;
}

export class TimelineEntryResponse {
  @ApiProperty({ enum: RATING_EVENT_KINDS }) kind!: RatingEventKind;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ example: 'AQ-2026-000123' }) certificateNumber!: string;
  @ApiProperty({ nullable: true, enum: REVOCATION_REASONS }) reason!: RevocationReason | null;
  @ApiProperty({ nullable: true, type: String }) publicNote!: string | null;
}

export class FirmLinksResponse {
  @ApiProperty({ description: "The firm's registry page" }) page!: string;
  @ApiProperty({ description: 'The live seal (SVG)' }) seal!: string;
  @ApiProperty({ description: 'HTML that shows the seal on the firm website, linking here' }) sealEmbedHtml!: string;
  @ApiProperty({ description: 'The verification page of the latest certificate' }) verification!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The signed PDF of the latest certificate, once rendered (its SHA-256 is rating.certificateSha256)' })
  certificatePdf!: string | null;
}

export class RegistryFirmResponse extends FirmIdentityResponse {
  @ApiProperty({ nullable: true, type: String, description: 'Only http(s) addresses' }) website!: string | null;
  @ApiProperty({ enum: RATING_STATUSES, description: 'The status of the latest rating, as of now' }) status!: RatingStatus;
  @ApiProperty({ type: PublicRatingResponse, description: 'The current rating, or the last one to have ended' }) rating!: PublicRatingResponse;
  @ApiProperty({ type: [CallingNumberResponse], description: 'Active declared calling numbers' }) callingNumbers!: CallingNumberResponse[];
  @ApiProperty({ type: [TimelineEntryResponse], description: 'The public history, newest first' }) timeline!: TimelineEntryResponse[];
  @ApiProperty({ type: FirmLinksResponse }) links!: FirmLinksResponse;
  @ApiProperty({ description: 'When this answer was given' }) checkedAt!: Date;
}

export class LogCheckpointResponse {
  @ApiProperty({ description: 'Tree size', example: 42 }) size!: number;
  @ApiProperty({ description: 'RFC 6962 root hash, base64' }) rootHash!: string;
  @ApiProperty({ description: 'The C2SP signed note: log signature and witness cosignatures' }) note!: string;
}

export class TransparencyEvidenceResponse {
  @ApiProperty({ description: 'The entry index in the log', example: 7 }) index!: number;
  @ApiProperty({ description: 'RFC 6962 leaf hash, base64' }) leafHash!: string;
  @ApiProperty({ description: 'The exact leaf bytes (canonical JSON), base64' }) leaf!: string;
  @ApiProperty({ type: LogCheckpointResponse }) checkpoint!: LogCheckpointResponse;
  @ApiProperty({ type: [String], description: 'RFC 6962 inclusion proof against the checkpoint, base64 hashes' }) inclusionProof!: string[];
}

export class VerificationResponse {
  @ApiProperty({ example: 'AQ-2026-000123' }) certificateNumber!: string;
  @ApiProperty({ enum: VERIFICATION_OUTCOMES, description: '`unknown`: no certificate with this number was ever issued' }) outcome!: VerificationOutcome;
  @ApiProperty({ description: 'The outcome in one sentence' }) message!: string;
  @ApiProperty({ type: FirmIdentityResponse, nullable: true }) firm!: FirmIdentityResponse | null;
  @ApiProperty({ type: PublicRatingResponse, nullable: true }) rating!: PublicRatingResponse | null;
  @ApiProperty({ nullable: true, type: String, description: 'The renewal that replaced this certificate' }) replacedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The firm's registry page" }) firmUrl!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The signed PDF of this certificate; null until it is rendered (its SHA-256 is then rating.certificateSha256)',
  })
  certificatePdfUrl!: string | null;
  @ApiProperty({
    type: TransparencyEvidenceResponse,
    nullable: true,
    description: "The certificate's latest entry in the transparency log and its inclusion proof against the latest checkpoint; null before the first checkpoint that contains it",
  })
  transparency!: TransparencyEvidenceResponse | null;
  @ApiProperty() checkedAt!: Date;
}

export class AdviceLinkResponse {
  @ApiProperty({ example: 'Registro pubblico delle opposizioni' }) label!: string;
  @ApiProperty() url!: string;
}

export class PhoneLookupResponse {
  @ApiProperty({ example: '+390612345678', description: 'The number in E.164' }) number!: string;
  @ApiProperty({ description: 'Declared by a firm the registry lists' }) declared!: boolean;
  @ApiProperty() message!: string;
  @ApiProperty({ nullable: true, type: Date }) declaredAt!: Date | null;
  @ApiProperty({ type: FirmSummaryResponse, nullable: true }) firm!: FirmSummaryResponse | null;
  @ApiProperty({ type: [AdviceLinkResponse], description: 'What the person who was called can do' }) whatYouCanDo!: AdviceLinkResponse[];
  @ApiProperty() checkedAt!: Date;
}
