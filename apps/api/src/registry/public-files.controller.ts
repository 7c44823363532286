import { AppConfig } from '@app/config';
import { Clock, type Language, NotFoundError } from '@app/core';
import { InvalidVatNumberError, normalizeVatNumber } from '@app/firms';
import { etagOf, FirmNotInRegistryError, firmPagePath, OPEN_DATA_ATTRIBUTION, OPEN_DATA_LICENCE, RegistryService, renderSealSvg, renderUnlistedSealSvg } from '@app/registry';
import { RegistryStatisticsService } from '@app/statistics';
import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { answeredNotModified } from './conditional-response';
import { PublicRateLimitGuard } from './public-rate-limit.guard';

const NOT_MODIFIED = { status: 304, description: 'The copy named by If-None-Match is current' };
const LICENCE_LINK = `<${OPEN_DATA_LICENCE.url}>; rel="license"`;

/** The registry as files: the live seal, open data and the changes feed. */
@ApiTags('public registry')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this IP in this minute (see Retry-After)' })
@UseGuards(PublicRateLimitGuard)
@Controller()
export class PublicFilesController {
  constructor(
    private readonly registry: RegistryService,
    private readonly statistics: RegistryStatisticsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get('seal/:file')
  @Public()
  @ApiOperation({
    summary: "A firm's live seal: VALIDO, SOSPESO, REVOCATO or SCADUTO, with the day it was checked, linking to its registry page",
    description:
      'Firms embed it with `<img>`, so a VAT number the registry does not list gets an image too, saying "non presente nel registro", with status 404 (400 for a text that is not a VAT number).',
  })
  @ApiParam({ name: 'file', description: 'The VAT number followed by .svg', example: '00488410010.svg' })
  @ApiQuery({ name: 'lang', required: false, enum: ['it', 'en'], description: 'The language of the seal (Italian unless `en`)' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'An SVG image' })
  @ApiResponse(NOT_MODIFIED)
  @ApiBadRequestResponse({ description: 'Not a VAT number: an SVG image saying so, like the 404' })
  @ApiNotFoundResponse({ description: 'An SVG image saying the firm is not in the registry; a JSON error when the name does not end in .svg' })
  async seal(
    @Param('file') file: string,
    @Query('lang') lang: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const vatNumber = /^(.+)\.svg$/.exec(file)?.[1];
    if (vatNumber === undefined) throw new NotFoundError('Seal');
    const language: Language = lang === 'en' ? 'en' : 'it';
    // Firms show the seal on their own sites: it must load across origins.
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cross-origin-resource-policy', 'cross-origin');
    let firm;
    try {
      ({ value: firm } = await this.registry.firm(vatNumber));
    } catch (error) {
      if (!(error instanceof FirmNotInRegistryError || error instanceof InvalidVatNumberError)) throw error;
      const normalized = normalizeVatNumber(vatNumber);
      // Not cached: the firm may be listed a minute from now. A text that is no VAT number keeps its 400.
      void reply.status(error instanceof InvalidVatNumberError ? 400 : 404).header('cache-control', 'no-cache');
      return renderUnlistedSealSvg({
        vatNumber: /^[0-9]{11}$/.test(normalized) ? normalized : null,
        checkedAt: this.clock.now(),
        registryUrl: `${this.config.publicBaseUrl}/registro${language === 'en' ? '?lang=en' : ''}`,
        language,
      });
    }
    const svg = renderSealSvg({
      legalName: firm.legalName,
      status: firm.status,
      checkedAt: this.clock.now(),
      firmPageUrl: `${this.config.publicBaseUrl}${firmPagePath(firm.vatNumber)}${language === 'en' ? '?lang=en' : ''}`,
      language,
    });
    return answeredNotModified(request, reply, etagOf(svg)) ? undefined : svg;
  }

  @Get('opendata/registry.csv')
  @Public()
  @ApiOperation({ summary: 'The whole registry as CSV (RFC 4180, UTF-8), licence CC BY 4.0 (see the Link header); described by /opendata/datapackage.json' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One firm per line, with its latest rating and active calling numbers' })
  @ApiResponse(NOT_MODIFIED)
  async openDataCsv(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | undefined> {
    const { value, etag } = await this.registry.openDataCsv();
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="registro-aziende-qualificate.csv"')
      .header('link', LICENCE_LINK);
    return answeredNotModified(request, reply, etag) ? undefined : value;
  }

  @Get('opendata/registry.json')
  @Public()
  @ApiOperation({ summary: 'The whole registry as JSON, with its licence (CC BY 4.0, also in the Link header) and attribution; described by /opendata/datapackage.json' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: '{ licence, attribution, asOf, firms: [...] }' })
  @ApiResponse(NOT_MODIFIED)
  async openDataJson(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | undefined> {
    const { value, etag } = await this.registry.openDataJson();
    void reply.header('content-type', 'application/json; charset=utf-8').header('link', LICENCE_LINK);
    return answeredNotModified(request, reply, etag) ? undefined : value;
  }

  @Get('opendata/datapackage.json')
  @Public()
  @ApiOperation({
    summary: 'The Frictionless Data Package describing the open data',
    description: 'The CSV and JSON resources, their fields and types, the licence (CC-BY-4.0) and `lastModified`, the last change to what they hold (see https://datapackage.org/).',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'A data package descriptor (datapackage.json)' })
  @ApiResponse(NOT_MODIFIED)
  async openDataPackage(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | undefined> {
    const { value, etag } = await this.registry.openDataPackage();
    void reply.header('content-type', 'application/json; charset=utf-8').header('link', LICENCE_LINK);
    return answeredNotModified(request, reply, etag) ? undefined : value;
  }

  @Get('opendata/statistics.json')
  @Public()
  @ApiOperation({
    summary: 'The registry in figures, as on the statistics page (/statistiche), licence CC BY 4.0',
    description:
      'Firms by status as of now; ratings issued, suspended, revoked and expired, and consumer reports by kind, per calendar month in Rome (the last 12); the median days from application to decision. Read at each request.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: '{ licence, attribution, asOf, months, firmsByStatus, ratingEvents, reports, decisions }' })
  async statisticsJson(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const statistics = await this.statistics.current();
    void reply.header('content-type', 'application/json; charset=utf-8').header('link', LICENCE_LINK).header('cache-control', 'no-cache');
    return JSON.stringify({ licence: OPEN_DATA_LICENCE, attribution: OPEN_DATA_ATTRIBUTION, ...statistics });
  }

  @Get('feed.atom')
  @Public()
  @ApiOperation({ summary: 'Atom feed of the registry changes: ratings issued, suspended, reinstated, revoked and expired' })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'Atom 1.0, the latest 50 changes' })
  @ApiResponse(NOT_MODIFIED)
  async feed(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | undefined> {
    const { value, etag } = await this.registry.feed();
    void reply.header('content-type', 'application/atom+xml; charset=utf-8');
    return answeredNotModified(request, reply, etag) ? undefined : value;
  }
}
