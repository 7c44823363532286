import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

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
