import { RATING_STATUSES, REVIEW_OUTCOMES, REVIEW_TASK_KINDS, REVOCATION_REASONS } from '@app/ratings';
import type { RatingStatus, ReviewOutcome, RevocationReason } from '@app/ratings';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

export class SuspendOrRevokeDto {
  @ApiProperty({ enum: REVOCATION_REASONS })
  @IsIn(REVOCATION_REASONS, { message: `reason must be one of: ${REVOCATION_REASONS.join(', ')}` })
  reason!: RevocationReason;

  @ApiProperty({ description: 'Published on the registry with the status', maxLength: 2000 })
  @Length(3, 2000) @IsString()
  publicNote!: string;
}

export class SuspendDto extends SuspendOrRevokeDto {
  @ApiPropertyOptional({
    description: 'Days until the suspension lapses into a revocation unless reinstated: 1 to SUSPENSION_MAX_DAYS (the default); more is a 400 invalid_suspension_length',
    minimum: 1,
    type: 'integer',
  })
  @IsOptional() @IsInt({ message: 'days must be a whole number' }) @Min(1, { message: 'days must be at least 1' })
  days?: number;
}

export class ReinstateDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @Length(3, 2000) @IsString()
  publicNote?: string;
}

export class CloseReviewTaskDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsIn(REVIEW_OUTCOMES, { message: `outcome must be one of: ${REVIEW_OUTCOMES.join(', ')}` })
  outcome!: ReviewOutcome;

  @ApiProperty({ maxLength: 2000 })
  @Length(3, 2000) @IsString()
  note!: string;
}

export class FirmRatingsQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;
}

export class RatingResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ example: 'AQ-2026-000001' }) certificateNumber!: string;
  @ApiProperty({ enum: RATING_STATUSES, description: 'Effective now: a rating past its validity reads as expired' }) status!: RatingStatus;
  @ApiProperty() issuedAt!: Date;
  @ApiProperty({ description: "Start of the certificate period: the issue, or for a renewal decided in time the day after the old rating's last day (Rome)" }) validFrom!: Date;
  @ApiProperty({ description: 'Within the last day of the period (Rome): the rating reads as expired from this instant' }) validUntil!: Date;
  @ApiProperty() checklistVersion!: string;
  @ApiProperty({ nullable: true, type: Date }) suspendedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) suspensionDeadline!: Date | null;
  @ApiProperty({ nullable: true, enum: REVOCATION_REASONS }) suspensionReason!: RevocationReason | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt!: Date | null;
  @ApiProperty({ nullable: true, enum: REVOCATION_REASONS }) revocationReason!: RevocationReason | null;
  @ApiProperty({ nullable: true, type: String }) publicNote!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) supersededById!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the signed certificate PDF, once rendered' }) certificateSha256!: string | null;
}

export class ReviewTaskResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ratingId!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ enum: REVIEW_TASK_KINDS }) kind!: string;
  @ApiProperty() sourceRef!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() openedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
  @ApiProperty({ nullable: true, enum: REVIEW_OUTCOMES }) outcome!: ReviewOutcome | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}
