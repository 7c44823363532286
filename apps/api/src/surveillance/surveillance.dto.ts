import { CHECK_CANCELLATION_REASONS, CHECK_ITEM_RESULTS, CHECK_OUTCOMES, CHECK_STATUSES, type CheckCancellationReason, type CheckItemResult, type CheckKind, type CheckOutcome, type CheckStatus, FINDING_SEVERITIES, type FindingSeverity } from '@app/surveillance';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class CreateSurveillancePlanDto {
  @ApiProperty({ example: 2026, description: 'The plan year: the current Rome year or the next (422 `plan_year_refused` otherwise)' })
  @Min(2000) @Max(2999) @IsInt({ message: 'year must be a whole number' })
  year!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Percentage of the active ratings drawn for an unannounced check, rounded up; SURVEILLANCE_SAMPLE_PERCENT (10) when left out' })
  @IsOptional() @Min(0) @Max(100) @IsInt({ message: 'samplePercent must be a whole number' })
  samplePercent?: number;

  @ApiPropertyOptional({ type: [String], example: ['COD-01', 'TUT-02'], description: 'Checklist items of the current version a surveillance check covers; all of them when left out (422 `unknown_checklist_items`)' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @Matches(/^[A-Z]{2,4}-[0-9]{2,3}$/, { each: true, message: 'itemCodes must be checklist item codes such as COD-01' })
  itemCodes?: string[];
}

export class PlanFirmParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'firmId must be a UUID' }) firmId!: string;
}

class FactorWeightResponse {
  @ApiProperty({ description: 'Points per `per` units' }) points!: number;
  @ApiProperty() per!: number;
  @ApiProperty({ description: 'Units counted at most' }) cap!: number;
}

class FactorWeightsResponse {
  @ApiProperty() substantiatedReports!: FactorWeightResponse;
  @ApiProperty() minorFindings!: FactorWeightResponse;
  @ApiProperty() sitesOutsideEu!: FactorWeightResponse;
  @ApiProperty() numbersAddedSinceDecision!: FactorWeightResponse;
  @ApiProperty() daysSinceLastCheck!: FactorWeightResponse;
}

class RiskWeightsResponse {
  @ApiProperty({ description: 'What every rating weighs with no risk factor' }) base!: number;
  @ApiProperty() factors!: FactorWeightsResponse;
}

class RiskFactorsResponse {
  @ApiProperty({ description: 'Consumer reports closed as substantiated since the rating was issued' }) substantiatedReports!: number;
  @ApiProperty({ description: 'Minor findings of the audit that obtained the rating' }) minorFindings!: number;
  @ApiProperty({ description: 'Open operating sites outside the EU' }) sitesOutsideEu!: number;
  @ApiProperty({ description: 'Calling numbers declared after the decision' }) numbersAddedSinceDecision!: number;
  @ApiProperty({ description: 'Rome days since the last surveillance check, or since the issue' }) daysSinceLastCheck!: number;
}

export class PlanEntryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ratingId!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() firmName!: string;
  @ApiProperty({ example: 'AQ-2026-000123' }) certificateNumber!: string;
  @ApiProperty({ type: RiskFactorsResponse }) factors!: RiskFactorsResponse;
  @ApiProperty({ type: RiskFactorsResponse, description: "Each factor's points under the plan's weights" }) points!: RiskFactorsResponse;
  @ApiProperty({ description: 'base + the points' }) weight!: number;
  @ApiProperty({ description: 'The seeded uniform number: (first 13 hex digits of SHA-256("<seed>:<ratingId>") + 0.5) / 2^52' }) randomUnit!: number;
  @ApiProperty({ description: 'ln(randomUnit) / weight; the largest keys are drawn' }) drawKey!: number;
  @ApiProperty({ description: 'Position by key, 1 first' }) rank!: number;
  @ApiProperty({ description: 'Drawn for an unannounced check (every entry is due its yearly check)' }) drawn!: boolean;
}

export class SurveillancePlanResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ description: '128 bits in hex; with the entries, the whole draw' }) seed!: string;
  @ApiProperty() samplePercent!: number;
  @ApiProperty({ type: RiskWeightsResponse }) weights!: RiskWeightsResponse;
  @ApiProperty({ format: 'uuid' }) checklistVersionId!: string;
  @ApiProperty({ type: [String] }) itemCodes!: string[];
  @ApiProperty({ description: 'Active ratings when the plan was made' }) population!: number;
  @ApiProperty({ description: 'ceil(samplePercent × population / 100)' }) sampleSize!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The key of the last rating drawn' }) threshold!: number | null;
  @ApiProperty({ format: 'uuid' }) createdById!: string;
  @ApiProperty() createdAt!: Date;
}

export class SurveillancePlanWithEntriesResponse extends SurveillancePlanResponse {
  @ApiProperty({ type: [PlanEntryResponse], description: 'Every rating of the plan, in rank order' }) entries!: PlanEntryResponse[];
}

export class DrawExplanationResponse {
  @ApiProperty({ type: SurveillancePlanResponse }) plan!: SurveillancePlanResponse;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ enum: ['drawn', 'not_drawn', 'not_in_plan'], description: '`not_in_plan`: the firm held no active rating when the plan was made' }) outcome!: 'drawn' | 'not_drawn' | 'not_in_plan';
  @ApiProperty({ type: PlanEntryResponse, nullable: true }) entry!: PlanEntryResponse | null;
}

export class OpenSurveillanceCheckDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The plan entry (give this or reviewTaskId)' })
  @IsOptional() @IsUUID('all', { message: 'planEntryId must be a UUID' })
  planEntryId?: string;

  @ApiPropertyOptional({ enum: ['yearly', 'unannounced'], description: 'With planEntryId: the yearly check, or the unannounced one of a rating drawn' })
  @IsOptional() @IsIn(['yearly', 'unannounced'], { message: 'kind must be one of: yearly, unannounced' })
  kind?: 'yearly' | 'unannounced';

  @ApiPropertyOptional({ format: 'uuid', description: 'An open surveillance review task (opened by the consumer-report threshold)' })
  @IsOptional() @IsUUID('all', { message: 'reviewTaskId must be a UUID' })
  reviewTaskId?: string;

  @ApiProperty({ format: 'uuid', description: 'The auditor who runs it (not a member of the firm)' })
  @IsUUID('all', { message: 'auditorId must be a UUID' })
  auditorId!: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-03-15',
    description:
      'With planEntryId only: the Rome day to open the check on. A later day creates it `scheduled` (the worker opens it that day, or cancels it if the rating is no longer current; an announced check is notice to the firm now, with the day); today or left out opens it now; an earlier day is 422 `scheduled_date_past`, a day that does not exist 422 `scheduled_date_invalid`.',
  })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'scheduledOn must be a date written YYYY-MM-DD' })
  scheduledOn?: string;
}

export class CheckItemParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ example: 'COD-01' }) @Matches(/^[A-Z]{2,4}-[0-9]{2,3}$/, { message: 'itemCode must be a checklist item code such as COD-01' }) itemCode!: string;
}

export class RecordCheckItemDto {
  @ApiProperty({ enum: CHECK_ITEM_RESULTS })
  @IsIn(CHECK_ITEM_RESULTS, { message: `result must be one of: ${CHECK_ITEM_RESULTS.join(', ')}` })
  result!: CheckItemResult;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional() @Length(1, 5000) @IsString()
  note?: string;
}

export class ProposeCheckDto {
  @ApiProperty({ enum: CHECK_OUTCOMES })
  @IsIn(CHECK_OUTCOMES, { message: `outcome must be one of: ${CHECK_OUTCOMES.join(', ')}` })
  outcome!: CheckOutcome;

  @ApiProperty({ minLength: 3, maxLength: 10000 })
  @Length(3, 10000) @IsString()
  reasons!: string;
}

export class DecideCheckDto extends ProposeCheckDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Shown in the public registry; required to suspend or revoke (422 `public_note_required`)' })
  @IsOptional() @Length(1, 500) @IsString()
  publicNote?: string;
}

class CheckItemResponse {
  @ApiProperty() itemCode!: string;
  @ApiProperty({ enum: CHECK_ITEM_RESULTS, nullable: true }) result!: CheckItemResult | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class RaiseCheckFindingDto {
  @ApiProperty({ example: 'COD-01', description: "One of the check's items (422 `item_not_in_check` otherwise)" })
  @Matches(/^[A-Z]{2,4}-[0-9]{2,3}$/, { message: 'itemCode must be a checklist item code such as COD-01' })
  itemCode!: string;

  @ApiProperty({ enum: FINDING_SEVERITIES })
  @IsIn(FINDING_SEVERITIES, { message: `severity must be one of: ${FINDING_SEVERITIES.join(', ')}` })
  severity!: FindingSeverity;

  @ApiProperty({ minLength: 3, maxLength: 5000 })
  @Length(3, 5000) @IsString()
  description!: string;

  @ApiProperty({ minLength: 3, maxLength: 5000, description: 'What the firm must do about it' })
  @Length(3, 5000) @IsString()
  correctiveAction!: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-01-31', description: 'Rome day by which the firm is to act: today or later (422 `due_date_past`); 30 days from today when left out' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be a date written YYYY-MM-DD' })
  dueOn?: string;
}

export class CheckFindingResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() itemCode!: string;
  @ApiProperty({ enum: FINDING_SEVERITIES }) severity!: FindingSeverity;
  @ApiProperty() description!: string;
  @ApiProperty() correctiveAction!: string;
  @ApiProperty({ format: 'date', description: 'Rome day by which the firm is to act' }) dueOn!: string;
  @ApiProperty() raisedAt!: Date;
}

export class FirmCheckFindingResponse extends CheckFindingResponse {
  @ApiProperty({ format: 'uuid' }) checkId!: string;
  @ApiProperty({ enum: ['yearly', 'unannounced', 'reports'] }) checkKind!: CheckKind;
  @ApiProperty({ description: 'When the check was opened' }) checkAssignedAt!: Date;
}

export class SurveillanceCheckResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ratingId!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ description: "The firm's legal name" }) firmName!: string;
  @ApiProperty({ enum: ['yearly', 'unannounced', 'reports'] }) kind!: CheckKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planEntryId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewTaskId!: string | null;
  @ApiProperty({ format: 'uuid' }) auditorId!: string;
  @ApiProperty() assignedAt!: Date;
  @ApiProperty({ enum: CHECK_STATUSES, description: '`scheduled`: waiting for its day (no results yet); `cancelled`: never opened (see cancellationReason)' }) status!: CheckStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Rome day it was scheduled to open on; null when opened at once without a date' }) scheduledOn!: string | null;
  @ApiProperty({ type: Date, nullable: true }) cancelledAt!: Date | null;
  @ApiProperty({ enum: CHECK_CANCELLATION_REASONS, nullable: true, description: '`rating_not_current`: by its day the rating was no longer active or suspended' }) cancellationReason!: CheckCancellationReason | null;
  @ApiProperty({ type: [CheckItemResponse], description: 'The items the plan names, with their results' }) items!: CheckItemResponse[];
  @ApiProperty({ type: [CheckFindingResponse], description: 'Non-conformities raised, oldest first' }) findings!: CheckFindingResponse[];
  @ApiProperty({ enum: CHECK_OUTCOMES, nullable: true }) proposedOutcome!: CheckOutcome | null;
  @ApiProperty({ type: String, nullable: true }) proposalReasons!: string | null;
  @ApiProperty({ enum: CHECK_OUTCOMES, nullable: true }) outcome!: CheckOutcome | null;
  @ApiProperty({ type: String, nullable: true }) decisionReasons!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedById!: string | null;
  @ApiProperty({ type: Date, nullable: true }) decidedAt!: Date | null;
}
