import { ApplicationsService, EvidenceService } from '@app/applications';
import {
  ApprovalBlockedError,
  AUDIT_STATUSES,
  AuditsService,
  AuditWorkService,
  AwaitingFirmError,
  ComputedAuditItemError,
  correctiveActionDueOn,
  EvidenceNeededError,
  ForeignEvidenceError,
  ReasonsRequiredError,
  UnknownAuditItemError,
} from '@app/audits';
import { Actor, Clock, type Language, NotFoundError, romeCalendarDate } from '@app/core';
import { Permission } from '@app/identity';
import { ReportsService } from '@app/reports';
import { StaffTodosQuery } from '@app/todos';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EvidenceParam } from '../applications/applications.dto';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { calendarDateFromForm } from '../pages/formats';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import {
  auditItemPath,
  auditScreenView,
  auditStatusKey,
  auditStatusOptions,
  EVIDENCE_SLOTS,
  ITEM_FIELDS,
  ItemField,
  itemFieldId,
  PostedForms,
  REPORT_STATS_MONTHS,
  REQUEST_FIELDS,
  requestFieldId,
  VERDICT_FIELDS,
  verdictFieldId,
} from './audit-screen.view';
import { hasMorePages, pageNumber, pagination } from '../pages/web-lists';
import { staffTodoLine } from '../todos/staff-todo.view';
import { AuditIdParam, AuditItemParam, RaiseFindingDto, RecordItemResultDto, RequestInformationDto, VerdictDto } from './audits.dto';

type RawQuery = Readonly<Record<string, unknown>>;

const QUEUE_PAGE_SIZE = 20;
const FINDING_FIELDS = ['severity', 'description', 'correctiveAction'] as const;

const blankToUndefined = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/**
 * The auditor's workspace: the queue of assigned audits, and the audit screen with a form per
 * checklist item, information requests and the proposal; the same services as /api/v1/audits.
 */
@ApiExcludeController()
@Controller()
export class AuditPagesController {
  constructor(
    private readonly audits: AuditsService,
    private readonly work: AuditWorkService,
    private readonly applications: ApplicationsService,
    private readonly evidence: EvidenceService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly todos: StaffTodosQuery,
  ) {}

  @Get('area/verifiche')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async queue(@CurrentActor() actor: Actor, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const status = AUDIT_STATUSES.find((candidate) => candidate === query.stato);
    const page = await this.audits.assignedTo(actor, { status, page: pageNumber(query.pagina), pageSize: QUEUE_PAGE_SIZE });
    const audits = [];
    for (const audit of page.items) {
      const application = await this.applications.get(actor, audit.applicationId);
      audits.push({
        url: pageHref(`/area/verifiche/${audit.id}`, {}, language),
        firmName: audit.firmName,
        submittedAt: application.submittedAt,
        assignedAt: audit.assignedAt,
        status: auditStatusKey(audit.status),
        openInformationRequests: audit.openInformationRequests,
      });
    }
    const view = {
      todos: (await this.todos.forStaff(actor)).map((todo) => staffTodoLine(todo, language)),
      statuses: auditStatusOptions(status ?? ''),
      total: page.total,
      audits,
      pagination: pagination('/area/verifiche', status ? { stato: status } : {}, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
    };
    return PageResult.view(language, { template: 'audit-queue', title: translate(language, 'audit.ws.queue.title'), view, query: status ? { stato: status } : {} });
  }

  @Get('area/verifiche/:id')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async screen(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendScreen(actor, id, language, new FormErrors());
  }

  /** One checklist item: the firm's answer and documents, the questions and findings about it, and its form. */
  @Get('area/verifiche/:id/voci/:itemCode')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async item(@CurrentActor() actor: Actor, @Param() { id, itemCode }: AuditItemParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendItem(actor, id, itemCode, language, new FormErrors());
  }

  /** The exact bytes of one document of the firm, for a cookie session (the API's download takes bearer tokens only). */
  @Get('area/verifiche/domande/:id/documenti/:evidenceId')
  @BrowserPage()
  @RequirePermission(Permission.AuditRead)
  async evidenceContent(@CurrentActor() actor: Actor, @Param() { id, evidenceId }: EvidenceParam): Promise<PageResult> {
    const content = await this.evidence.content(actor, id, evidenceId);
    return PageResult.download(content);
  }

  @Post('area/verifiche/:id/voci/:itemCode')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async recordItem(
    @CurrentActor() actor: Actor,
    @Param('id') rawId: string,
    @Param('itemCode') rawItemCode: string,
    @Req() request: FastifyRequest,
  ): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...ITEM_FIELDS, ...EVIDENCE_SLOTS, 'lang']);
    // The path is checked after the form token, so a forged post is refused as such whatever its path.
    const path = await validateForm(AuditItemParam, { id: rawId, itemCode: rawItemCode });
    if (!path.ok) throw new NotFoundError('Audit item');
    const { id, itemCode } = path.value;
    const form = Object.fromEntries(ITEM_FIELDS.map((field) => [field, values[field] ?? ''])) as Record<ItemField, string>;
    const evidenceIds = EVIDENCE_SLOTS.map((slot) => values[slot]).filter((value): value is string => value !== undefined);
    const posted: PostedForms = { item: { code: itemCode, values: form, evidenceIds } };
    const errors = new FormErrors();
    const fieldError = (field: ItemField, key: string) => errors.add(itemFieldId(itemCode, field), translate(language, key));

    const result = await validateForm(RecordItemResultDto, { result: form.result, note: form.note, evidenceIds });
    if (!result.ok) {
      if (result.invalid.has('result')) fieldError('result', 'audit.ws.error.result');
      if (result.invalid.has('note')) fieldError('note', 'audit.ws.error.note');
      if (result.invalid.has('evidenceIds')) fieldError('evidence', 'audit.ws.error.evidence');
    }
    const wantsFinding = FINDING_FIELDS.some((field) => form[field].trim() !== '');
    const dueOn = form.dueOn.trim() === '' ? {} : { dueOn: calendarDateFromForm(form.dueOn) };
    const finding = wantsFinding ? await validateForm(RaiseFindingDto, { itemCode, severity: form.severity, description: form.description, correctiveAction: form.correctiveAction, ...dueOn }) : null;
    if (finding && !finding.ok) for (const field of [...FINDING_FIELDS, 'dueOn'] as const) if (finding.invalid.has(field)) fieldError(field, `audit.ws.error.${field}`);
    if (!result.ok || (finding && !finding.ok)) return this.sendItem(actor, id, itemCode, language, errors, posted, 400);
    // Checked before anything is saved: the result and the finding are saved one after the other.
    const due = finding?.ok ? correctiveActionDueOn(finding.value.dueOn, romeCalendarDate(this.clock.now())) : null;
    if (due && !due.ok) {
      fieldError('dueOn', due.problem === 'past_date' ? 'audit.ws.error.dueOnPast' : 'audit.ws.error.dueOn');
      return this.sendItem(actor, id, itemCode, language, errors, posted, 422);
    }

    try {
      await this.work.recordItemResult(actor, id, itemCode, { result: result.value.result, note: result.value.note ?? '', evidenceIds: result.value.evidenceIds ?? [] });
      if (finding?.ok) await this.work.raiseFinding(actor, id, finding.value);
    } catch (error) {
      if (error instanceof EvidenceNeededError || error instanceof ForeignEvidenceError) fieldError('evidence', 'audit.ws.error.evidenceNeeded');
      else if (error instanceof ComputedAuditItemError || error instanceof UnknownAuditItemError) fieldError('result', 'audit.ws.error.notDeclared');
      else throw error;
      return this.sendItem(actor, id, itemCode, language, errors, posted, 422);
    }
    // Back to the same item, with the confirmation: the auditor goes on from where they were.
    return PageResult.afterForm(auditItemPath(id, itemCode), language, { key: finding ? 'audit.ws.flash.itemAndFinding' : 'audit.ws.flash.itemSaved', values: { code: itemCode } });
  }

  @Post('area/verifiche/:id/richieste')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async requestInformation(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...REQUEST_FIELDS, 'lang']);
    const form = { itemCode: values.itemCode ?? '', question: values.question ?? '' };
    const errors = new FormErrors();
    const validated = await validateForm(RequestInformationDto, { itemCode: blankToUndefined(form.itemCode), question: form.question.trim() });
    if (!validated.ok) {
      for (const field of REQUEST_FIELDS) if (validated.invalid.has(field)) errors.add(requestFieldId(field), translate(language, `audit.ws.error.request.${field}`));
      return this.sendScreen(actor, id, language, errors, { request: form }, 400);
    }
    try {
      await this.work.requestInformation(actor, id, validated.value);
    } catch (error) {
      if (!(error instanceof UnknownAuditItemError)) throw error;
      errors.add(requestFieldId('itemCode'), translate(language, 'audit.ws.error.request.itemCode'));
      return this.sendScreen(actor, id, language, errors, { request: form }, 422);
    }
    return PageResult.afterForm(`/area/verifiche/${id}`, language, { key: 'audit.ws.flash.requested' });
  }

  @Post('area/verifiche/:id/proposta')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async propose(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...VERDICT_FIELDS, 'lang']);
    const form = { outcome: values.outcome ?? '', reasons: values.reasons ?? '' };
    const errors = new FormErrors();
    const validated = await validateForm(VerdictDto, { outcome: form.outcome, reasons: blankToUndefined(form.reasons) });
    if (!validated.ok) {
      for (const field of VERDICT_FIELDS) if (validated.invalid.has(field)) errors.add(verdictFieldId(field), translate(language, `audit.ws.error.verdict.${field}`));
      return this.sendScreen(actor, id, language, errors, { verdict: form }, 400);
    }
    try {
      await this.work.propose(actor, id, validated.value);
    } catch (error) {
      if (error instanceof ApprovalBlockedError) errors.add(verdictFieldId('outcome'), translate(language, 'audit.ws.error.approvalBlocked'));
      else if (error instanceof ReasonsRequiredError) errors.add(verdictFieldId('reasons'), translate(language, 'audit.ws.error.verdict.reasons'));
      else if (error instanceof AwaitingFirmError) errors.add(verdictFieldId('outcome'), translate(language, 'audit.ws.error.awaitingFirm'));
      else throw error;
      return this.sendScreen(actor, id, language, errors, { verdict: form }, error instanceof AwaitingFirmError ? 409 : 422);
    }
    return PageResult.afterForm(`/area/verifiche/${id}`, language, { key: `audit.ws.flash.proposed.${validated.value.outcome}` });
  }

  /** Takes the proposal back, before a reviewer decides, to change the audit. */
  @Post('area/verifiche/:id/proposta/ritiro')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async withdrawProposal(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    await this.work.withdrawProposal(actor, id);
    return PageResult.afterForm(`/area/verifiche/${id}`, language, { key: 'audit.ws.flash.withdrawn' });
  }

  private async sendScreen(actor: Actor, auditId: string, language: Language, errors: FormErrors, posted: PostedForms = {}, status = 200): Promise<PageResult> {
    const screen = await this.audits.screen(actor, auditId);
    const reports = await this.reports.stats(screen.audit.firmId, REPORT_STATS_MONTHS);
    const view = { ...auditScreenView(screen, actor, language, errors, posted, reports.months, romeCalendarDate(this.clock.now())), heading: 'audit.ws.screen.heading', review: null };
    return PageResult.view(language, { template: 'audit-screen', title: translate(language, 'audit.ws.screen.title', { firm: screen.firm.legalName }), status, view });
  }

  private async sendItem(
    actor: Actor,
    auditId: string,
    itemCode: string,
    language: Language,
    errors: FormErrors,
    posted: PostedForms = {},
    status = 200,
  ): Promise<PageResult> {
    const screen = await this.audits.screen(actor, auditId);
    const position = screen.items.findIndex((entry) => entry.item.code === itemCode);
    if (position === -1) throw new NotFoundError('Audit item');
    const whole = auditScreenView(screen, actor, language, errors, posted, [], romeCalendarDate(this.clock.now()));
    const item = whole.items[position];
    const neighbour = (entry: (typeof whole.items)[number] | undefined) => entry && { code: entry.code, url: entry.url };
    const view = {
      audit: whole.audit,
      firm: whole.firm,
      progress: whole.progress,
      item,
      questions: whole.informationRequests.filter((asked) => asked.itemCode === itemCode),
      findings: whole.findings.filter((finding) => finding.itemCode === itemCode),
      previous: neighbour(whole.items[position - 1]),
      next: neighbour(whole.items[position + 1]),
      overviewUrl: pageHref(`/area/verifiche/${auditId}`, {}, language),
      errorSummary: whole.errorSummary,
    };
    return PageResult.view(language, { template: 'audit-item', title: translate(language, 'auditScreen.item.title', { code: itemCode, firm: screen.firm.legalName }), status, view });
  }
}
