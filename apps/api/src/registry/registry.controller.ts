import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { certificatePdfPath, firmPagePath, InvalidRegistryInputError, parseRegistrySearch, RegistryService, sealEmbedHtml, sealPath, verificationPagePath } from '@app/registry';
import { etagWithCheckpoint, TransparencyEvidence } from '@app/transparency';
import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { answeredNotModified } from './conditional-response';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { phoneLookupResponse, searchResponse, verificationResponse } from './registry-responses';
import {
  PhoneLookupResponse,
  RegistryFirmResponse,
  RegistrySearchQuery,
  RegistrySearchResponse,
  VerificationResponse,
} from './registry.dto';

const NOT_MODIFIED = { status: 304, description: 'The copy named by If-None-Match is current (answered without a database query)' };

/** The public registry as JSON: no account, no key; rate-limited per client IP. */
@ApiTags('public registry')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this IP in this minute (see Retry-After)' })
@UseGuards(PublicRateLimitGuard)
@Controller('api/v1')
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly transparency: TransparencyEvidence,
  ) {}

  @Get('registry/firms')
  @Public()
  @ApiOperation({
    summary: 'Search the registry',
    description:
      'Firms that hold or held a rating (revoked and suspended ones included), by name or city (accents and case ignored; misspellings found by resemblance on the first page), VAT number or certificate number; filtered by status and province; 20 per page unless `pageSize` (1-100) says otherwise.',
  })
  @ApiOkResponse({ type: RegistrySearchResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'A parameter is not valid; `details.fields` names it' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: '`search_too_broad`: the text matches too many names to rank within the time limit; add more of the name, a province or a status' })
  async search(@Query() query: RegistrySearchQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<RegistrySearchResponse> {
    const parsed = parseRegistrySearch(query);
    if (!parsed.ok) throw new InvalidRegistryInputError(parsed.fields);
    const page = await this.registry.search(parsed.search);
    void reply.header('access-control-allow-origin', '*');
    return searchResponse(page, this.config.publicBaseUrl);
  }

  @Get('registry/firms/:vatNumber')
  @Public()
  @ApiOperation({ summary: "A firm's public record: status, latest rating, calling numbers and the dated public history" })
  @ApiParam({ name: 'vatNumber', description: 'Partita IVA, 11 digits (spaces and an IT prefix allowed)', example: '00488410010' })
  @ApiOkResponse({ type: RegistryFirmResponse })
  @ApiResponse(NOT_MODIFIED)
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Not a valid VAT number' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No firm with this VAT number is in the registry' })
  async firm(
    @Param('vatNumber') vatNumber: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistryFirmResponse | undefined> {
    const { value: firm, etag } = await this.registry.firm(vatNumber);
    if (answeredNotModified(request, reply, etag)) return undefined;
    const page = this.absolute(firmPagePath(firm.vatNumber));
    const seal = this.absolute(sealPath(firm.vatNumber));
    return {
      ...firm,
      callingNumbers: [...firm.callingNumbers],
      timeline: [...firm.timeline],
      links: {
        page,
        seal,
        sealEmbedHtml: sealEmbedHtml({ legalName: firm.legalName, sealUrl: seal, firmPageUrl: page }),
        verification: this.absolute(verificationPagePath(firm.rating.certificateNumber)),
        certificatePdf: firm.rating.certificateSha256 === null ? null : this.absolute(certificatePdfPath(firm.rating.certificateNumber)),
      },
      checkedAt: this.clock.now(),
    };
  }

  @Get('verify/:certificateNumber')
  @Public()
  @ApiOperation({
    summary: 'Verify a certificate',
    description: '`valid`, `suspended`, `revoked`, `expired`, or `unknown` when no certificate with this number was ever issued (200 in every case).',
  })
  @ApiParam({ name: 'certificateNumber', description: 'AQ-YYYY-NNNNNN, case ignored', example: 'AQ-2026-000123' })
  @ApiOkResponse({ type: VerificationResponse })
  @ApiResponse(NOT_MODIFIED)
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Not shaped like a certificate number' })
  async verify(
    @Param('certificateNumber') certificateNumber: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerificationResponse | undefined> {
    const { value: verification, etag } = await this.registry.verify(certificateNumber);
    const transparency = await this.transparency.forCertificate(verification.certificateNumber);
    if (answeredNotModified(request, reply, etagWithCheckpoint(etag, transparency))) return undefined;
    return verificationResponse(verification, this.config.publicBaseUrl, this.clock.now(), transparency);
  }

  @Get('lookup/phone/:number')
  @Public()
  @ApiOperation({
    summary: 'Who called me? The registry firm that declared a calling number',
    description: 'The number may be written any common way (06 1234567, +39 06 1234567, 0039 347 123 4567...). Only active numbers of listed firms count.',
  })
  @ApiParam({ name: 'number', description: 'A phone number, URL-encoded', example: '+39 06 1234567' })
  @ApiOkResponse({ type: PhoneLookupResponse })
  @ApiResponse(NOT_MODIFIED)
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Not a valid phone number; the message says why' })
  async lookupPhone(
    @Param('number') number: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PhoneLookupResponse | undefined> {
    const { value: lookup, etag } = await this.registry.lookupPhone(number);
    if (answeredNotModified(request, reply, etag)) return undefined;
    return phoneLookupResponse(lookup, this.config.publicBaseUrl, this.clock.now());
  }

  private absolute(path: string): string {
    return `${this.config.publicBaseUrl}${path}`;
  }
}
