import { ApplicationsService } from '@app/applications';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { AnswerDto, AnswerParam, AnswerResponse, ApplicationIdParam, ApplicationPageResponse, ApplicationResponse, ListApplicationsQuery } from './applications.dto';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: "Open a draft application for your firm, against the current checklist version",
    description: '409 application_open when the firm already has a draft, submitted or in-audit application; 422 firm_not_registered before the firm is registered.',
  })
  @ApiCreatedResponse({ type: ApplicationResponse })
  open(@CurrentActor() actor: Actor): Promise<ApplicationResponse> {
    return this.applications.open(actor);
  }

  @Get()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: "Applications, newest first (firm users: their own firm's only)" })
  @ApiOkResponse({ type: ApplicationPageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: ListApplicationsQuery): Promise<ApplicationPageResponse> {
    return this.applications.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: "An application with the firm's answers (404 for another firm's)" })
  @ApiOkResponse({ type: ApplicationResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam): Promise<ApplicationResponse> {
    return this.applications.get(actor, id);
  }

  @Put(':id/answers/:itemCode')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: "State your firm's position on a checklist item (draft only; replaces an earlier answer)" })
  @ApiOkResponse({ type: AnswerResponse })
  answer(@CurrentActor() actor: Actor, @Param() { id, itemCode }: AnswerParam, @Body() dto: AnswerDto): Promise<AnswerResponse> {
    return this.applications.answer(actor, id, itemCode, { compliance: dto.compliance, statement: dto.statement ?? '' });
  }

  @Post(':id/submit')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Submit the application; its answers and evidence are frozen from then on',
    description:
      '422 application_incomplete lists, per item, what is missing: an answer to a required item, or valid evidence for an item claimed compliant that needs it (with `expired`: the current documents of the item that have expired, by id, file name and expiry day). ' +
      '409 invalid_transition when it is not a draft (e.g. submitted already).',
  })
  @ApiOkResponse({ type: ApplicationResponse })
  submit(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam): Promise<ApplicationResponse> {
    return this.applications.submit(actor, id);
  }

  @Post(':id/withdraw')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw a draft or submitted application' })
  @ApiOkResponse({ type: ApplicationResponse })
  withdraw(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam): Promise<ApplicationResponse> {
    return this.applications.withdraw(actor, id);
  }
}
