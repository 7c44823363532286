import { CHECKLIST_ASSESSMENTS, CHECKLIST_SECTIONS, type ChecklistAssessment, type ChecklistSection } from '@app/checklist';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

export class ChecklistItemResponse {
  @ApiProperty({ example: 'CA-02' }) code!: string;
  @ApiProperty({ enum: CHECKLIST_SECTIONS }) section!: ChecklistSection;
  @ApiProperty({ type: 'integer', description: 'Display order within the version, 1-based' }) position!: number;
  @ApiProperty() textIt!: string;
  @ApiProperty() textEn!: string;
  @ApiProperty({ description: 'How the auditor checks the item (Italian)' }) guidanceIt!: string;
  @ApiProperty({ description: 'How the auditor checks the item (English)' }) guidanceEn!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty() evidenceRequired!: boolean;
  @ApiProperty({ description: 'A negative outcome prevents the rating' }) blocking!: boolean;
  @ApiProperty({ enum: CHECKLIST_ASSESSMENTS, description: '`declared`: answered by the firm, checked by the auditor; `computed`: evaluated by the platform (sanctions register)' })
  assessment!: ChecklistAssessment;
}

export class ChecklistVersionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty() publishedAt!: Date;
  @ApiProperty({ type: [ChecklistItemResponse] }) items!: ChecklistItemResponse[];
}

export class ChecklistVersionSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty() publishedAt!: Date;
  @ApiProperty({ description: 'The version new audits start with' }) isCurrent!: boolean;
  @ApiProperty({ type: 'integer' }) itemCount!: number;
}

const TEXT_MAX = 4000;

export class ChecklistItemInput {
  @ApiProperty({ example: 'CA-01', pattern: '^[A-Z]{2,4}-[0-9]{2,3}$' })
  @Matches(/^[A-Z]{2,4}-[0-9]{2,3}$/, { message: 'code must look like CA-01 (2-4 capital letters, dash, 2-3 digits)' }) @IsString()
  code!: string;

  @ApiProperty({ enum: CHECKLIST_SECTIONS })
  @IsIn(CHECKLIST_SECTIONS, { message: `section must be one of: ${CHECKLIST_SECTIONS.join(', ')}` })
  section!: ChecklistSection;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000 })
  @Max(1000) @Min(1) @IsInt()
  position!: number;

  @ApiProperty({ enum: CHECKLIST_ASSESSMENTS })
  @IsIn(CHECKLIST_ASSESSMENTS, { message: `assessment must be one of: ${CHECKLIST_ASSESSMENTS.join(', ')}` })
  assessment!: ChecklistAssessment;

  @ApiProperty() @IsBoolean() required!: boolean;
  @ApiProperty() @IsBoolean() evidenceRequired!: boolean;
  @ApiProperty() @IsBoolean() blocking!: boolean;

  @ApiProperty({ maxLength: TEXT_MAX }) @Length(1, TEXT_MAX) @IsString() textIt!: string;
  @ApiProperty({ maxLength: TEXT_MAX }) @Length(1, TEXT_MAX) @IsString() textEn!: string;
  @ApiProperty({ maxLength: TEXT_MAX }) @Length(1, TEXT_MAX) @IsString() guidanceIt!: string;
  @ApiProperty({ maxLength: TEXT_MAX }) @Length(1, TEXT_MAX) @IsString() guidanceEn!: string;
}

export class PublishChecklistVersionDto {
  @ApiProperty({ example: '2027.1', pattern: '^[0-9]{4}\\.[1-9][0-9]{0,3}$', description: 'A new version label; published versions never change' })
  @Matches(/^[0-9]{4}\.[1-9][0-9]{0,3}$/, { message: 'version must look like 2026.1 (year, dot, number)' }) @IsString()
  version!: string;

  @ApiProperty({ type: [ChecklistItemInput], description: 'Unique codes and positions; at least one item per section; the sanctions section has a computed item' })
  @ValidateNested({ each: true }) @Type(() => ChecklistItemInput) @ArrayMaxSize(200) @ArrayMinSize(1) @IsArray()
  items!: ChecklistItemInput[];
}
