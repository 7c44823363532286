import { Actor, DomainError } from '@app/core';
import { Permission } from '@app/identity';
import { SurveillanceChecksService } from '@app/surveillance';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { CheckFindingResponse, CheckItemParam, DecideCheckDto, FirmCheckFindingResponse, OpenSurveillanceCheckDto, ProposeCheckDto, RaiseCheckFindingDto, RecordCheckItemDto, SurveillanceCheckResponse } from './surveillance.dto';

@ApiTags('surveillance')
@ApiBearerAuth()
@Controller('api/v1/surveillance/checks')
export class SurveillanceChecksController {
  constructor(private readonly checks: SurveillanceChecksService) {}

  @Post()
  @RequirePermission(Permission.SurveillancePlan)
  @ApiOperation({
    summary: 'Open or schedule a surveillance check (admin): from a plan entry (yearly, or unannounced when drawn), now or on a later Rome day, or from an open report-triggered review task, run by the auditor named',
    description:
      'Give `planEntryId` with `kind` (and, to schedule, `scheduledOn`), or `reviewTaskId` alone (400 otherwise). A later `scheduledOn` creates the check `scheduled`: its auditor records nothing until the worker opens it on that day (409 `surveillance_check_not_in_progress`). 404 `check_source_not_found`; 409 `surveillance_check_exists` (a scheduled check counts); 422 `scheduled_date_past`, `scheduled_date_invalid`, `not_drawn`, `rating_not_current`, `auditor_ineligible`.',
  })
  @ApiCreatedResponse({ type: SurveillanceCheckResponse })
  open(@CurrentActor() actor: Actor, @Body() dto: OpenSurveillanceCheckDto): Promise<SurveillanceCheckResponse> {
    const fromPlan = dto.planEntryId !== undefined && dto.kind !== undefined && dto.reviewTaskId === undefined;
    const fromReview = dto.reviewTaskId !== undefined && dto.planEntryId === undefined && dto.kind === undefined && dto.scheduledOn === undefined;
    if (!fromPlan && !fromReview) {
      throw new DomainError('bad_request', 'validation_failed', 'Give planEntryId with kind (and scheduledOn to schedule), or reviewTaskId alone', {
        fields: { planEntryId: ['give planEntryId with kind (and scheduledOn to schedule), or reviewTaskId alone'] },
      });
    }
    return this.checks.open(
      actor,
      fromPlan ? { planEntryId: dto.planEntryId!, kind: dto.kind!, auditorId: dto.auditorId, scheduledOn: dto.scheduledOn ?? null } : { reviewTaskId: dto.reviewTaskId!, auditorId: dto.auditorId },
    );
  }

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: 'Surveillance checks, newest first (an auditor: only their own)' })
  @ApiOkResponse({ type: [SurveillanceCheckResponse] })
  list(@CurrentActor() actor: Actor): Promise<SurveillanceCheckResponse[]> {
    return this.checks.list(actor);
  }

  @Get(':id')
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: "A surveillance check with its items (an auditor: only their own; another's is a 404)" })
  @ApiOkResponse({ type: SurveillanceCheckResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<SurveillanceCheckResponse> {
    return this.checks.get(actor, id);
  }

  @Put(':id/items/:itemCode')
  @RequirePermission(Permission.AuditRun)
  @ApiOperation({ summary: "Record the result of one of the check's items (its auditor, while it runs)", description: '422 `item_not_in_check`; 409 `surveillance_check_not_in_progress`.' })
  @ApiOkResponse({ type: SurveillanceCheckResponse })
  recordItem(@CurrentActor() actor: Actor, @Param() { id, itemCode }: CheckItemParam, @Body() dto: RecordCheckItemDto): Promise<SurveillanceCheckResponse> {
    return this.checks.recordItem(actor, id, itemCode, dto);
  }

  @Post(':id/findings')
  @RequirePermission(Permission.AuditRun)
  @ApiOperation({
    summary: "Raise a non-conformity on one of the check's items, with the corrective action the firm owes by dueOn (its auditor, while it runs); the firm sees it at once",
    description: '422 `item_not_in_check`, `due_date_past`, `due_date_invalid`; 409 `surveillance_check_not_in_progress`.',
  })
  @ApiCreatedResponse({ type: CheckFindingResponse })
  raiseFinding(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: RaiseCheckFindingDto): Promise<CheckFindingResponse> {
    return this.checks.raiseFinding(actor, id, dto);
  }

  @Post(':id/proposal')
  @RequirePermission(Permission.AuditRun)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Propose the outcome: maintain, suspend or revoke (its auditor, every item recorded)', description: '422 `items_without_result`; 409 `surveillance_check_not_in_progress`.' })
  @ApiOkResponse({ type: SurveillanceCheckResponse })
  propose(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ProposeCheckDto): Promise<SurveillanceCheckResponse> {
    return this.checks.propose(actor, id, dto);
  }

  @Post(':id/decision')
  @RequirePermission(Permission.RatingDecide)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Decide (a reviewer who did not run it, four-eyes): maintain, suspend or revoke the rating (reason failed_surveillance)',
    description: '403 `four_eyes`; 409 `surveillance_check_not_proposed` (not yet proposed, or already decided); 422 `public_note_required`. A review task the check answers is closed with it.',
  })
  @ApiOkResponse({ type: SurveillanceCheckResponse })
  decide(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: DecideCheckDto): Promise<SurveillanceCheckResponse> {
    return this.checks.decide(actor, id, dto);
  }
}

/** The firm's side of surveillance: the findings of its checks, so it knows what to correct and by when. */
@ApiTags('surveillance')
@ApiBearerAuth()
@Controller('api/v1/surveillance/findings')
export class SurveillanceFindingsController {
  constructor(private readonly checks: SurveillanceChecksService) {}

  @Get()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: "The findings of the surveillance checks of the caller's firm, newest first, with the corrective action and its due date (firm users)" })
  @ApiOkResponse({ type: [FirmCheckFindingResponse] })
  findingsOfOwnFirm(@CurrentActor() actor: Actor): Promise<FirmCheckFindingResponse[]> {
    return this.checks.findingsOfOwnFirm(actor);
  }
}
