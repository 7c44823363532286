import { AppConfig } from '@app/config';
import { Clock, DomainError, type Language, romeCalendarDate, romeWallClockToInstant } from '@app/core';
import { DESCRIPTION_MAX_LENGTH, PublicReportStatus, REPORT_KINDS, ReportNotFoundError, ReportsService } from '@app/reports';
import { normalizePhoneNumber } from '@app/firms';
import { GARANTE_UNWANTED_CALLS_URL, REGISTRO_OPPOSIZIONI_URL } from '@app/registry';
import { Controller, Get, Param, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { validationPipe } from '../http/validation';
import { formatDate } from '../pages/i18n';
import { PageErrorFilter } from '../pages/page-error.filter';
import { PageLanguage } from '../pages/page-language.decorator';
import { pageHref, PageRequest } from '../pages/page-renderer';
import { PageResult } from '../pages/page-result';
import { displayPhoneNumber } from '../pages/phone-display';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { fillText, kindLabel, reportTexts, ReportTexts, statusLabel } from './report-pages.i18n';
import { newReportOf, SubmitReportDto } from './reports.dto';
import { calendarDateFromForm } from '../pages/formats';
import { readWebForm } from '../pages/web-form';

type RawQuery = Readonly<Record<string, unknown>>;

const FORM_FIELDS = ['numero', 'giorno', 'ora', 'tipo', 'descrizione', 'email', 'consenso', 'lang'] as const;

interface ReportForm {
  readonly number: string;
  readonly day: string;
  readonly time: string;
  readonly kind: string;
  readonly description: string;
  readonly email: string;
  readonly consent: boolean;
}

interface FormErrors {
  form: string | null;
  number: string | null;
  day: string | null;
  time: string | null;
  kind: string | null;
  description: string | null;
  email: string | null;
  consent: string | null;
}

const noErrors = (): FormErrors => ({ form: null, number: null, day: null, time: null, kind: null, description: null, email: null, consent: null });
const hasAny = (errors: FormErrors): boolean => Object.values(errors).some((message) => message !== null);

/** The fields of the API's body that a form field feeds, and the text that explains each one's problem. */
const FIELD_OF_API_FIELD: Readonly<Record<string, { field: keyof FormErrors; text: keyof ReportTexts }>> = {
  number: { field: 'number', text: 'errorNumber' },
  calledAt: { field: 'day', text: 'errorCalledAt' },
  kind: { field: 'kind', text: 'errorKind' },
  description: { field: 'description', text: 'errorDescription' },
  email: { field: 'email', text: 'errorEmail' },
};

/**
 * The consumer's report pages, without script: `/segnala` (the form, prefilled by `?numero=` from the
 * registry's pages) posts to itself and answers with a redirect to `/segnala/{reference}`, the status
 * page, which is also where the consumer comes back. They share the public rate limit and layout.
 */
@ApiExcludeController()
@UseGuards(PublicRateLimitGuard)
@UseFilters(PageErrorFilter)
@Controller('segnala')
export class ReportPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  form(@Query() query: RawQuery, @PageLanguage() language: Language): PageResult {
    const number = typeof query.numero === 'string' ? query.numero.slice(0, 40) : '';
    const page = this.requestOf('/segnala', language, number === '' ? {} : { numero: number });
    const form: ReportForm = { number, day: '', time: '', kind: '', description: '', email: '', consent: false };
    return this.sendForm(200, page, form, noErrors());
  }

  @Post()
  @Public()
  async submit(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, truncated, language } = await readWebForm(request, FORM_FIELDS);
    const page = this.requestOf('/segnala', language, {});
    const texts = reportTexts(page.language, this.config.reports.retentionMonths);
    const form: ReportForm = {
      number: values.numero ?? '',
      // A date picker sends 2026-11-20; where the browser has none, people type 20/11/2026.
      day: calendarDateFromForm(values.giorno ?? ''),
      time: values.ora ?? '',
      kind: values.tipo ?? '',
      description: values.descrizione ?? '',
      email: (values.email ?? '').trim(),
      consent: values.consenso !== undefined,
    };
    const errors = noErrors();
    if (truncated.size > 0) errors.form = texts.errorForm;
    if (truncated.has('descrizione')) errors.description = texts.errorDescription;
    if (!normalizePhoneNumber(form.number).ok) errors.number = texts.errorNumber;
    // Each part on its own first, so the visitor learns which of the two is wrong.
    if (romeWallClockToInstant(form.day.trim(), '12:00') === null) errors.day = texts.errorDay;
    if (romeWallClockToInstant('2000-01-01', form.time.trim()) === null) errors.time = texts.errorTime;
    const calledAt = romeWallClockToInstant(form.day.trim(), form.time.trim());
    if (form.consent && form.email === '') errors.consent = texts.errorConsent;

    // The API's own validation, so the form accepts exactly what POST /api/v1/reports accepts.
    const body = {
      number: form.number,
      calledAt: (calledAt ?? new Date(0)).toISOString(),
      kind: form.kind,
      description: form.description,
      ...(form.email === '' ? {} : { email: form.email }),
      shareContactWithFirm: form.consent,
    };
    try {
      const dto = (await validationPipe().transform(body, { type: 'body', metatype: SubmitReportDto })) as SubmitReportDto;
      if (hasAny(errors)) return this.sendForm(400, page, form, errors);
      const submitted = await this.reports.submit(newReportOf(dto, request.ip, page.language));
      const outcome = submitted.duplicate ? { inviata: 'doppia' } : { inviata: 'si' };
      return PageResult.redirect(pageHref(`/segnala/${submitted.reference}`, outcome, page.language), 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'bad_request') throw error;
      const fields = (error.details?.fields ?? {}) as Record<string, unknown>;
      for (const name of Object.keys(fields)) {
        const target = FIELD_OF_API_FIELD[name];
        if (target && errors[target.field] === null && !(name === 'calledAt' && (errors.day !== null || errors.time !== null))) errors[target.field] = texts[target.text];
      }
      if (!hasAny(errors)) throw error;
      return this.sendForm(400, page, form, errors);
    }
  }

  @Get(':reference')
  @Public()
  async status(@Param('reference') reference: string, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const page = this.requestOf(`/segnala/${reference}`, language, {});
    const texts = reportTexts(page.language, this.config.reports.retentionMonths);
    const links = { garante: GARANTE_UNWANTED_CALLS_URL, opposizioni: REGISTRO_OPPOSIZIONI_URL, newReport: pageHref('/segnala', {}, page.language) };
    let report: PublicReportStatus;
    try {
      report = await this.reports.publicStatus(reference);
    } catch (error) {
      if (!(error instanceof ReportNotFoundError)) throw error;
      return this.send(404, 'report-status', page, texts.notFoundTitle, { text: texts, report: null, received: false, duplicate: false, receivedText: '', title: '', links });
    }
    if (report.reference !== reference) return PageResult.redirect(pageHref(`/segnala/${report.reference}`, {}, page.language), 301);
    const title = fillText(texts.statusTitle, { reference: report.reference });
    return this.send(200, 'report-status', page, title, {
      text: texts,
      title,
      received: query.inviata === 'si' || query.inviata === 'doppia',
      duplicate: query.inviata === 'doppia',
      receivedText: fillText(texts.receivedText, { reference: report.reference }),
      report: {
        reference: report.reference,
        number: displayPhoneNumber(report.number),
        kind: kindLabel(texts, report.kind),
        callDay: formatDate(page.language, new Date(`${report.callDay}T12:00:00Z`)),
        callDayIso: report.callDay,
        receivedAt: report.receivedAt,
        status: statusLabel(texts, report.status, report.outcome),
        numberDeclared: report.numberDeclared,
        forwardedAt: report.forwardedAt,
        answeredAt: report.answeredAt,
        finishedAt: report.finishedAt,
      },
      links,
    });
  }

  private sendForm(status: number, page: PageRequest, form: ReportForm, errors: FormErrors): PageResult {
    const texts = reportTexts(page.language, this.config.reports.retentionMonths);
    return this.send(status, 'report-form', page, texts.formTitle, {
      text: texts,
      form,
      errors,
      hasErrors: hasAny(errors),
      kinds: REPORT_KINDS.map((value) => ({ value, label: kindLabel(texts, value), selected: value === form.kind })),
      descriptionMax: DESCRIPTION_MAX_LENGTH,
      today: romeCalendarDate(this.clock.now()),
    });
  }

  private requestOf(path: string, language: Language, kept: Record<string, string>): PageRequest {
    return { language, path, query: kept };
  }

  /** Personal (the form keeps what was typed; the status is the reporter's), so never stored. */
  private send(status: number, template: string, page: PageRequest, title: string, view: object): PageResult {
    return PageResult.publicView({ page, template, title, view, status, caching: 'no-store', withForm: template === 'report-form' });
  }
}
