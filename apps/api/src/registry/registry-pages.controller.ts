import { CertificateIssuanceService, looksLikePdf } from '@app/certificates';
import { AppConfig } from '@app/config';
import { Clock, DomainError, type Language, romeCalendarDate } from '@app/core';
import { FirmsService, InvalidPhoneNumberError, normalizeVatNumber } from '@app/firms';
import { CERTIFICATE_NUMBER_PATTERN, RATING_STATUSES } from '@app/ratings';
import { certificatePdfPath, firmPagePath, GARANTE_UNWANTED_CALLS_URL, parseRegistrySearch, REGISTRO_OPPOSIZIONI_URL, RegistryFirm, RegistryFirmSummary, RegistryService, SEAL_HEIGHT, SEAL_WIDTH, sealEmbedHtml, sealPath, SearchTooBroadError, Verification, verificationPagePath } from '@app/registry';
import { PublicReportCounts, REPORT_KINDS, ReportsService } from '@app/reports';
import { TransparencyEvidence } from '@app/transparency';
import { Controller, Get, Param, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { MAX_VERIFIED_DOCUMENT_BYTES } from '../certificates/certificates.controller';
import { Public } from '../http/access.decorators';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { formatDate, translate } from '../pages/i18n';
import { PageErrorFilter } from '../pages/page-error.filter';
import { PageLanguage } from '../pages/page-language.decorator';
import { pageHref, PageRequest } from '../pages/page-renderer';
import { PageResult } from '../pages/page-result';
import { displayPhoneNumber } from '../pages/phone-display';
import { pagination } from '../pages/web-lists';
import { FormErrors, readWebForm } from '../pages/web-form';

/** Query strings as Fastify parses them: a repeated parameter is an array. */
type RawQuery = Readonly<Record<string, unknown>>;

const textParam = (value: unknown): string => (typeof value === 'string' ? value : '');
/** A parameter given more than once arrives as an array: refused rather than guessed. */
const repeated = (value: unknown): boolean => value !== undefined && typeof value !== 'string';

interface SearchFieldErrors {
  readonly q: string | null;
  readonly status: string | null;
  readonly province: string | null;
  readonly page: string | null;
}

const NO_SEARCH_ERRORS: SearchFieldErrors = { q: null, status: null, province: null, page: null };

const MAX_VERIFIED_DOCUMENT_MEGABYTES = MAX_VERIFIED_DOCUMENT_BYTES / (1024 * 1024);

/**
 * The public registry as server-rendered pages, Italian first (English with `?lang=en`), no script:
 * shareable GET links for every search and lookup. They read the same cached answers as the JSON API.
 * The one form that posts, the verification of a certificate PDF, goes through WebPages for its token.
 */
@ApiExcludeController()
@UseGuards(PublicRateLimitGuard)
@UseFilters(PageErrorFilter)
@Controller()
export class RegistryPagesController {
  constructor(
    private readonly registry: RegistryService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly issuance: CertificateIssuanceService,
    private readonly firms: FirmsService,
    private readonly reports: ReportsService,
    private readonly transparency: TransparencyEvidence,
  ) {}

  @Get('registro')
  @Public()
  async search(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const request = this.requestOf('/registro', query, ['q', 'stato', 'provincia', 'pagina'], language);
    const form = { q: textParam(query.q), status: textParam(query.stato), province: textParam(query.provincia) };
    const view = { form, statuses: RATING_STATUSES.map((value) => ({ value, selected: value === form.status })), hasErrors: false, errors: NO_SEARCH_ERRORS, results: null };
    const title = translate(language, 'search.title');
    const parsed = parseRegistrySearch({ q: query.q, status: query.stato, province: query.provincia, page: query.pagina });
    if (!parsed.ok) {
      return this.send(400, 'registry-search', request, title, { ...view, hasErrors: true, errors: this.searchErrors(language, parsed.fields, form.q) });
    }
    let page;
    try {
      page = await this.registry.search(parsed.search);
    } catch (error) {
      if (!(error instanceof SearchTooBroadError)) throw error;
      return this.send(422, 'registry-search', request, title, { ...view, hasErrors: true, errors: { ...NO_SEARCH_ERRORS, q: translate(language, 'search.error.broad') } });
    }
    const results = {
      items: page.items.map((item) => ({ ...this.summary(item, language), approximate: item.approximate })),
      pagination: pagination('/registro', { q: form.q.trim(), stato: form.status, provincia: form.province.trim() }, page.page, page.hasMore, language),
    };
    return this.send(200, 'registry-search', request, title, { ...view, results });
  }

  @Get('registro/:vatNumber')
  @Public()
  async firm(@Param('vatNumber') vatNumber: string, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const { value: firm } = await this.registry.firm(vatNumber);
    const path = firmPagePath(firm.vatNumber);
    const request = this.requestOf(path, query, [], language);
    if (vatNumber !== firm.vatNumber) return this.redirect(301, pageHref(path, {}, request.language));
    // Read on every request, outside the registry's cache: the counts change when a report is closed, which the cache does not hear of.
    const reports = await this.reports.publicCounts(await this.firms.findIdByVatNumber(firm.vatNumber));
    return this.send(200, 'registry-firm', request, firm.legalName, { ...this.firmView(firm, request.language), reports: this.reportsView(reports, firm, request.language) });
  }

  @Get('verifica')
  @Public()
  verifyForm(@Query() query: RawQuery, @PageLanguage() language: Language): PageResult {
    const request = this.requestOf('/verifica', query, ['numero'], language);
    const number = textParam(query.numero).trim();
    const title = translate(request.language, 'verify.title');
    if (number === '' && !repeated(query.numero)) return this.send(200, 'verify', request, title, { form: { number }, error: null, result: null, checkedAt: null });
    const canonical = number.toUpperCase();
    if (!CERTIFICATE_NUMBER_PATTERN.test(canonical)) {
      return this.send(400, 'verify', request, title, { form: { number }, error: translate(request.language, 'verify.error.number'), result: null, checkedAt: null });
    }
    return this.redirect(303, pageHref(verificationPagePath(canonical), {}, request.language));
  }

  @Get('verifica/documento')
  @Public()
  verifyDocumentForm(@PageLanguage() language: Language): PageResult {
    return this.sendVerifyDocument(language, new FormErrors(), null);
  }

  /** The same check as POST /api/v1/verify/document, with the registry's answer for the certificate it matches. */
  @Post('verifica/documento')
  @Public()
  async verifyDocument(@Req() request: FastifyRequest, @PageLanguage() pageLanguage: Language): Promise<PageResult> {
    let form;
    try {
      form = await readWebForm(request, ['lang'], { maxFileBytes: MAX_VERIFIED_DOCUMENT_BYTES });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'file_too_large')) throw error;
      // Reading stopped at the limit, before the token was checked: the page only explains, it changes nothing.
      const errors = new FormErrors().add('file', translate(pageLanguage, 'verifyDocument.error.tooLarge', { megabytes: MAX_VERIFIED_DOCUMENT_MEGABYTES }));
      return this.sendVerifyDocument(pageLanguage, errors, null, 413);
    }
    const { file, language } = form;
    if (file === null) return this.sendVerifyDocument(language, new FormErrors().add('file', translate(language, 'verifyDocument.error.missing')), null, 400);
    if (!looksLikePdf(file.bytes)) return this.sendVerifyDocument(language, new FormErrors().add('file', translate(language, 'verifyDocument.error.notPdf')), null, 415);
    const document = await this.issuance.verifyDocument(file.bytes);
    if (document.certificateNumber === null) {
      const notIssued = { outcome: 'unknown', explanation: translate(language, 'verifyDocument.explain.notIssued'), replacedBy: null, publicNote: null, firm: null, rating: null, firmUrl: null };
      return this.sendVerifyDocument(language, new FormErrors(), { ...notIssued, sha256: document.sha256, verifyUrl: null });
    }
    const { value: verification } = await this.registry.verify(document.certificateNumber);
    return this.sendVerifyDocument(language, new FormErrors(), {
      ...this.verificationView(verification, language),
      sha256: document.sha256,
      verifyUrl: pageHref(verificationPagePath(document.certificateNumber), {}, language),
    });
  }

  /** What the QR code on a certificate opens. */
  @Get('verifica/:certificateNumber')
  @Public()
  async verify(@Param('certificateNumber') certificateNumber: string, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const canonical = certificateNumber.trim().toUpperCase();
    const request = this.requestOf(verificationPagePath(canonical), query, [], language);
    const title = translate(language, 'verify.title');
    if (!CERTIFICATE_NUMBER_PATTERN.test(canonical)) {
      return this.send(400, 'verify', request, title, { form: { number: certificateNumber }, error: translate(language, 'verify.error.number'), result: null, checkedAt: null });
    }
    if (canonical !== certificateNumber) return this.redirect(301, pageHref(verificationPagePath(canonical), {}, language));
    const { value: verification } = await this.registry.verify(canonical);
    // The same evidence as the JSON answer: the entry in the transparency log and its proof.
    const transparency = await this.transparency.forCertificate(verification.certificateNumber);
    const result = { ...this.verificationView(verification, language), transparency };
    return this.send(200, 'verify', request, `${translate(language, `verify.outcome.${verification.outcome}`)} ${canonical}`, {
      form: { number: canonical },
      error: null,
      result,
      checkedAt: this.clock.now(),
    });
  }

  @Get('chi-mi-ha-chiamato')
  @Public()
  async phone(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const request = this.requestOf('/chi-mi-ha-chiamato', query, ['numero'], language);
    const number = textParam(query.numero);
    const title = translate(language, 'phone.title');
    const empty = { form: { number }, error: null, result: null, links: null };
    if (repeated(query.numero)) return this.send(400, 'phone-lookup', request, title, { ...empty, error: translate(language, 'phone.error.number') });
    if (number.trim() === '') return this.send(200, 'phone-lookup', request, title, empty);
    let lookup;
    try {
      ({ value: lookup } = await this.registry.lookupPhone(number));
    } catch (error) {
      if (!(error instanceof InvalidPhoneNumberError)) throw error;
      return this.send(400, 'phone-lookup', request, title, { ...empty, error: translate(language, 'phone.error.number') });
    }
    return this.send(200, 'phone-lookup', request, `${title} ${lookup.number}`, {
      ...empty,
      result: { display: displayPhoneNumber(lookup.number), declaredAt: lookup.declaredAt, firm: lookup.firm === null ? null : this.summary(lookup.firm, language) },
      links: { opposizioni: REGISTRO_OPPOSIZIONI_URL, garante: GARANTE_UNWANTED_CALLS_URL, report: pageHref('/segnala', { numero: lookup.number }, language) },
    });
  }

  private firmView(firm: RegistryFirm, language: Language) {
    const { rating } = firm;
    const explained = { active: rating.validUntil, suspended: rating.suspendedAt, revoked: rating.endedAt, expired: rating.endedAt }[firm.status] ?? rating.validUntil;
    // The seal, and the code a firm pastes, speak the page's language.
    const sealHref = pageHref(sealPath(firm.vatNumber), {}, language);
    const page = `${this.config.publicBaseUrl}${pageHref(firmPagePath(firm.vatNumber), {}, language)}`;
    const seal = `${this.config.publicBaseUrl}${sealHref}`;
    return {
      firm,
      rating,
      // A renewal decided in time runs from the day after the previous rating's last day.
      validFrom: romeCalendarDate(rating.validFrom) === romeCalendarDate(rating.issuedAt) ? null : rating.validFrom,
      explanation: translate(language, `firm.explain.${firm.status}`, { date: formatDate(language, explained) }),
      watchUrl: pageHref(`${firmPagePath(firm.vatNumber)}/segui`, {}, language),
      checkedAt: this.clock.now(),
      numbers: firm.callingNumbers.map((number) => ({ display: displayPhoneNumber(number.e164) })),
      timeline: firm.timeline,
      verifyUrl: pageHref(verificationPagePath(rating.certificateNumber), {}, language),
      certificatePdfUrl: rating.certificateSha256 === null ? null : certificatePdfPath(rating.certificateNumber),
      seal: { path: sealHref, width: SEAL_WIDTH, height: SEAL_HEIGHT, embedHtml: sealEmbedHtml({ legalName: firm.legalName, sealUrl: seal, firmPageUrl: page, language }) },
    };
  }

  private reportsView(counts: PublicReportCounts, firm: RegistryFirm, language: Language) {
    return {
      since: counts.since,
      total: counts.substantiated,
      kinds: REPORT_KINDS.map((kind) => ({ kind, count: counts.byKind[kind] })),
      reportUrl: pageHref('/segnala', { numero: firm.callingNumbers[0]?.e164 ?? '' }, language),
    };
  }

  private sendVerifyDocument(language: Language, errors: FormErrors, result: object | null, status = 200): PageResult {
    return PageResult.view(language, {
      template: 'verify-document',
      title: translate(language, 'verifyDocument.title'),
      status,
      view: { errors: errors.view(['file']), megabytes: MAX_VERIFIED_DOCUMENT_MEGABYTES, result, checkedAt: result === null ? null : this.clock.now() },
    });
  }

  private verificationView(verification: Verification, language: Language) {
    const { firm, rating, certificateNumber } = verification;
    if (firm === null || rating === null) {
      return { outcome: verification.outcome, explanation: translate(language, 'verify.explain.unknown', { number: certificateNumber }), replacedBy: null, publicNote: null, firm: null, rating: null, firmUrl: null };
    }
    const dates = { valid: rating.validUntil, suspended: rating.suspendedAt, revoked: rating.endedAt, expired: rating.endedAt, replaced: rating.endedAt, unknown: null };
    const date = dates[verification.outcome] ?? rating.validUntil;
    return {
      outcome: verification.outcome,
      explanation: translate(language, `verify.explain.${verification.outcome}`, { number: certificateNumber, name: firm.legalName, date: formatDate(language, date), replacement: verification.replacedBy ?? '' }),
      replacedBy: verification.replacedBy,
      publicNote: rating.publicNote,
      firm,
      rating,
      firmUrl: pageHref(firmPagePath(firm.vatNumber), {}, language),
    };
  }

  private summary(firm: RegistryFirmSummary, language: Language) {
    return { ...firm, url: pageHref(firmPagePath(firm.vatNumber), {}, language) };
  }

  private searchErrors(language: Language, fields: Record<string, string[]>, q: string): SearchFieldErrors {
    const vatNumber = normalizeVatNumber(q);
    const qError = /^[0-9]{11}$/.test(vatNumber) ? translate(language, 'search.error.vat', { value: vatNumber }) : translate(language, 'search.error.q');
    return {
      q: fields.q ? qError : null,
      status: fields.status ? translate(language, 'search.error.status') : null,
      province: fields.province ? translate(language, 'search.error.province') : null,
      page: fields.page ? translate(language, 'search.error.page') : null,
    };
  }

  /** The visitor's language, and the parameters to keep when they switch to the other one. */
  private requestOf(path: string, query: RawQuery, kept: readonly string[], language: Language): PageRequest {
    const keptQuery: Record<string, string> = {};
    for (const name of kept) {
      const value = query[name];
      if (typeof value === 'string' && value !== '') keptQuery[name] = value;
    }
    return { language, path, query: keptQuery };
  }

  private send(status: number, template: string, page: PageRequest, title: string, view: object): PageResult {
    return PageResult.publicView({ page, template, title, view, status });
  }

  private redirect(status: 301 | 303, location: string): PageResult {
    return PageResult.redirect(location, status);
  }
}
