import type { Language } from '@app/core';
import { CONTACT_CONSENT_TEXT, DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, REPORT_KINDS, REPORT_OUTCOMES, REPORT_STATUSES } from '@app/reports';
import type { NewReport, ReportKind, ReportOutcome, ReportStatus } from '@app/reports';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery, PageResponseOf } from '../http/paging.dto';

const kindMessage = { message: `kind must be one of: ${REPORT_KINDS.join(', ')}` };
const statusMessage = { message: `status must be one of: ${REPORT_STATUSES.join(', ')}` };
const NOT_BLANK = /\S/;

export class SubmitReportDto {
  @ApiProperty({ example: '06 1234 5678', description: 'The number that called, in any common writing (read as Italian without a country code); stored as E.164', maxLength: 40 })
  @MaxLength(40) @IsString()
  number!: string;

  @ApiProperty({ example: '2026-11-20T15:30:00+01:00', description: 'When the call came, with its time zone offset; not in the future, at most 365 days ago' })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/i, { message: 'calledAt must end with a time zone offset, e.g. 2026-11-20T15:30:00+01:00' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'calledAt must be a date and time such as 2026-11-20T15:30:00+01:00' })
  @IsString()
  calledAt!: string;

  @ApiProperty({
    enum: REPORT_KINDS,
    description:
      'unwanted_call; aggressive_selling; opposition_register_ignored (called despite the Registro delle opposizioni); operator_location_refused (would not say where the operator is, or pass an operator in Italy); other',
  })
  @IsIn(REPORT_KINDS, kindMessage)
  kind!: ReportKind;

  @ApiProperty({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'What happened. Never published; the firm reads it once staff forward the report' })
  @Matches(NOT_BLANK, { message: 'description must not be blank' }) @MaxLength(DESCRIPTION_MAX_LENGTH) @IsString()
  description!: string;

  @ApiPropertyOptional({ example: 'mario.rossi@example.it', description: 'Optional contact, seen by staff only (and by the firm with shareContactWithFirm); erased after REPORT_RETENTION_MONTHS' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be a valid e-mail address' }) @IsString() @IsOptional()
  email?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      "Consent to pass the e-mail to the reported firm: \"Acconsento che il mio indirizzo e-mail sia comunicato all'azienda segnalata perché possa rispondermi su questa segnalazione.\" Needs email.",
  })
  @IsBoolean({ message: 'shareContactWithFirm must be true or false' }) @IsOptional()
  shareContactWithFirm?: boolean;
}

/** What the API and the public form hand to the service, mapped once so the two cannot drift; the consent is recorded in the words the consumer read. */
export function newReportOf(dto: SubmitReportDto, clientIp: string, consentLanguage: Language): NewReport {
  return {
    number: dto.number,
    calledAt: new Date(dto.calledAt),
    kind: dto.kind,
    description: dto.description,
    email: dto.email ?? null,
    contactConsentText: dto.shareContactWithFirm === true ? CONTACT_CONSENT_TEXT[consentLanguage] : null,
    clientIp,
  };
}

export class ReportReferenceParam {
  @ApiProperty({ example: 'SGN-7K2M9QX4TB' })
  @Matches(/^\s*SGN-?[0-9A-Z]{10}\s*$/i, { message: 'reference must look like SGN-7K2M9QX4TB' }) @IsString()
  reference!: string;
}

export class ReportLinksResponse {
  @ApiProperty({ description: 'The page where the consumer follows the report' }) statusPage!: string;
  @ApiProperty({ description: "The Garante privacy's form for reporting unwanted calls" }) garante!: string;
  @ApiProperty({ description: 'The Registro pubblico delle opposizioni (do-not-call register)' }) opposizioni!: string;
}

export class SubmittedReportResponse {
  @ApiProperty({ example: 'SGN-7K2M9QX4TB' }) reference!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ description: 'True (and 200 instead of 201) when it collapsed into an earlier report of the same reporter, number and call day' }) duplicate!: boolean;
  @ApiProperty({ description: 'Further submissions collapsed into the report' }) duplicateCount!: number;
  @ApiProperty({ description: 'Whether a firm declared the number' }) numberDeclared!: boolean;
  @ApiProperty({ type: ReportLinksResponse }) links!: ReportLinksResponse;
}

export class PublicReportStatusResponse {
  @ApiProperty() reference!: string;
  @ApiProperty({ description: 'E.164' }) number!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ format: 'date', description: 'The day of the call in Rome' }) callDay!: string;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ enum: REPORT_OUTCOMES }) outcome!: ReportOutcome;
  @ApiProperty() numberDeclared!: boolean;
  @ApiProperty({ nullable: true, type: Date }) forwardedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When it was closed or dismissed' }) finishedAt!: Date | null;
  @ApiProperty({ type: ReportLinksResponse }) links!: ReportLinksResponse;
}

export class ReportStatsQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;

  @ApiPropertyOptional({ default: 12, minimum: 1, maximum: 60, description: 'How many calendar months, ending with the current one' })
  @Max(60) @Min(1) @IsInt() @Type(() => Number) @IsOptional()
  months = 12;
}

export class CountsByKindResponse {
  @ApiProperty() unwanted_call!: number;
  @ApiProperty() aggressive_selling!: number;
  @ApiProperty() opposition_register_ignored!: number;
  @ApiProperty() operator_location_refused!: number;
  @ApiProperty() other!: number;
}

export class CountsByOutcomeResponse {
  @ApiProperty() open!: number;
  @ApiProperty() substantiated!: number;
  @ApiProperty() unsubstantiated!: number;
  @ApiProperty() dismissed!: number;
}

export class MonthlyReportStatsResponse {
  @ApiProperty({ example: '2026-11', description: 'Calendar month of the call, in Rome' }) month!: string;
  @ApiProperty() reports!: number;
  @ApiProperty({ description: 'Reports plus the duplicates collapsed into them' }) submissions!: number;
  @ApiProperty({ type: CountsByKindResponse }) byKind!: CountsByKindResponse;
  @ApiProperty({ type: CountsByOutcomeResponse }) byOutcome!: CountsByOutcomeResponse;
}

export class FirmReportStatsResponse {
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ type: [MonthlyReportStatsResponse] }) months!: MonthlyReportStatsResponse[];
}

export class TriageQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsIn(REPORT_STATUSES, statusMessage) @IsOptional()
  status?: ReportStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' }) @IsOptional()
  firmId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'false: the "number not declared" queue; true: reports linked to a firm' })
  @IsIn(['true', 'false'], { message: 'declared must be true or false' }) @IsOptional()
  declared?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: forwarded reports the firm has not answered in time' })
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' }) @IsOptional()
  overdue?: 'true' | 'false';
}

export class FirmReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsIn(REPORT_STATUSES, statusMessage) @IsOptional()
  status?: ReportStatus;
}

export class ForwardReportDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH, description: 'For staff; never shown to the firm or the public' })
  @Matches(NOT_BLANK, { message: 'note must not be blank' }) @MaxLength(NOTE_MAX_LENGTH) @IsString() @IsOptional()
  note?: string;
}

export class CloseReportDto {
  @ApiProperty({ description: 'Staff verdict: substantiated reports count for surveillance and for the public statistics' })
  @IsBoolean({ message: 'substantiated must be true or false' })
  substantiated!: boolean;

  @ApiProperty({ maxLength: NOTE_MAX_LENGTH })
  @Matches(NOT_BLANK, { message: 'note must not be blank' }) @Length(1, NOTE_MAX_LENGTH) @IsString()
  note!: string;
}

export class DismissReportDto {
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH, description: 'Why the report is not admissible' })
  @Matches(NOT_BLANK, { message: 'note must not be blank' }) @Length(1, NOTE_MAX_LENGTH) @IsString()
  note!: string;
}

export class AnswerReportDto {
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH, description: "The firm's answer, read by staff" })
  @Matches(NOT_BLANK, { message: 'answer must not be blank' }) @Length(1, NOTE_MAX_LENGTH) @IsString()
  answer!: string;
}

export class ReportTransitionResponse {
  @ApiProperty({ enum: REPORT_STATUSES }) from!: ReportStatus;
  @ApiProperty({ enum: REPORT_STATUSES }) to!: ReportStatus;
  @ApiProperty({ nullable: true, type: Boolean }) substantiated!: boolean | null;
  @ApiProperty({ nullable: true, type: String, description: 'Erased after the retention period' }) note!: string | null;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty() occurredAt!: Date;
}

export class TriageReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ description: 'E.164' }) number!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null: number not declared' }) firmId!: string | null;
  @ApiProperty({ nullable: true, type: String }) firmName!: string | null;
  @ApiProperty() calledAt!: Date;
  @ApiProperty({ format: 'date' }) callDay!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ nullable: true, type: String, description: 'Null after the retention period' }) description!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Personal data; null when not given or erased' }) reporterEmail!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The consent to share the e-mail with the firm, word for word' }) contactConsentText!: string | null;
  @ApiProperty() duplicateCount!: number;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty() lastSubmittedAt!: Date;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Set exactly when closed' }) substantiated!: boolean | null;
  @ApiProperty({ enum: REPORT_OUTCOMES }) outcome!: ReportOutcome;
  @ApiProperty({ nullable: true, type: Date }) forwardedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) answerDueAt!: Date | null;
  @ApiProperty({ description: 'Forwarded, unanswered, and past answerDueAt' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String }) firmAnswer!: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) personalDataPurgedAt!: Date | null;
}

export class TriageReportDetailResponse extends TriageReportResponse {
  @ApiProperty({ type: [ReportTransitionResponse] }) transitions!: ReportTransitionResponse[];
}

export class TriageReportPageResponse extends PageResponseOf(TriageReportResponse) {}

export class FirmReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ description: 'E.164' }) number!: string;
  @ApiProperty() calledAt!: Date;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ nullable: true, type: String, description: 'Null after the retention period' }) description!: string | null;
  @ApiProperty() duplicateCount!: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ enum: REPORT_OUTCOMES }) outcome!: ReportOutcome;
  @ApiProperty() forwardedAt!: Date;
  @ApiProperty() answerDueAt!: Date;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: String }) answer!: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: "The reporter's e-mail, only when they agreed to share it with the firm" }) reporterEmail!: string | null;
}

export class FirmReportPageResponse extends PageResponseOf(FirmReportResponse) {}
