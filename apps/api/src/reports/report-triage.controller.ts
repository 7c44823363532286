import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { ReportTriageService } from '@app/reports';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { CloseReportDto, DismissReportDto, ForwardReportDto, TriageQuery, TriageReportDetailResponse, TriageReportPageResponse } from './reports.dto';

const asBoolean = (value: 'true' | 'false' | undefined): boolean | undefined => (value === undefined ? undefined : value === 'true');

/** The staff triage queue of consumer reports (admins and reviewers). */
@ApiTags('consumer reports')
@ApiBearerAuth()
@Controller('api/v1/report-triage')
export class ReportTriageController {
  constructor(private readonly triage: ReportTriageService) {}

  @Get()
  @RequirePermission(Permission.ReportTriage)
  @ApiOperation({ summary: 'The triage queue, oldest first; `overdue=true` lists reports the firm has not answered in time' })
  @ApiOkResponse({ type: TriageReportPageResponse })
  list(@Query() query: TriageQuery): Promise<TriageReportPageResponse> {
    return this.triage.list({ ...query, declared: asBoolean(query.declared), overdue: asBoolean(query.overdue) });
  }

  @Get(':id')
  @RequirePermission(Permission.ReportTriage)
  @ApiOperation({ summary: 'One report with the reporter data and every step of its handling' })
  @ApiOkResponse({ type: TriageReportDetailResponse })
  get(@Param() { id }: IdParam): Promise<TriageReportDetailResponse> {
    return this.triage.get(id);
  }

  @Post(':id/forward')
  @RequirePermission(Permission.ReportTriage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Forward a new report to the firm that declared the number; it has REPORT_ANSWER_DAYS days to answer (422 when no firm declared it)' })
  @ApiOkResponse({ type: TriageReportDetailResponse })
  forward(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ForwardReportDto): Promise<TriageReportDetailResponse> {
    return this.triage.forward(actor, id, dto.note ?? null);
  }

  @Post(':id/close')
  @RequirePermission(Permission.ReportTriage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Close with a verdict: substantiated or not',
    description: 'A report against a firm is closed only after it was forwarded (422 firm_not_heard). A substantiated one may open a surveillance review in the same transaction.',
  })
  @ApiOkResponse({ type: TriageReportDetailResponse })
  close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CloseReportDto): Promise<TriageReportDetailResponse> {
    return this.triage.close(actor, id, dto.substantiated, dto.note);
  }

  @Post(':id/dismiss')
  @RequirePermission(Permission.ReportTriage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Dismiss as not admissible; counts for nothing' })
  @ApiOkResponse({ type: TriageReportDetailResponse })
  dismiss(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: DismissReportDto): Promise<TriageReportDetailResponse> {
    return this.triage.dismiss(actor, id, dto.note);
  }
}
