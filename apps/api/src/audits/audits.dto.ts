import { APPLICATION_OUTCOMES, type ApplicationOutcome, EVIDENCE_CONTENT_TYPES } from '@app/applications';
import { AUDIT_STATUSES, type AuditStatus, CORRECTIVE_ACTION_STATES, type CorrectiveActionFilter, type CorrectiveActionState, DEFAULT_CORRECTIVE_ACTION_DAYS, FINDING_SEVERITIES, type FindingSeverity, ITEM_RESULTS, type ItemResult, type Verdict, VERDICTS } from '@app/audits';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { AnswerResponse, ApplicationResponse, EVIDENCE_FIELD_NAMES, EvidenceFieldsDto, EvidenceResponse } from '../applications/applications.dto';
import { ChecklistItemResponse } from '../checklist/checklist.dto';
import { FirmResponse, OperatingSiteResponse } from '../firms/firms.dto';
import { RatingResponse } from '../ratings/ratings.dto';
import { SanctionCriterionResponse, SanctionResponse } from '../sanctions/sanctions.dto';
import { PageQuery, PageResponseOf } from '../http/paging.dto';

const ITEM_CODE = /^[A-Z]{2,4}-[0-9]{2,3}$/;
const TEXT_MAX = 4000;

export class AuditIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class AuditItemParam extends AuditIdParam {
  @ApiProperty({ example: 'CA-01', description: "Code of an item of the audit's checklist version" })
  @Matches(ITEM_CODE, { message: 'itemCode must look like CA-01' })
  itemCode!: string;
}

export class InformationRequestParam extends AuditIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'requestId must be a UUID' })
  requestId!: string;
}

export class AssignedAuditsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_STATUSES })
  @IsIn(AUDIT_STATUSES, { message: `status must be one of: ${AUDIT_STATUSES.join(', ')}` }) @IsOptional()
  status?: AuditStatus;
}

export class ListAuditsQuery extends AssignedAuditsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' }) @IsOptional()
  firmId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsUUID('all', { message: 'auditorId must be a UUID' }) @IsOptional()
  auditorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsUUID('all', { message: 'applicationId must be a UUID' }) @IsOptional()
  applicationId?: string;
}

export class AssignAuditDto {
  @ApiProperty({ format: 'uuid', description: 'An enabled auditor account, not a member of the firm' })
  @IsUUID('all', { message: 'auditorId must be a UUID' })
  auditorId!: string;
}

export class RecordItemResultDto {
  @ApiProperty({ enum: ITEM_RESULTS })
  @IsIn(ITEM_RESULTS, { message: `result must be one of: ${ITEM_RESULTS.join(', ')}` })
  result!: ItemResult;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: "The auditor's working note: staff only, never shown to the firm" })
  @MaxLength(TEXT_MAX) @IsString() @IsOptional()
  note?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: "Evidence of the audited application this result rests on; `met` on an item that needs evidence needs at least one" })
  @IsUUID('all', { each: true, message: 'each of evidenceIds must be a UUID' }) @ArrayMaxSize(50) @IsArray() @IsOptional()
  evidenceIds?: string[];
}

export class RaiseFindingDto {
  @ApiPropertyOptional({ example: 'TR-01', description: 'The checklist item it concerns, if one' })
  @Matches(ITEM_CODE, { message: 'itemCode must look like CA-01' }) @IsOptional()
  itemCode?: string;

  @ApiProperty({ enum: FINDING_SEVERITIES })
  @IsIn(FINDING_SEVERITIES, { message: `severity must be one of: ${FINDING_SEVERITIES.join(', ')}` })
  severity!: FindingSeverity;

  @ApiProperty({ maxLength: TEXT_MAX })
  @Length(3, TEXT_MAX) @IsString()
  description!: string;

  @ApiProperty({ maxLength: TEXT_MAX, description: 'What the firm must do about it' })
  @Length(3, TEXT_MAX) @IsString()
  correctiveAction!: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-01-31',
    description: `Rome day by which the corrective action is to be accepted: today or later (422 due_date_past otherwise); ${DEFAULT_CORRECTIVE_ACTION_DAYS} days from today when absent`,
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be a date written YYYY-MM-DD' }) @IsOptional()
  dueOn?: string;
}

export class RequestInformationDto {
  @ApiPropertyOptional({ example: 'TR-01', description: 'The checklist item it concerns, if one' })
  @Matches(ITEM_CODE, { message: 'itemCode must look like CA-01' }) @IsOptional()
  itemCode?: string;

  @ApiProperty({ maxLength: TEXT_MAX })
  @Length(3, TEXT_MAX) @IsString()
  question!: string;
}

export class AnswerInformationRequestDto {
  @ApiProperty({ maxLength: TEXT_MAX })
  @Length(1, TEXT_MAX) @IsString()
  answer!: string;
}

/** The text fields sent beside the file when the firm adds evidence in answer to a question. */
export class InformationEvidenceFieldsDto extends EvidenceFieldsDto {
  @ApiProperty({ example: 'TR-01', description: 'The checklist item the document is evidence for' })
  @Matches(ITEM_CODE, { message: 'itemCode must look like CA-01' }) @IsString()
  itemCode!: string;
}

export const INFORMATION_EVIDENCE_FIELD_NAMES = ['itemCode', ...EVIDENCE_FIELD_NAMES] as const;

export class VerdictDto {
  @ApiProperty({ enum: VERDICTS })
  @IsIn(VERDICTS, { message: `outcome must be one of: ${VERDICTS.join(', ')}` })
  outcome!: Verdict;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: 'Required to refuse (the firm reads them); optional note with an approval' })
  @ValidateIf((dto: VerdictDto) => dto.outcome === 'refuse' || dto.reasons !== undefined)
  @MaxLength(TEXT_MAX) @MinLength(3, { message: 'reasons must be at least 3 characters long' }) @IsString({ message: 'reasons must be given as text to refuse' })
  reasons?: string;
}

export class AuditSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() firmName!: string;
  @ApiProperty({ format: 'uuid' }) checklistVersionId!: string;
  @ApiProperty({ example: '2026.1', description: 'The version the audit started with, kept when a newer one is published' }) checklistVersion!: string;
  @ApiProperty({ format: 'uuid' }) auditorId!: string;
  @ApiProperty() auditorName!: string;
  @ApiProperty({ enum: AUDIT_STATUSES }) status!: AuditStatus;
  @ApiProperty({ enum: VERDICTS, nullable: true }) proposedOutcome!: Verdict | null;
  @ApiProperty({ nullable: true, type: Date }) proposedAt!: Date | null;
  @ApiProperty() assignedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) decidedAt!: Date | null;
  @ApiProperty({ type: 'integer' }) openInformationRequests!: number;
}

export class AuditPageResponse extends PageResponseOf(AuditSummaryResponse) {}

export class ItemResultResponse {
  @ApiProperty({ example: 'CA-01' }) itemCode!: string;
  @ApiProperty({ enum: ITEM_RESULTS }) result!: ItemResult;
  @ApiProperty({ description: 'Staff only' }) note!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) evidenceIds!: string[];
  @ApiProperty({ format: 'uuid' }) recordedById!: string;
  @ApiProperty() recordedAt!: Date;
}

export class CorrectiveActionDocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Made safe, with the extension of the type detected from the bytes' }) fileName!: string;
  @ApiProperty({ enum: EVIDENCE_CONTENT_TYPES }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() uploadedAt!: Date;
}

export class FollowUpResponse {
  @ApiProperty({ format: 'date', description: 'Rome day by which the corrective action is to be accepted' }) dueOn!: string;
  @ApiProperty({ enum: CORRECTIVE_ACTION_STATES, description: 'open: the firm answers; answered: the auditor accepts or reopens; accepted: closed; reopened: the firm answers again' })
  state!: CorrectiveActionState;
  @ApiProperty({ description: 'Not accepted and past its due date' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, description: "The firm's latest answer" }) answer!: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: "Why the auditor reopened it, or the auditor's note on accepting it" }) reviewReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt!: Date | null;
  @ApiProperty({ type: [CorrectiveActionDocumentResponse] }) documents!: CorrectiveActionDocumentResponse[];
}

export class FindingResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) itemCode!: string | null;
  @ApiProperty({ enum: FINDING_SEVERITIES }) severity!: FindingSeverity;
  @ApiProperty() description!: string;
  @ApiProperty() correctiveAction!: string;
  @ApiProperty() raisedAt!: Date;
  @ApiProperty({ type: FollowUpResponse, description: "The corrective action's follow-up" }) followUp!: FollowUpResponse;
}

export class CorrectiveActionResponse extends FindingResponse {
  @ApiProperty({ format: 'uuid' }) auditId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() firmName!: string;
}

export class CorrectiveActionParam {
  @ApiProperty({ format: 'uuid', description: 'The finding the corrective action belongs to' })
  @IsUUID('all', { message: 'findingId must be a UUID' })
  findingId!: string;
}

export class CorrectiveActionDocumentParam extends CorrectiveActionParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId!: string;
}

export class CorrectiveActionsQuery {
  @ApiPropertyOptional({ enum: ['pending', 'all'], default: 'pending', description: 'pending: not yet accepted' })
  @IsIn(['pending', 'all'], { message: 'filter must be one of: pending, all' }) @IsOptional()
  filter?: CorrectiveActionFilter;
}

export class AnswerCorrectiveActionDto {
  @ApiProperty({ maxLength: TEXT_MAX, description: 'What the firm did; documents are added before, one by one' })
  @Length(1, TEXT_MAX) @IsString()
  answer!: string;
}

export class AcceptCorrectiveActionDto {
  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: "The auditor's note for the firm" })
  @MaxLength(TEXT_MAX) @IsString() @IsOptional()
  note?: string;
}

export class ReopenCorrectiveActionDto {
  @ApiProperty({ maxLength: TEXT_MAX, description: 'Why the answer is not enough; the firm reads it' })
  @Length(3, TEXT_MAX) @IsString()
  reason!: string;
}

export class InformationRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) itemCode!: string | null;
  @ApiProperty() question!: string;
  @ApiProperty() askedAt!: Date;
  @ApiProperty({ nullable: true, type: String }) answer!: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt!: Date | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Evidence the firm added in answer' }) evidenceIds!: string[];
}

export class DecisionResponse {
  @ApiProperty({ enum: APPLICATION_OUTCOMES }) outcome!: ApplicationOutcome;
  @ApiProperty({ nullable: true, type: String }) reasons!: string | null;
  @ApiProperty({ format: 'uuid' }) decidedById!: string;
  @ApiProperty() decidedAt!: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ratingId!: string | null;
  @ApiProperty({ type: SanctionCriterionResponse, description: 'Criterion 3 as evaluated on the decision day' }) sanctionCriterion!: SanctionCriterionResponse;
}

export class DecisionResultResponse {
  @ApiProperty({ format: 'uuid' }) auditId!: string;
  @ApiProperty({ type: DecisionResponse }) decision!: DecisionResponse;
  @ApiProperty({ type: RatingResponse, nullable: true, description: 'The rating an approval issued' }) rating!: RatingResponse | null;
}

export class ApprovalBlockersResponse {
  @ApiProperty({ type: [String], description: 'Blocking items in major non-conformity' }) blockingMajorNonConformities!: string[];
  @ApiProperty({ type: [String], description: 'Required items without a result' }) missingResults!: string[];
  @ApiProperty({ type: [SanctionResponse], description: 'Sanctions that disqualify the firm today' }) disqualifyingSanctions!: SanctionResponse[];
}

export class AuditScreenItemResponse {
  @ApiProperty({ type: ChecklistItemResponse }) item!: ChecklistItemResponse;
  @ApiProperty({ type: AnswerResponse, nullable: true }) answer!: AnswerResponse | null;
  @ApiProperty({ type: [EvidenceResponse], nullable: true, description: "Null for readers who may not open the firm's evidence" }) evidence!: EvidenceResponse[] | null;
  @ApiProperty({ type: ItemResultResponse, nullable: true }) result!: ItemResultResponse | null;
}

export class AuditDetailResponse extends AuditSummaryResponse {
  @ApiProperty({ nullable: true, type: String }) proposalReasons!: string | null;
}

export class AuditScreenResponse {
  @ApiProperty({ type: AuditDetailResponse }) audit!: AuditDetailResponse;
  @ApiProperty({ type: ApplicationResponse }) application!: ApplicationResponse;
  @ApiProperty({ type: FirmResponse }) firm!: FirmResponse;
  @ApiProperty({ type: [OperatingSiteResponse], description: 'Sites outside the EU are flagged (outsideEu)' }) operatingSites!: OperatingSiteResponse[];
  @ApiProperty({ type: [AuditScreenItemResponse] }) items!: AuditScreenItemResponse[];
  @ApiProperty({ type: [FindingResponse] }) findings!: FindingResponse[];
  @ApiProperty({ type: [InformationRequestResponse] }) informationRequests!: InformationRequestResponse[];
  @ApiProperty({ type: SanctionCriterionResponse, description: 'Criterion 3 as of today, with the counting sanctions and the warnings' }) sanctionCriterion!: SanctionCriterionResponse;
  @ApiProperty({ type: ApprovalBlockersResponse, description: 'What would stop an approval today' }) approvalBlockers!: ApprovalBlockersResponse;
  @ApiProperty({ type: DecisionResponse, nullable: true }) decision!: DecisionResponse | null;
}

export class FirmDecisionResponse {
  @ApiProperty({ enum: APPLICATION_OUTCOMES }) outcome!: ApplicationOutcome;
  @ApiProperty({ nullable: true, type: String, description: 'Why, for a refusal' }) reasons!: string | null;
  @ApiProperty() decidedAt!: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ratingId!: string | null;
}

export class FirmAuditResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: AUDIT_STATUSES }) status!: AuditStatus;
  @ApiProperty({ example: '2026.1' }) checklistVersion!: string;
  @ApiProperty() assignedAt!: Date;
  @ApiProperty({ type: [InformationRequestResponse] }) informationRequests!: InformationRequestResponse[];
  @ApiProperty({ type: [FindingResponse] }) findings!: FindingResponse[];
  @ApiProperty({ type: FirmDecisionResponse, nullable: true }) decision!: FirmDecisionResponse | null;
}
