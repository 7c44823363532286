import { APPEAL_OUTCOMES, APPEAL_STATUSES, APPEALABLE_CHECK_OUTCOMES, APPEALABLE_KINDS } from '@app/appeals';
import type { AppealableCheckOutcome, AppealKind, AppealOutcome, AppealStatus } from '@app/appeals';
import { EVIDENCE_CONTENT_TYPES } from '@app/applications';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';

/** The decision appealed is named by its subject: a rating (its suspension or revocation), an application (its refusal) or a surveillance check (its outcome); exactly one. */
export class FileAppealDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The rating whose suspension or revocation is appealed (or give applicationId or surveillanceCheckId)' })
  @ValidateIf((dto: FileAppealDto) => dto.ratingId !== undefined || (dto.applicationId === undefined && dto.surveillanceCheckId === undefined))
  @IsUUID('all', { message: 'ratingId must be a UUID' })
  ratingId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The application whose refusal is appealed (or give ratingId or surveillanceCheckId)' })
  @IsOptional() @IsUUID('all', { message: 'applicationId must be a UUID' })
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The decided surveillance check whose outcome (a suspension or a revocation; not "maintain") is appealed (or give ratingId or applicationId)' })
  @IsOptional() @IsUUID('all', { message: 'surveillanceCheckId must be a UUID' })
  surveillanceCheckId?: string;

  @ApiProperty({ description: 'Why the firm holds the decision wrong, and what supports it', minLength: 10, maxLength: 10000 })
  @Length(10, 10000) @IsString()
  reasons!: string;
}

export class FormPanelDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Reviewers who took no part in the decision appealed (1 to 7)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(7) @IsUUID('all', { each: true, message: 'reviewerIds must be UUIDs' })
  reviewerIds!: string[];
}

export class DecideAppealDto {
  @ApiProperty({ enum: APPEAL_OUTCOMES })
  @IsIn(APPEAL_OUTCOMES, { message: `outcome must be one of: ${APPEAL_OUTCOMES.join(', ')}` })
  outcome!: AppealOutcome;

  @ApiProperty({ description: "The panel's reasons, which the firm reads", minLength: 3, maxLength: 10000 })
  @Length(3, 10000) @IsString()
  reasons!: string;
}

export class AppealsQuery {
  @ApiPropertyOptional({ enum: APPEAL_STATUSES })
  @IsOptional() @IsIn(APPEAL_STATUSES, { message: `status must be one of: ${APPEAL_STATUSES.join(', ')}` })
  status?: AppealStatus;
}

export class AppealDocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Made safe, with the extension of the type detected from the bytes' }) fileName!: string;
  @ApiProperty({ enum: EVIDENCE_CONTENT_TYPES }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() uploadedAt!: Date;
}

export class AppealDocumentParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'documentId must be a UUID' }) documentId!: string;
}

export class AppealResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The rating, for a suspension, a revocation or a surveillance outcome' }) ratingId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The refused application, for a refusal' }) applicationId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The surveillance check, for a surveillance outcome' }) surveillanceCheckId!: string | null;
  @ApiProperty({ enum: APPEALABLE_CHECK_OUTCOMES, nullable: true, type: String, description: 'What the check appealed decided (a surveillance outcome only)' }) checkOutcome!: AppealableCheckOutcome | null;
  @ApiProperty({ enum: APPEALABLE_KINDS }) kind!: AppealKind;
  @ApiProperty({ description: 'When the decision appealed was recorded' }) appealedDecisionAt!: Date;
  @ApiProperty({ example: '2026-05-01', description: 'Last Rome day (YYYY-MM-DD) on which the decision could be appealed: APPEAL_DAYS after the decision day' }) appealLastDay!: string;
  @ApiProperty() reasons!: string;
  @ApiProperty() filedAt!: Date;
  @ApiProperty({ enum: APPEAL_STATUSES }) status!: AppealStatus;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The reviewers on the panel, once formed' }) panel!: string[];
  @ApiProperty({ nullable: true, type: Date }) panelFormedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: "The panel's reasons" }) outcomeReasons!: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the panel stayed the revocation (the rating suspended until the decision)' }) revocationStayedAt!: Date | null;
  @ApiProperty({ type: [AppealDocumentResponse], description: "The firm's documents in support of the appeal" }) documents!: AppealDocumentResponse[];
  @ApiProperty({ description: 'Upheld and the rating given back, also after a surveillance outcome (false when the firm holds a newer rating)' }) ratingReinstated!: boolean;
  @ApiProperty({ description: 'Upheld refusal: the audit is proposed again for a new decision by a reviewer who never decided on it (false when the firm has applied again meanwhile)' }) decisionReopened!: boolean;
}
