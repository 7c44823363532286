import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { RatingsService, RenewalsService, ReviewTasksService } from '@app/ratings';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RenewalResponse } from '../applications/applications.dto';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { CloseReviewTaskDto, FirmRatingsQuery, RatingResponse, ReinstateDto, ReviewTaskResponse, SuspendDto, SuspendOrRevokeDto } from './ratings.dto';

@ApiTags('ratings')
@ApiBearerAuth()
@Controller('api/v1')
export class RatingsController {
  constructor(
    private readonly ratings: RatingsService,
    private readonly reviewTasks: ReviewTasksService,
    private readonly renewals: RenewalsService,
  ) {}

  @Get('ratings')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: "A firm's ratings, newest first (firm users: their own firm only)" })
  @ApiOkResponse({ type: [RatingResponse] })
  list(@CurrentActor() actor: Actor, @Query() { firmId }: FirmRatingsQuery): Promise<RatingResponse[]> {
    return this.ratings.listForFirm(actor, firmId);
  }

  @Get('ratings/:id')
  @RequirePermission(Permission.AccountSelf)
  @ApiOkResponse({ type: RatingResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<RatingResponse> {
    return this.ratings.get(actor, id);
  }

  @Post('ratings/:id/renewal')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: "Open the renewal of the firm's rating, from RENEWAL_WINDOW_DAYS before its last day",
    description:
      'A draft application on the current checklist version, pre-filled from the one that obtained the rating: answers copied, evidence still valid carried over and marked, expired evidence listed to attach again. 422 `renewal_not_open` before the window or for a revoked/already renewed rating; 409 `application_open` if the firm has an open application or renewal.',
  })
  @ApiCreatedResponse({ type: RenewalResponse })
  openRenewal(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<RenewalResponse> {
    return this.renewals.open(actor, id);
  }

  @Post('ratings/:id/suspend')
  @RequirePermission(Permission.RatingSuspendRevoke)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Suspend an active rating for `days` (at most SUSPENSION_MAX_DAYS, the default); without reinstatement it becomes a revocation at the deadline' })
  @ApiOkResponse({ type: RatingResponse })
  suspend(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SuspendDto): Promise<RatingResponse> {
    return this.ratings.suspend(actor, id, dto);
  }

  @Post('ratings/:id/reinstate')
  @RequirePermission(Permission.RatingSuspendRevoke)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RatingResponse })
  reinstate(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReinstateDto): Promise<RatingResponse> {
    return this.ratings.reinstate(actor, id, dto.publicNote ?? null);
  }

  @Post('ratings/:id/revoke')
  @RequirePermission(Permission.RatingSuspendRevoke)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke a rating; the firm stays in the public registry as revoked, with the public note' })
  @ApiOkResponse({ type: RatingResponse })
  revoke(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SuspendOrRevokeDto): Promise<RatingResponse> {
    return this.ratings.revoke(actor, id, dto);
  }

  @Get('review-tasks')
  @RequirePermission(Permission.RatingSuspendRevoke)
  @ApiOperation({ summary: 'Open revocation reviews (new definitive sanctions, surveillance thresholds, major findings whose corrective action is overdue)' })
  @ApiOkResponse({ type: [ReviewTaskResponse] })
  openReviewTasks(): Promise<ReviewTaskResponse[]> {
    return this.reviewTasks.listOpen();
  }

  @Post('review-tasks/:id/close')
  @RequirePermission(Permission.RatingSuspendRevoke)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReviewTaskResponse })
  closeReviewTask(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CloseReviewTaskDto): Promise<ReviewTaskResponse> {
    return this.reviewTasks.close(actor, id, dto.outcome, dto.note);
  }
}
