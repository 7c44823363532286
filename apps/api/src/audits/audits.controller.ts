import { AuditsService, AuditWorkService } from '@app/audits';
import { Actor } from '@app/core';
import { AuditDecisionsService } from '@app/decisions';
import { Permission } from '@app/identity';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { PageQuery } from '../http/paging.dto';
import {
  AssignedAuditsQuery,
  AuditIdParam,
  AuditItemParam,
  AuditPageResponse,
  AuditScreenResponse,
  DecisionResultResponse,
  FindingResponse,
  InformationRequestResponse,
  ItemResultResponse,
  ListAuditsQuery,
  RaiseFindingDto,
  RecordItemResultDto,
  RequestInformationDto,
  VerdictDto,
} from './audits.dto';

@ApiTags('audits')
@ApiBearerAuth()
@Controller('api/v1/audits')
export class AuditsController {
  constructor(
    private readonly audits: AuditsService,
    private readonly work: AuditWorkService,
    private readonly decisions: AuditDecisionsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: 'Every audit (reviewers, admins; an auditor: their own), filtered; oldest assignment or proposal first' })
  @ApiOkResponse({ type: AuditPageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditsQuery): Promise<AuditPageResponse> {
    return this.audits.list(actor, query);
  }

  @Get('assigned')
  @RequirePermission(Permission.AuditRun)
  @ApiOperation({ summary: "The auditor's queue: audits assigned to you, optionally by status" })
  @ApiOkResponse({ type: AuditPageResponse })
  assigned(@CurrentActor() actor: Actor, @Query() query: AssignedAuditsQuery): Promise<AuditPageResponse> {
    return this.audits.assignedTo(actor, query);
  }

  @Get('awaiting-decision')
  @RequirePermission(Permission.RatingDecide)
  @ApiOperation({ summary: "The reviewers' queue: proposed audits you may decide on (not your own, not your firm's)" })
  @ApiOkResponse({ type: AuditPageResponse })
  awaitingDecision(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<AuditPageResponse> {
    return this.decisions.queue(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({
    description: 'Reviewers, admins and the assigned auditor; 404 for any other auditor.',
    summary: 'The audit screen: checklist items with the firm’s answers, evidence and the results; findings, questions, sites outside the EU, the sanctions criterion today, what blocks an approval, the decision',
  })
  @ApiOkResponse({ type: AuditScreenResponse })
  screen(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam): Promise<AuditScreenResponse> {
    return this.decisions.screen(actor, id);
  }

  @Put(':id/items/:itemCode')
  @RequirePermission(Permission.AuditRun)
  @ApiOperation({
    summary: 'Record the result on a declared item (assigned auditor; replaces an earlier one)',
    description: '422 computed_checklist_item on the sanctions item, evidence_needed for `met` without evidence on an item that needs it, unknown_evidence for evidence of another application; 409 once proposed or decided.',
  })
  @ApiOkResponse({ type: ItemResultResponse })
  recordItemResult(@CurrentActor() actor: Actor, @Param() { id, itemCode }: AuditItemParam, @Body() dto: RecordItemResultDto): Promise<ItemResultResponse> {
    return this.work.recordItemResult(actor, id, itemCode, { result: dto.result, note: dto.note ?? '', evidenceIds: dto.evidenceIds ?? [] });
  }

  @Post(':id/findings')
  @RequirePermission(Permission.AuditRun)
  @ApiOperation({ summary: 'Raise a non-conformity with the corrective action required and its due date (assigned auditor); the firm sees it and follows it up', description: '422 due_date_past when dueOn is before today (Rome).' })
  @ApiCreatedResponse({ type: FindingResponse })
  raiseFinding(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Body() dto: RaiseFindingDto): Promise<FindingResponse> {
    return this.work.raiseFinding(actor, id, dto);
  }

  @Post(':id/information-requests')
  @RequirePermission(Permission.AuditRun)
  @ApiOperation({ summary: 'Ask the firm for more information (assigned auditor); the audit waits for the firm (awaiting_firm)' })
  @ApiCreatedResponse({ type: InformationRequestResponse })
  requestInformation(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Body() dto: RequestInformationDto): Promise<InformationRequestResponse> {
    return this.work.requestInformation(actor, id, dto);
  }

  @Post(':id/proposal')
  @RequirePermission(Permission.AuditRun)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Propose approval or refusal (assigned auditor)',
    description: '422 approval_blocked lists blocking items in major non-conformity, required items without a result and disqualifying sanctions; 422 reasons_required for a refusal without reasons; 409 while awaiting the firm.',
  })
  @ApiNoContentResponse()
  propose(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Body() dto: VerdictDto): Promise<void> {
    return this.work.propose(actor, id, dto);
  }

  @Delete(':id/proposal')
  @RequirePermission(Permission.AuditRun)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Withdraw your proposal before a reviewer decides, to change the audit' })
  @ApiNoContentResponse()
  withdrawProposal(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam): Promise<void> {
    return this.work.withdrawProposal(actor, id);
  }

  @Post(':id/decision')
  @RequirePermission(Permission.RatingDecide)
  @ApiOperation({
    summary: 'Decide on a proposed audit (four-eyes): approval issues the rating, refusal records the reasons',
    description:
      '403 four_eyes for the audit’s auditor or a member of the firm; 409 audit_already_decided / audit_not_proposed; ' +
      '422 approval_blocked, e.g. for a sanction that became definitive since the proposal (the criterion is evaluated on the decision day).',
  })
  @ApiCreatedResponse({ type: DecisionResultResponse })
  decide(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Body() dto: VerdictDto): Promise<DecisionResultResponse> {
    return this.decisions.decide(actor, id, dto);
  }
}
