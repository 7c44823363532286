import { Actor, DomainError, type Language } from '@app/core';
import { Permission } from '@app/identity';
import { assertReportTransition, FirmReportsService, REPORT_STATUSES, ReportStatus, ReportTriageService, TriageReportDetail } from '@app/reports';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { hasMorePages, optionalText, pageNumber, pagination, pathId, RawQuery, selectOptions } from '../pages/web-lists';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { AnswerReportDto, CloseReportDto, DismissReportDto, ForwardReportDto } from './reports.dto';

const PAGE_SIZE = 20;
const FIRM_LIST = '/area/azienda/segnalazioni';
const TRIAGE_LIST = '/area/segnalazioni';
const TRIAGE_FIELDS = ['forward-note', 'close-substantiated', 'close-note', 'dismiss-note'] as const;

const answerFieldId = (reportId: string): string => `answer-${reportId}`;
const triagePath = (reportId: string): string => `${TRIAGE_LIST}/${reportId}`;

/** What staff posted on the report page, kept when the form comes back with errors. */
type TriageForm = Readonly<Record<(typeof TRIAGE_FIELDS)[number], string>>;
const EMPTY_TRIAGE_FORM: TriageForm = { 'forward-note': '', 'close-substantiated': '', 'close-note': '', 'dismiss-note': '' };

const substantiatedValue = (raw: string): boolean | undefined => (raw === 'true' ? true : raw === 'false' ? false : undefined);

/**
 * Consumer reports in the workspace: the firm's own reports and its answer, and the staff triage
 * queue with forward, close and dismiss, on the same services as the JSON API.
 */
@ApiExcludeController()
@Controller()
export class ReportWorkspacePagesController {
  constructor(
    private readonly firmReports: FirmReportsService,
    private readonly triage: ReportTriageService,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/azienda/segnalazioni')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async firmList(@CurrentActor() actor: Actor, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendFirmList(actor, pageNumber(query.pagina), language, new FormErrors());
  }

  @Post('area/azienda/segnalazioni/:id/risposta')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async answer(@CurrentActor() actor: Actor, @Param('id') rawId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['answer', 'pagina', 'lang']);
    const id = pathId(rawId);
    const answer = values.answer ?? '';
    const validated = await validateForm(AnswerReportDto, { answer });
    if (!validated.ok) {
      const errors = new FormErrors().add(answerFieldId(id), translate(language, 'report.ws.error.answer'));
      return this.sendFirmList(actor, pageNumber(values.pagina), language, errors, { id, answer }, 400);
    }
    const answered = await this.firmReports.answer(actor, id, validated.value.answer);
    return PageResult.afterForm(FIRM_LIST, language, { key: 'report.ws.flash.answered', values: { reference: answered.reference } });
  }

  @Get('area/segnalazioni')
  @BrowserPage()
  @RequirePermission(Permission.ReportTriage)
  async queue(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const status = REPORT_STATUSES.find((each) => each === query.stato) ?? null;
    const page = await this.triage.list({ status: status ?? undefined, page: pageNumber(query.pagina), pageSize: PAGE_SIZE });
    const view = {
      total: page.total,
      filterAction: pageHref(TRIAGE_LIST, {}, language),
      statuses: selectOptions(language, REPORT_STATUSES, 'report.ws.status.', status),
      reports: page.items.map((report) => ({
        url: pageHref(triagePath(report.id), {}, language),
        reference: report.reference,
        number: report.number,
        firmName: report.firmName,
        kind: `firm.reports.kind.${report.kind}`,
        calledAt: report.calledAt,
        receivedAt: report.receivedAt,
        status: `report.ws.status.${report.status}`,
        overdue: report.overdue,
        answerDueAt: report.answerDueAt,
      })),
      pagination: pagination(TRIAGE_LIST, { stato: status ?? '' }, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
    };
    return PageResult.view(language, { template: 'report-ws-triage', title: translate(language, 'report.ws.triage.title'), view });
  }

  @Get('area/segnalazioni/:id')
  @BrowserPage()
  @RequirePermission(Permission.ReportTriage)
  async report(@Param('id') rawId: string, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendReport(pathId(rawId), language, new FormErrors(), EMPTY_TRIAGE_FORM);
  }

  @Post('area/segnalazioni/:id/inoltro')
  @BrowserPage()
  @RequirePermission(Permission.ReportTriage)
  async forward(@CurrentActor() actor: Actor, @Param('id') rawId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['note', CONFIRMATION_FIELD, 'lang']);
    const id = pathId(rawId);
    const note = optionalText(values.note);
    const validated = await validateForm(ForwardReportDto, note === null ? {} : { note });
    if (!validated.ok) {
      const errors = new FormErrors().add('forward-note', translate(language, 'report.ws.error.note'));
      return this.sendReport(id, language, errors, { ...EMPTY_TRIAGE_FORM, 'forward-note': values.note ?? '' }, 400);
    }
    const token = confirmationToken(values);
    if (token === null) {
      // Once forwarded, the firm reads the report and must answer: asked first.
      const report = await this.triage.get(id);
      return this.confirmations.page(language, {
        act: 'reportForward',
        values: { reference: report.reference },
        facts: note === null ? [] : [{ label: translate(language, 'confirm.report.note'), value: note }],
        action: pageHref(`${triagePath(id)}/inoltro`, {}, language),
        fields: note === null ? {} : { note: values.note ?? '' },
        cancel: triagePath(id),
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.triage.forward(actor, id, validated.value.note ?? null));
    return PageResult.afterForm(triagePath(id), language, { key: outcome.repeated ? 'confirm.repeated' : 'report.ws.flash.forwarded' });
  }

  @Post('area/segnalazioni/:id/chiusura')
  @BrowserPage()
  @RequirePermission(Permission.ReportTriage)
  async close(@CurrentActor() actor: Actor, @Param('id') rawId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['substantiated', 'note', CONFIRMATION_FIELD, 'lang']);
    const id = pathId(rawId);
    const validated = await validateForm(CloseReportDto, { substantiated: substantiatedValue(values.substantiated ?? ''), note: values.note ?? '' });
    if (!validated.ok) {
      const errors = new FormErrors();
      if (validated.invalid.has('substantiated')) errors.add('close-substantiated', translate(language, 'report.ws.error.substantiated'));
      if (validated.invalid.has('note')) errors.add('close-note', translate(language, 'report.ws.error.note'));
      const form = { ...EMPTY_TRIAGE_FORM, 'close-substantiated': values.substantiated ?? '', 'close-note': values.note ?? '' };
      return this.sendReport(id, language, errors, form, 400);
    }
    const { substantiated, note } = validated.value;
    const token = confirmationToken(values);
    if (token === null) {
      // Closing is final and the reporter reads the outcome: asked first.
      const report = await this.triage.get(id);
      return this.confirmations.page(language, {
        act: 'reportClose',
        values: { reference: report.reference, outcome: translate(language, `confirm.reportClose.${substantiated ? 'substantiated' : 'unsubstantiated'}`) },
        facts: [{ label: translate(language, 'confirm.report.note'), value: note }],
        action: pageHref(`${triagePath(id)}/chiusura`, {}, language),
        fields: { substantiated: String(substantiated), note: values.note ?? '' },
        cancel: triagePath(id),
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.triage.close(actor, id, substantiated, note));
    return PageResult.afterForm(triagePath(id), language, { key: outcome.repeated ? 'confirm.repeated' : 'report.ws.flash.closed' });
  }

  @Post('area/segnalazioni/:id/archiviazione')
  @BrowserPage()
  @RequirePermission(Permission.ReportTriage)
  async dismiss(@CurrentActor() actor: Actor, @Param('id') rawId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['note', CONFIRMATION_FIELD, 'lang']);
    const id = pathId(rawId);
    const validated = await validateForm(DismissReportDto, { note: values.note ?? '' });
    if (!validated.ok) {
      const errors = new FormErrors().add('dismiss-note', translate(language, 'report.ws.error.note'));
      return this.sendReport(id, language, errors, { ...EMPTY_TRIAGE_FORM, 'dismiss-note': values.note ?? '' }, 400);
    }
    const token = confirmationToken(values);
    if (token === null) {
      const report = await this.triage.get(id);
      return this.confirmations.page(language, {
        act: 'reportDismiss',
        values: { reference: report.reference },
        facts: [{ label: translate(language, 'confirm.report.note'), value: validated.value.note }],
        action: pageHref(`${triagePath(id)}/archiviazione`, {}, language),
        fields: { note: values.note ?? '' },
        cancel: triagePath(id),
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.triage.dismiss(actor, id, validated.value.note));
    return PageResult.afterForm(triagePath(id), language, { key: outcome.repeated ? 'confirm.repeated' : 'report.ws.flash.dismissed' });
  }

  private async sendFirmList(
    actor: Actor,
    pageWanted: number,
    language: Language,
    errors: FormErrors,
    posted: { readonly id: string; readonly answer: string } | null = null,
    status = 200,
  ): Promise<PageResult> {
    const page = await this.firmReports.list(actor, undefined, pageWanted, PAGE_SIZE);
    const fieldIds = page.items.map((report) => answerFieldId(report.id));
    const shown = errors.view(fieldIds);
    const reports = page.items.map((report) => {
      const fieldId = answerFieldId(report.id);
      return {
        reference: report.reference,
        number: report.number,
        calledAt: report.calledAt,
        kind: `firm.reports.kind.${report.kind}`,
        description: report.description,
        duplicateCount: report.duplicateCount,
        status: `report.ws.status.${report.status}`,
        forwardedAt: report.forwardedAt,
        answerDueAt: report.answerDueAt,
        overdue: report.overdue,
        answer: report.answer,
        answeredAt: report.answeredAt,
        reporterEmail: report.reporterEmail,
        answerForm: allows(report.status, true, 'answered')
          ? { action: pageHref(`${FIRM_LIST}/${report.id}/risposta`, {}, language), fieldId, value: posted?.id === report.id ? posted.answer : '', error: shown.field[fieldId] }
          : null,
      };
    });
    const view = {
      total: page.total,
      reports,
      page: String(page.page),
      errorSummary: shown.summary,
      pagination: pagination(FIRM_LIST, {}, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
    };
    return PageResult.view(language, { template: 'report-ws-firm', title: translate(language, 'report.ws.firm.title'), status, view });
  }

  private async sendReport(id: string, language: Language, errors: FormErrors, form: TriageForm, status = 200): Promise<PageResult> {
    const report = await this.triage.get(id);
    const shown = errors.view(TRIAGE_FIELDS);
    const linked = report.firmId !== null;
    const action = (path: string) => pageHref(`${triagePath(id)}/${path}`, {}, language);
    const view = {
      report: reportFacts(report),
      transitions: report.transitions.map((transition) => ({
        from: `report.ws.status.${transition.from}`,
        to: `report.ws.status.${transition.to}`,
        note: transition.note,
        occurredAt: transition.occurredAt,
      })),
      forward: allows(report.status, linked, 'forwarded_to_firm') ? { action: action('inoltro') } : null,
      close: allows(report.status, linked, 'closed')
        ? { action: action('chiusura'), substantiatedYes: form['close-substantiated'] === 'true', substantiatedNo: form['close-substantiated'] === 'false' }
        : null,
      dismiss: allows(report.status, linked, 'dismissed') ? { action: action('archiviazione') } : null,
      form,
      errors: shown,
      queueUrl: pageHref(TRIAGE_LIST, {}, language),
    };
    return PageResult.view(language, { template: 'report-ws-report', title: translate(language, 'report.ws.report.title', { reference: report.reference }), status, view });
  }
}

/** Whether the report's lifecycle lets it move to `to` now: the same check the services make. */
function allows(status: ReportStatus, linkedToFirm: boolean, to: ReportStatus): boolean {
  try {
    assertReportTransition({ status, linkedToFirm }, to);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

function reportFacts(report: TriageReportDetail) {
  return {
    reference: report.reference,
    number: report.number,
    firmName: report.firmName,
    calledAt: report.calledAt,
    kind: `firm.reports.kind.${report.kind}`,
    description: report.description,
    reporterEmail: report.reporterEmail,
    duplicateCount: report.duplicateCount,
    receivedAt: report.receivedAt,
    status: `report.ws.status.${report.status}`,
    outcome: `report.ws.outcome.${report.outcome}`,
    answerDueAt: report.answerDueAt,
    overdue: report.overdue,
    firmAnswer: report.firmAnswer,
    answeredAt: report.answeredAt,
  };
}
