import { CHECKLIST_SECTIONS, CHECKLIST_VERSION_PATTERN, ChecklistService, ChecklistVersionSummary, ChecklistVersionView } from '@app/checklist';
import { AppConfig } from '@app/config';
import { type Language, NotFoundError } from '@app/core';
import { RATING_STATUSES, REVOCATION_REASONS } from '@app/ratings';
import { firmPagePath, GARANTE_UNWANTED_CALLS_URL, OPEN_DATA_STATISTICS_PATH, REGISTRO_OPPOSIZIONI_URL, RegistryService } from '@app/registry';
import { SANCTION_WINDOW_YEARS } from '@app/sanctions';
import { RegistryStatisticsService } from '@app/statistics';
import { Controller, Get, Param, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../http/access.decorators';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { translate } from './i18n';
import { PageErrorFilter } from './page-error.filter';
import { statisticsView } from './statistics-view';
import { PageLanguage } from './page-language.decorator';
import { pageHref, PageRequest } from './page-renderer';
import { PageResult } from './page-result';

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
    private readonly config: AppConfig,
    private readonly statistics: RegistryStatisticsService,
  ) {}

  @Get()
  @Public()
  async home(@PageLanguage() language: Language): Promise<PageResult> {
    const request = this.requestOf('/', language);
    const { value: changes } = await this.registry.latestChanges();
    return this.send(request, translate(language, 'home.title'), 'home', {
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
  seal(@PageLanguage() language: Language): PageResult {
    const request = this.requestOf('/il-bollino', language);
    const { validityMonths, suspensionMaxDays } = this.config.ratings;
    const reasons = REVOCATION_REASONS.map((reason) => translate(language, `reason.${reason}`)).join('; ');
    return this.send(request, translate(language, 'sealPage.title'), 'seal', {
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
  sealInEnglish(): PageResult {
    return PageResult.toEnglish('/il-bollino');
  }

  @Get('decalogo')
  @Public()
  decalogue(@PageLanguage() language: Language): PageResult {
    const request = this.requestOf('/decalogo', language);
    return this.send(request, translate(request.language, 'decalogue.title'), 'decalogue', {
      days: this.config.reports.answerDays,
      links: { opposizioni: REGISTRO_OPPOSIZIONI_URL, garanteForm: GARANTE_UNWANTED_CALLS_URL, ...SOURCES },
    });
  }

  @Get('decalogue')
  @Public()
  decalogueInEnglish(): PageResult {
    return PageResult.toEnglish('/decalogo');
  }

  /** The version new audits start with, read through the checklist library as the JSON API reads it. */
  @Get('lista-di-controllo')
  @Public()
  async currentChecklist(@PageLanguage() language: Language): Promise<PageResult> {
    const request = this.requestOf(CHECKLIST_PATH, language);
    const [version, versions] = await Promise.all([this.checklist.currentVersion(), this.checklist.listVersions()]);
    return this.sendChecklist(request, version, versions);
  }

  @Get('checklist')
  @Public()
  checklistInEnglish(): PageResult {
    return PageResult.toEnglish(CHECKLIST_PATH);
  }

  /** Any published version by its number (`2026.1`); a number never published is a 404 page. */
  @Get('lista-di-controllo/:version')
  @Public()
  async checklistVersion(@Param('version') version: string, @PageLanguage() language: Language): Promise<PageResult> {
    const versions = await this.checklist.listVersions();
    const summary = CHECKLIST_VERSION_PATTERN.test(version) ? versions.find((candidate) => candidate.version === version) : undefined;
    if (summary === undefined) throw new NotFoundError('Checklist version');
    const request = this.requestOf(checklistVersionPath(summary.version), language);
    return this.sendChecklist(request, await this.checklist.getVersion(summary.id), versions);
  }

  /** The registry in figures: the same numbers as /opendata/statistics.json, charts drawn here as SVG with a table beside each. */
  @Get('statistiche')
  @Public()
  async statisticsPage(@PageLanguage() language: Language): Promise<PageResult> {
    const request = this.requestOf('/statistiche', language);
    const statistics = await this.statistics.current();
    return this.send(request, translate(language, 'stats.title'), 'statistics', { stats: statisticsView(statistics, language), openDataUrl: OPEN_DATA_STATISTICS_PATH });
  }

  @Get('statistics')
  @Public()
  statisticsInEnglish(): PageResult {
    return PageResult.toEnglish('/statistiche');
  }

  @Get('accessibilita')
  @Public()
  accessibility(@PageLanguage() language: Language): PageResult {
    const request = this.requestOf('/accessibilita', language);
    return this.send(request, translate(request.language, 'a11y.title'), 'accessibility', {});
  }

  @Get('accessibility')
  @Public()
  accessibilityInEnglish(): PageResult {
    return PageResult.toEnglish('/accessibilita');
  }

  @Get('privacy')
  @Public()
  privacy(@PageLanguage() language: Language): PageResult {
    const request = this.requestOf('/privacy', language);
    return this.send(request, translate(request.language, 'privacy.title'), 'privacy', {
      retentionMonths: this.config.reports.retentionMonths,
      complaintMonths: this.config.complaints.retentionMonths,
      sessionHours: this.config.sessionTtlHours,
      garante: SOURCES.garante,
    });
  }

  private sendChecklist(request: PageRequest, version: ChecklistVersionView, versions: readonly ChecklistVersionSummary[]): PageResult {
    const { language } = request;
    const current = versions.find((candidate) => candidate.isCurrent);
    const isCurrent = current?.id === version.id;
    const english = language === 'en';
    const title = isCurrent ? translate(language, 'checklistPage.title') : translate(language, 'checklistPage.versionTitle', { version: version.version });
    return this.send(request, title, 'checklist', {
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
  private requestOf(path: string, language: Language): PageRequest {
    return { language, path, query: {} };
  }

  private send(request: PageRequest, title: string, template: string, view: object): PageResult {
    return PageResult.publicView({ page: request, template, title, view });
  }
}
