import { AppConfig } from '@app/config';
import { ReportsService } from '@app/reports';
import { GARANTE_UNWANTED_CALLS_URL, REGISTRO_OPPOSIZIONI_URL } from '@app/registry';
import { Permission } from '@app/identity';
import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClientIp, Public, RequirePermission } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { FirmReportStatsResponse, PublicReportStatusResponse, ReportLinksResponse, ReportReferenceParam, ReportStatsQuery, newReportOf, SubmitReportDto, SubmittedReportResponse } from './reports.dto';

/** Consumer reports: filed and followed by the public without an account; statistics for staff. */
@ApiTags('consumer reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @ApiOperation({
    summary: 'Report a call (segnalazione), without an account',
    description:
      'Linked to the firm that declared the number, or queued as "number not declared". The same number reported again by the same reporter ' +
      '(same e-mail, or without one the same client network) for the same call day collapses into the first report: 200 with duplicate true and the same reference. ' +
      'Every bad field is a 400 naming it (invalid_phone_number, invalid_call_time, validation_failed, consent_without_email).',
  })
  @ApiCreatedResponse({ type: SubmittedReportResponse, description: 'A new report' })
  @ApiOkResponse({ type: SubmittedReportResponse, description: 'A duplicate, counted in the earlier report' })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this IP in this minute (see Retry-After)' })
  async submit(@Body() dto: SubmitReportDto, @ClientIp() clientIp: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<SubmittedReportResponse> {
    const submitted = await this.reports.submit(newReportOf(dto, clientIp, 'it'));
    void reply.status(submitted.duplicate ? 200 : 201);
    return { ...submitted, links: this.links(submitted.reference) };
  }

  @Get('stats')
  @RequirePermission(Permission.AuditRead)
  @ApiBearerAuth()
  @ApiOperation({ summary: "A firm's reports per month of the call, by kind and outcome (staff: auditors, reviewers, admins)" })
  @ApiOkResponse({ type: FirmReportStatsResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such firm' })
  stats(@Query() query: ReportStatsQuery): Promise<FirmReportStatsResponse> {
    return this.reports.stats(query.firmId, query.months);
  }

  @Get(':reference')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @ApiOperation({ summary: 'Where a report stands, for whoever holds its reference: never its text, the reporter or the firm' })
  @ApiOkResponse({ type: PublicReportStatusResponse })
  @ApiNotFoundResponse({ type: ErrorBody })
  @ApiTooManyRequestsResponse({ type: ErrorBody })
  async status(@Param() { reference }: ReportReferenceParam): Promise<PublicReportStatusResponse> {
    const status = await this.reports.publicStatus(reference);
    return { ...status, links: this.links(status.reference) };
  }

  private links(reference: string): ReportLinksResponse {
    return { statusPage: `${this.config.publicBaseUrl}/segnala/${reference}`, garante: GARANTE_UNWANTED_CALLS_URL, opposizioni: REGISTRO_OPPOSIZIONI_URL };
  }
}
