import { APPLICATION_OUTCOMES, APPLICATION_STATES, type ApplicationOutcome, type ApplicationState, COMPLIANCE_ANSWERS, type Compliance, EVIDENCE_CONTENT_TYPES } from '@app/applications';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery, PageResponseOf } from '../http/paging.dto';

const ITEM_CODE = /^[A-Z]{2,4}-[0-9]{2,3}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class ApplicationIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class AnswerParam extends ApplicationIdParam {
  @ApiProperty({ example: 'CA-01', description: 'Code of a checklist item of the application’s checklist version' })
  @Matches(ITEM_CODE, { message: 'itemCode must look like CA-01' })
  itemCode!: string;
}

export class EvidenceParam extends ApplicationIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'evidenceId must be a UUID' })
  evidenceId!: string;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATES })
  @IsIn(APPLICATION_STATES, { message: `state must be one of: ${APPLICATION_STATES.join(', ')}` }) @IsOptional()
  state?: ApplicationState;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff: one firm only. Firm users always see their own firm.' })
  @IsUUID('all', { message: 'firmId must be a UUID' }) @IsOptional()
  firmId?: string;

}

export class AnswerDto {
  @ApiProperty({ enum: COMPLIANCE_ANSWERS, description: "The firm's position on the item" })
  @IsIn(COMPLIANCE_ANSWERS, { message: `compliance must be one of: ${COMPLIANCE_ANSWERS.join(', ')}` })
  compliance!: Compliance;

  @ApiPropertyOptional({ maxLength: 4000, example: 'Il codice è stato adottato con delibera del CdA del 12/01/2026.' })
  @MaxLength(4000) @IsString() @IsOptional()
  statement?: string;
}

/** The text fields sent beside the file when uploading evidence. */
export class EvidenceFieldsDto {
  @ApiProperty({ example: '2026-01-12', description: 'The date the document bears (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'effectiveDate must be a real date' }) @Matches(DATE_ONLY, { message: 'effectiveDate must be a date like 2026-01-12' })
  effectiveDate!: string;

  @ApiPropertyOptional({ example: '2027-01-12', description: 'When the document stops being valid (YYYY-MM-DD), e.g. a certificate' })
  @IsISO8601({ strict: true }, { message: 'expiresOn must be a real date' }) @Matches(DATE_ONLY, { message: 'expiresOn must be a date like 2027-01-12' }) @IsOptional()
  expiresOn?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @MaxLength(500) @IsString() @IsOptional()
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The earlier version of this document that this upload replaces' })
  @IsUUID('all', { message: 'supersedesId must be a UUID' }) @IsOptional()
  supersedesId?: string;
}

export const EVIDENCE_FIELD_NAMES = ['effectiveDate', 'expiresOn', 'description', 'supersedesId'] as const;

export class AnswerResponse {
  @ApiProperty({ example: 'CA-01' }) itemCode!: string;
  @ApiProperty({ enum: COMPLIANCE_ANSWERS }) compliance!: Compliance;
  @ApiProperty() statement!: string;
  @ApiProperty() answeredAt!: Date;
}

export class ApplicationSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ format: 'uuid', description: 'See GET /api/v1/checklist/versions/{id}' }) checklistVersionId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'On a renewal: the application it renews and was pre-filled from' }) renewsApplicationId!: string | null;
  @ApiProperty({ enum: APPLICATION_STATES }) state!: ApplicationState;
  @ApiProperty({ enum: APPLICATION_OUTCOMES, nullable: true }) outcome!: ApplicationOutcome | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) auditStartedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) withdrawnAt!: Date | null;
}

export class ApplicationResponse extends ApplicationSummaryResponse {
  @ApiProperty({ type: [AnswerResponse] }) answers!: AnswerResponse[];
}

export class ApplicationPageResponse extends PageResponseOf(ApplicationSummaryResponse) {}

export class EvidenceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'TR-01' }) itemCode!: string;
  @ApiProperty({ example: 'Attestato formazione GDPR.pdf', description: 'Sanitised; the extension is that of the detected type' }) fileName!: string;
  @ApiProperty({ enum: EVIDENCE_CONTENT_TYPES, description: 'Detected from the bytes' }) contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ example: '2026-01-12' }) effectiveDate!: string;
  @ApiProperty({ nullable: true, type: String, example: '2027-01-12' }) expiresOn!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) supersedesId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The newer version, if this one was replaced' }) supersededById!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Set when a renewal carried this document over, still valid, from the renewed application' })
  carriedFromId!: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedBy!: string;
  @ApiProperty() uploadedAt!: Date;
}

export class CarriedEvidenceResponse {
  @ApiProperty({ example: 'TR-01' }) itemCode!: string;
  @ApiProperty({ format: 'uuid', description: 'The copy in the renewal' }) evidenceId!: string;
  @ApiProperty({ format: 'uuid', description: 'The document of the renewed application it copies' }) carriedFromId!: string;
  @ApiProperty({ nullable: true, type: String, example: '2027-01-12' }) expiresOn!: string | null;
}

export class RenewalResponse {
  @ApiProperty({ type: ApplicationResponse, description: 'The renewal, a draft on the current checklist version' }) application!: ApplicationResponse;
  @ApiProperty({ type: [String], description: 'Items whose answers were copied from the renewed application' }) copiedAnswers!: string[];
  @ApiProperty({ type: [CarriedEvidenceResponse], description: 'Evidence still valid today, carried over and marked' }) carriedEvidence!: CarriedEvidenceResponse[];
  @ApiProperty({ type: [String], description: 'Items whose evidence had expired: attach it again before submitting' }) evidenceToRenew!: string[];
}
