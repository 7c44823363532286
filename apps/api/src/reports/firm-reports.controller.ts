import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { FirmReportsService } from '@app/reports';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { AnswerReportDto, FirmReportPageResponse, FirmReportResponse, FirmReportsQuery } from './reports.dto';

/** A firm user's own reports: those against the firm's numbers that staff forwarded to it. */
@ApiTags('consumer reports')
@ApiBearerAuth()
@Controller('api/v1/firm-reports')
export class FirmReportsController {
  constructor(private readonly firmReports: FirmReportsService) {}

  @Get()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: "Reports forwarded to the caller's firm, newest first; the reporter's e-mail only when they consented" })
  @ApiOkResponse({ type: FirmReportPageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: FirmReportsQuery): Promise<FirmReportPageResponse> {
    return this.firmReports.list(actor, query.status, query.page, query.pageSize);
  }

  @Get(':id')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOkResponse({ type: FirmReportResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<FirmReportResponse> {
    return this.firmReports.get(actor, id);
  }

  @Post(':id/answer')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "The firm's answer to a forwarded report (once; a late answer is accepted and shows as late)" })
  @ApiOkResponse({ type: FirmReportResponse })
  answer(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AnswerReportDto): Promise<FirmReportResponse> {
    return this.firmReports.answer(actor, id, dto.answer);
  }
}
