import { ComplaintsService } from '@app/complaints';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentActor, Public, RequirePermission } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { IdParam } from '../http/id-param';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { CloseComplaintDto, ComplaintResponse, ComplaintsQuery, ComplaintStatusLookupDto, FileComplaintDto, FiledComplaintResponse, PublicComplaintStatusResponse } from './complaints.dto';

/** Complaints about the scheme: filed by anyone without an account; handled by admins and reviewers. */
@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @ApiOperation({
    summary: 'Complain about the scheme or a certified firm (reclamo), without an account',
    description:
      'Acknowledged at once: the answer carries the reference; with contactEmail, an acknowledgement is mailed (and later the outcome). ' +
      'A single unwanted call is a consumer report (POST /api/v1/reports), not a complaint. 400 names each bad field (a subject firm needs firmVatNumber or firmName; a VAT number must be valid).',
  })
  @ApiCreatedResponse({ type: FiledComplaintResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this IP in this minute (see Retry-After)' })
  file(@Body() dto: FileComplaintDto): Promise<FiledComplaintResponse> {
    return this.complaints.file({
      subject: dto.subject,
      firmVatNumber: dto.firmVatNumber ?? null,
      firmName: dto.firmName ?? null,
      description: dto.description,
      contactEmail: dto.contactEmail ?? null,
      language: dto.language ?? 'it',
    });
  }

  @Post('status')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Where a complaint stands, for whoever holds its reference and status code (no account)',
    description:
      'A POST, so that the code stays out of addresses and logs. The status, the dates of each step reached and, once closed, the outcome; nothing about anyone else. ' +
      'An unknown reference and a wrong code get the same 404 `complaint_not_found`, so references cannot be tried one by one; 400 for a malformed field.',
  })
  @ApiOkResponse({ type: PublicComplaintStatusResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this IP in this minute (see Retry-After)' })
  status(@Body() dto: ComplaintStatusLookupDto): Promise<PublicComplaintStatusResponse> {
    return this.complaints.publicStatus(dto.reference, dto.statusCode);
  }

  @Get()
  @RequirePermission(Permission.ComplaintHandle)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Complaints, newest first (admins and reviewers)' })
  @ApiOkResponse({ type: [ComplaintResponse] })
  list(@Query() { status }: ComplaintsQuery): Promise<ComplaintResponse[]> {
    return this.complaints.list(status);
  }

  @Get(':id')
  @RequirePermission(Permission.ComplaintHandle)
  @ApiBearerAuth()
  @ApiOkResponse({ type: ComplaintResponse })
  @ApiNotFoundResponse({ type: ErrorBody })
  get(@Param() { id }: IdParam): Promise<ComplaintResponse> {
    return this.complaints.get(id);
  }

  @Post(':id/handling')
  @RequirePermission(Permission.ComplaintHandle)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Take an acknowledged complaint in hand', description: '409 `complaint_not_in_step` unless acknowledged (of two at once, one does it).' })
  @ApiOkResponse({ type: ComplaintResponse })
  @ApiConflictResponse({ type: ErrorBody })
  startHandling(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<ComplaintResponse> {
    return this.complaints.startHandling(actor, id);
  }

  @Post(':id/closure')
  @RequirePermission(Permission.ComplaintHandle)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Close a complaint in handling with its outcome', description: 'The complainant is mailed the outcome when an address was given. 409 `complaint_not_in_step` unless in handling.' })
  @ApiOkResponse({ type: ComplaintResponse })
  @ApiConflictResponse({ type: ErrorBody })
  close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CloseComplaintDto): Promise<ComplaintResponse> {
    return this.complaints.close(actor, id, dto.outcome);
  }
}
