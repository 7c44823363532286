import { CHECKLIST_SECTIONS, CHECKLIST_VERSION_PATTERN, ChecklistService, ChecklistVersionSummary, ChecklistVersionView } from '@app/checklist';
import { AppConfig } from '@app/config';
import { type Language, NotFoundError } from '@app/core';
import { RATING_STATUSES, REVOCATION_REASONS } from '@app/ratings';
import { firmPagePath, GARANTE_UNWANTED_CALLS_URL, OPEN_DATA_STATISTICS_PATH, REGISTRO_OPPOSIZIONI_URL, RegistryService } from '@app/registry';
import { SANCTION_WINDOW_YEARS } from '@app/sanctions';
import { RegistryStatisticsService } from '@app/statistics';
import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/access.decorators';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { languageOf, translate } from './i18n';
import { PageErrorFilter } from './page-error.filter';
import { statisticsView } from './statistics-view';
import { pageHref, PageRenderer, PageRequest, sendHtml } from './page-renderer';

type RawQuery = Readonly<Record<string, unknown>>;

/** The home page shows the newest changes; the feed it links to holds more. */
const HOME_CHANGES = 8;

/** Where people read more about the rules the decalogue rests on. */
const SOURCES = {
  garante: 'https://www.garanteprivacy.it/',
  gdpr: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj',
  budgetLaw: 'https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2016-12-11;232',
} as const;

const CHECKLIST_PATH = '/lista-di-controllo';
const checklistVersionPath = (version: string): string => `${CHECKLIST_PATH}/${version}`;

/**
 * The public front door: the home page and the pages that explain the seal to consumers, journalists
 * and client firms (what it guarantees, its statuses, a decalogue, the checklist, accessibility and
 * privacy). Italian first, English with `?lang=en`; the English paths the issue names redirect to them.
 * Numbers in the texts come from configuration and the libraries, so the pages state the real rules.
 */
@ApiExcludeController()
@UseGuards(PublicRateLimitGuard)
@UseFilters(PageErrorFilter)
@Controller()
export class PublicPagesController {
  constructor(
    private readonly registry: RegistryService,
    private readonly checklist: ChecklistService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
    private readonly statistics: RegistryStatisticsService,
  ) {}

  @Get()
  @Public()
  async home(@Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    const request = this.requestOf('/', query);
    const { language } = request;
    const { value: changes } = await this.registry.latestChanges();
    this.send(reply, request, translate(language, 'home.title'), 'home', {
      months: this.config.ratings.validityMonths,
      changes: changes.slice(0, HOME_CHANGES).map((change) => ({
        kind: change.kind,
        occurredAt: change.occurredAt,
        legalName: change.legalName,
        url: pageHref(firmPagePath(change.vatNumber), {}, language),
      })),
      links: { opposizioni: REGISTRO_OPPOSIZIONI_URL, garante: GARANTE_UNWANTED_CALLS_URL },
    });
  }

  @Get('il-bollino')
  @Public()
  seal(@Query() query: RawQuery, @Res() reply: FastifyReply): void {
    const request = this.requestOf('/il-bollino', query);
    const { language } = request;
    const { validityMonths, suspensionMaxDays } = this.config.ratings;
    const reasons = REVOCATION_REASONS.map((reason) => translate(language, `reason.${reason}`)).join('; ');
    this.send(reply, request, translate(language, 'sealPage.title'), 'seal', {
      areas: CHECKLIST_SECTIONS,
      statuses: RATING_STATUSES.map((status) => ({
        status,
        how: translate(language, `sealPage.status.${status}.how`, { months: validityMonths, days: suspensionMaxDays, reasons }),
        means: translate(language, `sealPage.status.${status}.means`),
      })),
    });
  }

  @Get('the-seal')
  @Public()
  sealInEnglish(@Res() reply: FastifyReply): void {
    this.redirectToEnglish(reply, '/il-bollino');
  }

  @Get('decalogo')
  @Public()
  decalogue(@Query() query: RawQuery, @Res() reply: FastifyReply): void {
    const request = this.requestOf('/decalogo', query);
    this.send(reply, request, translate(request.language, 'decalogue.title'), 'decalogue', {
      days: this.config.reports.answerDays,
      links: { opposizioni: REGISTRO_OPPOSIZIONI_URL, garanteForm: GARANTE_UNWANTED_CALLS_URL, ...SOURCES },
    });
  }

  @Get('decalogue')
  @Public()
  decalogueInEnglish(@Res() reply: FastifyReply): void {
    this.redirectToEnglish(reply, '/decalogo');
  }

  /** The version new audits start with, read through the checklist library as the JSON API reads it. */
  @Get('lista-di-controllo')
  @Public()
  async currentChecklist(@Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    const request = this.requestOf(CHECKLIST_PATH, query);
    const [version, versions] = await Promise.all([this.checklist.currentVersion(), this.checklist.listVersions()]);
    this.sendChecklist(reply, request, version, versions);
  }

  @Get('checklist')
  @Public()
  checklistInEnglish(@Res() reply: FastifyReply): void {
    this.redirectToEnglish(reply, CHECKLIST_PATH);
  }

  /** Any published version by its number (`2026.1`); a number never published is a 404 page. */
  @Get('lista-di-controllo/:version')
  @Public()
  async checklistVersion(@Param('version') version: string, @Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    const versions = await this.checklist.listVersions();
    const summary = CHECKLIST_VERSION_PATTERN.test(version) ? versions.find((candidate) => candidate.version === version) : undefined;
    if (summary === undefined) throw new NotFoundError('Checklist version');
    const request = this.requestOf(checklistVersionPath(summary.version), query);
    this.sendChecklist(reply, request, await this.checklist.getVersion(summary.id), versions);
  }

  /** The registry in figures: the same numbers as /opendata/statistics.json, charts drawn here as SVG with a table beside each. */
  @Get('statistiche')
  @Public()
  async statisticsPage(@Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    const request = this.requestOf('/statistiche', query);
    const { language } = request;
    const statistics = await this.statistics.current();
    this.send(reply, request, translate(language, 'stats.title'), 'statistics', { stats: statisticsView(statistics, language), openDataUrl: OPEN_DATA_STATISTICS_PATH });
  }

  @Get('statistics')
  @Public()
  statisticsInEnglish(@Res() reply: FastifyReply): void {
    this.redirectToEnglish(reply, '/statistiche');
  }

  @Get('accessibilita')
  @Public()
  accessibility(@Query() query: RawQuery, @Res() reply: FastifyReply): void {
    const request = this.requestOf('/accessibilita', query);
    this.send(reply, request, translate(request.language, 'a11y.title'), 'accessibility', {});
  }

  @Get('accessibility')
  @Public()
  accessibilityInEnglish(@Res() reply: FastifyReply): void {
    this.redirectToEnglish(reply, '/accessibilita');
  }

  @Get('privacy')
  @Public()
  privacy(@Query() query: RawQuery, @Res() reply: FastifyReply): void {
    const request = this.requestOf('/privacy', query);
    this.send(reply, request, translate(request.language, 'privacy.title'), 'privacy', {
      retentionMonths: this.config.reports.retentionMonths,
      complaintMonths: this.config.complaints.retentionMonths,
      sessionHours: this.config.sessionTtlHours,
      garante: SOURCES.garante,
    });
  }

  private sendChecklist(reply: FastifyReply, request: PageRequest, version: ChecklistVersionView, versions: readonly ChecklistVersionSummary[]): void {
    const { language } = request;
    const current = versions.find((candidate) => candidate.isCurrent);
    const isCurrent = current?.id === version.id;
    const english = language === 'en';
    const title = isCurrent ? translate(language, 'checklistPage.title') : translate(language, 'checklistPage.versionTitle', { version: version.version });
    this.send(reply, request, title, 'checklist', {
      heading: title,
      version: version.version,
      publishedAt: version.publishedAt,
      isCurrent,
      currentUrl: pageHref(CHECKLIST_PATH, {}, language),
      sanctionYears: SANCTION_WINDOW_YEARS,
      areas: CHECKLIST_SECTIONS.map((section, index) => ({
        section,
        number: index + 1,
        items: version.items
          .filter((item) => item.section === section)
          .map((item) => ({
            // The checklist's own texts refer to points by these references (`assess CP-01`), so readers need them.
            code: item.code,
            text: english ? item.textEn : item.textIt,
            guidance: english ? item.guidanceEn : item.guidanceIt,
            computed: item.assessment === 'computed',
            evidenceRequired: item.evidenceRequired,
            required: item.required,
            blocking: item.blocking,
          })),
      })),
      versions: versions.map((summary) => ({
        version: summary.version,
        publishedAt: summary.publishedAt,
        itemCount: summary.itemCount,
        isCurrent: summary.isCurrent,
        reading: summary.id === version.id,
        url: pageHref(summary.isCurrent ? CHECKLIST_PATH : checklistVersionPath(summary.version), {}, language),
      })),
    });
  }

  /** Only `lang` is kept when the visitor switches language: these pages take no other parameter. */
  private requestOf(path: string, query: RawQuery): PageRequest {
    return { language: languageOf(query.lang), path, query: {} };
  }

  private send(reply: FastifyReply, request: PageRequest, title: string, page: string, view: object): void {
    sendHtml(reply, this.pages.render(page, request, title, view), { status: 200, language: request.language, caching: 'no-cache' });
  }

  private redirectToEnglish(reply: FastifyReply, path: string): void {
    const english: Language = 'en';
    void reply.redirect(pageHref(path, {}, english), 301);
  }
}
