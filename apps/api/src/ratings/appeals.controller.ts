import { AppealsService } from '@app/appeals';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../identity/identity.dto';
import { AppealResponse, AppealsQuery, DecideAppealDto, FileAppealDto, FormPanelDto } from './appeals.dto';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Post()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: "Appeal the suspension or revocation of the firm's rating, within APPEAL_DAYS Rome days of it",
    description:
      'The latest suspension or revocation of the rating, while it stands. Filing changes nothing on the rating. 422 `nothing_to_appeal` (not suspended or revoked), 422 `appeal_period_over` (with `lastDay`), 409 `appeal_already_filed`; another firm\'s rating is a 404.',
  })
  @ApiCreatedResponse({ type: AppealResponse })
  file(@CurrentActor() actor: Actor, @Body() dto: FileAppealDto): Promise<AppealResponse> {
    return this.appeals.file(actor, dto.ratingId, dto.reasons);
  }

  @Get()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'Appeals, newest first (firm users: their own firm only; admins and reviewers: all; others: none)' })
  @ApiOkResponse({ type: [AppealResponse] })
  list(@CurrentActor() actor: Actor, @Query() { status }: AppealsQuery): Promise<AppealResponse[]> {
    return this.appeals.list(actor, status);
  }

  @Get(':id')
  @RequirePermission(Permission.AccountSelf)
  @ApiOkResponse({ type: AppealResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<AppealResponse> {
    return this.appeals.get(actor, id);
  }

  @Post(':id/panel')
  @RequirePermission(Permission.AppealPanelForm)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Form the panel (admin), once',
    description: 'Reviewers only, none of whom took the decision appealed or belongs to the firm: otherwise 422 `panel_ineligible` naming each refused id and why. 409 `panel_already_formed`.',
  })
  @ApiOkResponse({ type: AppealResponse })
  formPanel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: FormPanelDto): Promise<AppealResponse> {
    return this.appeals.formPanel(actor, id, dto.reviewerIds);
  }

  @Post(':id/stay')
  @RequirePermission(Permission.RatingDecide)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Stay the revocation appealed until the decision (a panel member), once',
    description:
      'The rating goes from revoked to suspended (public event "suspended", note "Revoca sospesa in attesa della decisione sul ricorso"); dismissed, it is revoked again. 403 `not_on_panel`; 409 `stay_not_possible` (not a revocation, already stayed, or the firm holds a newer rating) or `appeal_already_decided`.',
  })
  @ApiOkResponse({ type: AppealResponse })
  stay(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<AppealResponse> {
    return this.appeals.stay(actor, id);
  }

  @Post(':id/decision')
  @RequirePermission(Permission.RatingDecide)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Decide the appeal (a panel member), once',
    description:
      'Upheld: the rating is reinstated (public event "reinstated", note "Sospensione/Revoca annullata in appello") unless the firm holds a newer rating. 403 `not_on_panel`; 409 `appeal_without_panel` or `appeal_already_decided` (of concurrent deciders one wins).',
  })
  @ApiOkResponse({ type: AppealResponse })
  decide(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: DecideAppealDto): Promise<AppealResponse> {
    return this.appeals.decide(actor, id, dto);
  }
}
