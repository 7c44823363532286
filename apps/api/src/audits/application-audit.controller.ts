import { AuditsService } from '@app/audits';
import { Actor } from '@app/core';
import { AuditDecisionsService } from '@app/decisions';
import { Permission } from '@app/identity';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplicationIdParam } from '../applications/applications.dto';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { AssignAuditDto, AuditSummaryResponse, FirmAuditResponse } from './audits.dto';

@ApiTags('audits')
@ApiBearerAuth()
@Controller('api/v1/applications/:id/audit')
export class ApplicationAuditController {
  constructor(
    private readonly audits: AuditsService,
    private readonly decisions: AuditDecisionsService,
  ) {}

  @Post()
  @RequirePermission(Permission.ApplicationAssign)
  @ApiOperation({
    summary: 'Assign a submitted application to an auditor; the application goes in audit',
    description: '422 not_an_auditor / auditor_in_firm; 409 invalid_transition when the application is not submitted (e.g. already in audit).',
  })
  @ApiCreatedResponse({ type: AuditSummaryResponse })
  assign(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam, @Body() dto: AssignAuditDto): Promise<AuditSummaryResponse> {
    return this.audits.assign(actor, id, dto.auditorId);
  }

  @Get()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: "Your firm's view of the audit of your application: the questions to answer, findings with corrective actions, and the outcome with its reasons",
    description: "The auditor's per-item results, notes and proposal stay internal.",
  })
  @ApiOkResponse({ type: FirmAuditResponse })
  forFirm(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam): Promise<FirmAuditResponse> {
    return this.decisions.forFirm(actor, id);
  }
}
