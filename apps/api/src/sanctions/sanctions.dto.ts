import { isIsoDate } from '@app/core';
import {
  SANCTION_AUTHORITIES,
  SANCTION_CONDUCTS,
  SANCTION_STATUSES,
  type SanctionAuthority,
  type SanctionConduct,
  type SanctionStatus,
  type SanctionWarningReason,
} from '@app/sanctions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Max, Min, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { PageQuery, PageResponseOf } from '../http/paging.dto';

/** A real calendar day written YYYY-MM-DD (no time, no zone). */
function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (value: unknown) => typeof value === 'string' && isIsoDate(value), defaultMessage: (args) => `${args?.property ?? 'value'} must be a calendar date (YYYY-MM-DD)` } },
    options,
  );
}

/** May be left out, but not sent as null: for fields that always have a value. */
const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
/** May be left out or sent as null (which clears it). */
const IsNullable = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

const REFERENCE_MAX = 200;
const NOTES_MAX = 4000;
const REASON_MAX = 2000;
const authorityMessage = { message: `authority must be one of: ${SANCTION_AUTHORITIES.join(', ')}` };
const conductMessage = { message: `conductCategory must be one of: ${SANCTION_CONDUCTS.join(', ')}` };
const sourceUrlMessage = { message: 'sourceUrl must be an https:// address' };
const httpsOnly = { protocols: ['https'], require_protocol: true, require_tld: true };

export class CreateSanctionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;

  @ApiProperty({ enum: SANCTION_AUTHORITIES })
  @IsIn(SANCTION_AUTHORITIES, authorityMessage)
  authority!: SanctionAuthority;

  @ApiProperty({ example: 'Provvedimento n. 123 del 15 gennaio 2026 [doc. web n. 10000000]', maxLength: REFERENCE_MAX, description: "The authority's own identifier" })
  @Length(1, REFERENCE_MAX) @IsString()
  reference!: string;

  @ApiProperty({ enum: SANCTION_CONDUCTS, description: '`other` (e.g. tax) is recorded but never counts against the seal' })
  @IsIn(SANCTION_CONDUCTS, conductMessage)
  conductCategory!: SanctionConduct;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, description: 'Euro cents; null or absent for a measure without a fine' })
  @Max(Number.MAX_SAFE_INTEGER) @Min(1) @IsInt() @IsNullable()
  amountCents?: number | null;

  @ApiProperty({ format: 'date', example: '2026-01-15' })
  @IsCalendarDate()
  imposedOn!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'When it became definitive; null or absent while under appeal' })
  @IsCalendarDate() @IsNullable()
  definitiveOn?: string | null;

  @ApiProperty({ example: 'https://www.garanteprivacy.it/home/docweb/-/docweb-display/docweb/10000000' })
  @IsUrl(httpsOnly, sourceUrlMessage) @Length(1, 2000) @IsString()
  sourceUrl!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NOTES_MAX })
  @Length(1, NOTES_MAX) @IsString() @IsNullable()
  notes?: string | null;
}

export class UpdateSanctionDto {
  @ApiPropertyOptional({ enum: SANCTION_AUTHORITIES })
  @IsIn(SANCTION_AUTHORITIES, authorityMessage) @IsOmittable()
  authority?: SanctionAuthority;

  @ApiPropertyOptional({ maxLength: REFERENCE_MAX })
  @Length(1, REFERENCE_MAX) @IsString() @IsOmittable()
  reference?: string;

  @ApiPropertyOptional({ enum: SANCTION_CONDUCTS })
  @IsIn(SANCTION_CONDUCTS, conductMessage) @IsOmittable()
  conductCategory?: SanctionConduct;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, description: 'Euro cents; null clears it' })
  @Max(Number.MAX_SAFE_INTEGER) @Min(1) @IsInt() @IsNullable()
  amountCents?: number | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsCalendarDate() @IsOmittable()
  imposedOn?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Set it when the sanction becomes definitive; a definitive sanction cannot go back under appeal' })
  @IsCalendarDate() @IsNullable()
  definitiveOn?: string | null;

  @ApiPropertyOptional()
  @IsUrl(httpsOnly, sourceUrlMessage) @Length(1, 2000) @IsString() @IsOmittable()
  sourceUrl?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: NOTES_MAX, description: 'null clears it' })
  @Length(1, NOTES_MAX) @IsString() @IsNullable()
  notes?: string | null;
}

export class AnnulSanctionDto {
  @ApiProperty({ maxLength: REASON_MAX, example: 'Annullata dal TAR Lazio, sentenza n. 1234/2026' })
  @Length(1, REASON_MAX) @IsString()
  reason!: string;
}

export class ListSanctionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this firm\'s sanctions (404 if no firm has this id)' })
  @IsUUID('all', { message: 'firmId must be a UUID' }) @IsOptional()
  firmId?: string;

  @ApiPropertyOptional({ enum: SANCTION_STATUSES })
  @IsIn(SANCTION_STATUSES, { message: `status must be one of: ${SANCTION_STATUSES.join(', ')}` }) @IsOptional()
  status?: SanctionStatus;

  @ApiPropertyOptional({ enum: SANCTION_AUTHORITIES })
  @IsIn(SANCTION_AUTHORITIES, authorityMessage) @IsOptional()
  authority?: SanctionAuthority;

  @ApiPropertyOptional({ enum: SANCTION_CONDUCTS })
  @IsIn(SANCTION_CONDUCTS, conductMessage) @IsOptional()
  conductCategory?: SanctionConduct;

}

export class SanctionCriterionQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;

  @ApiPropertyOptional({ format: 'date', description: 'The decision day on the Italian calendar; default today in Rome' })
  @IsCalendarDate() @IsOptional()
  date?: string;
}

export class SanctionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ enum: SANCTION_AUTHORITIES }) authority!: SanctionAuthority;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: SANCTION_CONDUCTS }) conductCategory!: SanctionConduct;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Euro cents' }) amountCents!: number | null;
  @ApiProperty({ format: 'date' }) imposedOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) definitiveOn!: string | null;
  @ApiProperty() sourceUrl!: string;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ enum: SANCTION_STATUSES, description: 'under_appeal while there is no definitive date' }) status!: SanctionStatus;
  @ApiProperty({ type: Date, nullable: true }) annulledAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) annulmentReason!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class SanctionPageResponse extends PageResponseOf(SanctionResponse) {}

export class SanctionWindowResponse {
  @ApiProperty({ format: 'date', description: 'Excluded: the decision day minus two years (29 February gives 28 February)' }) after!: string;
  @ApiProperty({ format: 'date', description: 'Included: the decision day' }) through!: string;
}

const WARNING_REASONS: readonly SanctionWarningReason[] = ['under_appeal', 'unrelated_conduct', 'definitive_after_decision'];

export class SanctionWarningResponse {
  @ApiProperty({ type: SanctionResponse }) sanction!: SanctionResponse;
  @ApiProperty({ enum: WARNING_REASONS }) reason!: SanctionWarningReason;
}

export class SanctionCriterionResponse {
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ description: 'No sanction disqualifies the firm' }) passed!: boolean;
  @ApiProperty({ format: 'date', description: 'The calendar day in Rome the criterion is evaluated on' }) decisionDay!: string;
  @ApiProperty({ type: SanctionWindowResponse }) window!: SanctionWindowResponse;
  @ApiProperty({ type: [SanctionResponse], description: 'Definitive, counting sanctions in the window' }) counting!: SanctionResponse[];
  @ApiProperty({ type: [SanctionWarningResponse], description: 'Sanctions that do not disqualify but must be shown to the reviewer' }) warnings!: SanctionWarningResponse[];
}
