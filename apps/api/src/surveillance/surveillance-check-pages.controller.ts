import { Actor, type Language, NotFoundError } from '@app/core';
import { ChecklistService } from '@app/checklist';
import { Permission } from '@app/identity';
import { InvalidDueDateError } from '@app/audits';
import { CHECK_ITEM_RESULTS, CHECK_OUTCOMES, FINDING_SEVERITIES, ItemsWithoutResultError, SurveillanceChecksService, SurveillanceCheckView } from '@app/surveillance';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { calendarDateFromForm, formatCalendarDate } from '../pages/formats';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { CheckItemParam, DecideCheckDto, ProposeCheckDto, RaiseCheckFindingDto, RecordCheckItemDto } from './surveillance.dto';

export const AUDITOR_CHECKS = '/area/verifiche/sorveglianza';
export const REVIEWER_CHECKS = '/area/decisioni/sorveglianza';
const ITEM_FIELDS = ['result', 'note'] as const;
const OUTCOME_FIELDS = ['outcome', 'reasons', 'publicNote'] as const;
type OutcomeForm = { readonly [F in (typeof OUTCOME_FIELDS)[number]]: string };
type ItemForm = { readonly itemCode: string; readonly result: string; readonly note: string };
const itemFieldId = (itemCode: string, field: (typeof ITEM_FIELDS)[number]) => `${field}-${itemCode}`;
const EMPTY_OUTCOME: OutcomeForm = { outcome: '', reasons: '', publicNote: '' };
const FINDING_FIELDS = ['itemCode', 'severity', 'description', 'correctiveAction', 'dueOn'] as const;
type FindingForm = { readonly [F in (typeof FINDING_FIELDS)[number]]: string };
const EMPTY_FINDING: FindingForm = { itemCode: '', severity: '', description: '', correctiveAction: '', dueOn: '' };
const findingFieldId = (field: (typeof FINDING_FIELDS)[number]) => `finding-${field}`;
export const FIRM_FINDINGS = '/area/azienda/sorveglianza';

/** What a page of a check shows and lets its viewer do: the auditor runs it, a reviewer decides it. */
type CheckRole = 'auditor' | 'reviewer';

/**
 * The surveillance checks in the workspace, on the same service as /api/v1/surveillance/checks: the
 * auditor's queue and the check form (a result per item the plan named, then the proposal), the
 * reviewer's queue and decision (four-eyes is the service's; a decision is final, so it is confirmed).
 */
@ApiExcludeController()
@Controller()
export class SurveillanceCheckPagesController {
  constructor(
    private readonly checks: SurveillanceChecksService,
    private readonly checklist: ChecklistService,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/verifiche/sorveglianza')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  auditorQueue(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.queuePage(actor, language, 'auditor');
  }

  @Get('area/verifiche/sorveglianza/:id')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async auditorCheck(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.checkPage(language, 'auditor', await this.checks.get(actor, id));
  }

  @Post('area/verifiche/sorveglianza/:id/voci/:itemCode')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async recordItem(
    @CurrentActor() actor: Actor,
    @Param('id') rawId: string,
    @Param('itemCode') rawItemCode: string,
    @Req() request: FastifyRequest,
  ): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...ITEM_FIELDS, 'lang']);
    // The path is checked after the form token, so a forged post is refused as such whatever its path.
    const path = await validateForm(CheckItemParam, { id: rawId, itemCode: rawItemCode });
    if (!path.ok) throw new NotFoundError('Surveillance check item');
    const { id, itemCode } = path.value;
    const form: ItemForm = { itemCode, result: values.result ?? '', note: (values.note ?? '').trim() };
    const validated = await validateForm(RecordCheckItemDto, form.note === '' ? { result: form.result } : { result: form.result, note: form.note });
    if (!validated.ok) {
      const errors = new FormErrors();
      for (const field of ITEM_FIELDS) if (validated.invalid.has(field)) errors.add(itemFieldId(itemCode, field), translate(language, `surveillance.ws.check.error.${field}`));
      return this.checkPage(language, 'auditor', await this.checks.get(actor, id), errors, { item: form }, 400);
    }
    await this.checks.recordItem(actor, id, itemCode, validated.value);
    return PageResult.afterForm(`${AUDITOR_CHECKS}/${id}#item-${itemCode}`, language, { key: 'surveillance.ws.check.recorded', values: { code: itemCode } });
  }

  @Post('area/verifiche/sorveglianza/:id/rilievi')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async raiseFinding(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...FINDING_FIELDS, 'lang']);
    const form = Object.fromEntries(FINDING_FIELDS.map((field) => [field, (values[field] ?? '').trim()])) as FindingForm;
    const dueOn = calendarDateFromForm(form.dueOn);
    const validated = await validateForm(RaiseCheckFindingDto, { itemCode: form.itemCode, severity: form.severity, description: form.description, correctiveAction: form.correctiveAction, ...(dueOn === '' ? {} : { dueOn }) });
    const fail = (invalid: ReadonlySet<string>, status: number, key = (field: string) => `surveillance.ws.finding.error.${field}`) => {
      const errors = new FormErrors();
      for (const field of FINDING_FIELDS) if (invalid.has(field)) errors.add(findingFieldId(field), translate(language, key(field)));
      return this.checks.get(actor, id).then((check) => this.checkPage(language, 'auditor', check, errors, { finding: form }, status));
    };
    if (!validated.ok) return fail(validated.invalid, 400);
    try {
      await this.checks.raiseFinding(actor, id, validated.value);
    } catch (error) {
      if (error instanceof InvalidDueDateError) return fail(new Set(['dueOn']), 422, () => 'surveillance.ws.finding.error.duePast');
      throw error;
    }
    return PageResult.afterForm(`${AUDITOR_CHECKS}/${id}#findings-title`, language, { key: 'surveillance.ws.finding.raised' });
  }

  /** The firm's side: the findings of its surveillance checks, with what it must do and by when. */
  @Get('area/azienda/sorveglianza')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async firmFindings(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    const findings = (await this.checks.findingsOfOwnFirm(actor)).map((finding) => ({
      ...finding,
      severity: `surveillance.ws.finding.severity.${finding.severity}`,
      checkKind: `surveillance.ws.check.kind.${finding.checkKind}`,
      dueOnText: formatCalendarDate(language, finding.dueOn),
    }));
    const title = translate(language, 'surveillance.ws.firm.title');
    return PageResult.view(language, { template: 'surveillance-firm-findings', title, view: { heading: title, findings } });
  }

  @Post('area/verifiche/sorveglianza/:id/proposta')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async propose(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...OUTCOME_FIELDS, 'lang']);
    const form: OutcomeForm = { outcome: values.outcome ?? '', reasons: (values.reasons ?? '').trim(), publicNote: '' };
    const validated = await validateForm(ProposeCheckDto, { outcome: form.outcome, reasons: form.reasons });
    if (!validated.ok) return this.checkPage(language, 'auditor', await this.checks.get(actor, id), this.outcomeErrors(language, validated.invalid), { outcome: form }, 400);
    try {
      await this.checks.propose(actor, id, validated.value);
    } catch (error) {
      if (!(error instanceof ItemsWithoutResultError)) throw error;
      const errors = new FormErrors().add('outcome', translate(language, 'surveillance.ws.check.error.missing', { items: (error.details as { items: string[] }).items.join(', ') }));
      return this.checkPage(language, 'auditor', await this.checks.get(actor, id), errors, { outcome: form }, 422);
    }
    return PageResult.afterForm(AUDITOR_CHECKS, language, { key: 'surveillance.ws.check.proposed' });
  }

  @Get('area/decisioni/sorveglianza')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  reviewerQueue(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.queuePage(actor, language, 'reviewer');
  }

  @Get('area/decisioni/sorveglianza/:id')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async reviewerCheck(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.checkPage(language, 'reviewer', await this.checks.get(actor, id));
  }

  /** A decision is final (and a suspension or revocation is published at once): a confirmation page first, then once. */
  @Post('area/decisioni/sorveglianza/:id/decisione')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async decide(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...OUTCOME_FIELDS, CONFIRMATION_FIELD, 'lang']);
    const form: OutcomeForm = { outcome: values.outcome ?? '', reasons: (values.reasons ?? '').trim(), publicNote: (values.publicNote ?? '').trim() };
    const validated = await validateForm(DecideCheckDto, { outcome: form.outcome, reasons: form.reasons, ...(form.publicNote === '' ? {} : { publicNote: form.publicNote }) });
    const check = await this.checks.get(actor, id);
    const invalid = new Set(validated.ok ? [] : validated.invalid);
    if (validated.ok && validated.value.outcome !== 'maintain' && form.publicNote === '') invalid.add('publicNote');
    if (!validated.ok || invalid.size > 0) return this.checkPage(language, 'reviewer', check, this.outcomeErrors(language, invalid), { outcome: form }, 400);
    const token = confirmationToken(values);
    if (token === null) {
      const facts = [
        { label: translate(language, 'surveillance.ws.check.firm'), value: check.firmName },
        { label: translate(language, 'surveillance.ws.check.decision'), value: translate(language, `surveillance.ws.check.outcome.${validated.value.outcome}`) },
        { label: translate(language, 'surveillance.ws.check.reasons'), value: form.reasons },
        ...(form.publicNote === '' ? [] : [{ label: translate(language, 'surveillance.ws.check.publicNote'), value: form.publicNote }]),
      ];
      return this.confirmations.page(language, {
        act: `surveillanceDecision.${validated.value.outcome}`,
        values: { firm: check.firmName },
        facts,
        action: pageHref(`${REVIEWER_CHECKS}/${id}/decisione`, {}, language),
        fields: Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')),
        cancel: `${REVIEWER_CHECKS}/${id}`,
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.checks.decide(actor, id, validated.value));
    if (outcome.repeated) return PageResult.afterForm(`${REVIEWER_CHECKS}/${id}`, language, { key: 'confirm.repeated' });
    return PageResult.afterForm(`${REVIEWER_CHECKS}/${id}`, language, { key: 'surveillance.ws.check.decided', values: { firm: check.firmName } });
  }

  private outcomeErrors(language: Language, invalid: ReadonlySet<string>): FormErrors {
    const errors = new FormErrors();
    for (const field of OUTCOME_FIELDS) if (invalid.has(field)) errors.add(field, translate(language, `surveillance.ws.check.error.${field}`));
    return errors;
  }

  private async queuePage(actor: Actor, language: Language, role: CheckRole): Promise<PageResult> {
    const base = role === 'auditor' ? AUDITOR_CHECKS : REVIEWER_CHECKS;
    const all = await this.checks.list(actor);
    // The reviewer's queue is what waits for a decision, then what has been decided; running checks are the auditors'.
    const shown = role === 'auditor' ? all : [...all.filter((check) => check.status === 'proposed'), ...all.filter((check) => check.status === 'decided')];
    const checks = shown.map((check) => ({
      firmName: check.firmName,
      kind: `surveillance.ws.check.kind.${check.kind}`,
      assignedAt: check.assignedAt,
      status: `surveillance.ws.check.status.${check.status}`,
      opensOn: check.status === 'scheduled' && check.scheduledOn !== null ? formatCalendarDate(language, check.scheduledOn) : null,
      outcome: check.outcome && `surveillance.ws.check.outcome.${check.outcome}`,
      url: pageHref(`${base}/${check.id}`, {}, language),
    }));
    const title = translate(language, `surveillance.ws.checks.${role}.title`);
    return PageResult.view(language, { template: 'surveillance-checks', title, view: { heading: title, intro: `surveillance.ws.checks.${role}.intro`, checks } });
  }

  private async checkPage(
    language: Language,
    role: CheckRole,
    check: SurveillanceCheckView,
    errors = new FormErrors(),
    posted: { item?: ItemForm; outcome?: OutcomeForm; finding?: FindingForm } = {},
    status = 200,
  ): Promise<PageResult> {
    const base = role === 'auditor' ? AUDITOR_CHECKS : REVIEWER_CHECKS;
    const texts = new Map((await this.checklist.currentVersion()).items.map((item) => [item.code, language === 'it' ? item.textIt : item.textEn]));
    const running = role === 'auditor' && check.status === 'in_progress';
    const itemIds = check.items.flatMap((item) => ITEM_FIELDS.map((field) => itemFieldId(item.itemCode, field)));
    const findingIds = FINDING_FIELDS.map(findingFieldId);
    const shown = errors.view([...itemIds, ...findingIds, ...OUTCOME_FIELDS]);
    const items = check.items.map((item) => {
      const form = posted.item?.itemCode === item.itemCode ? posted.item : { result: item.result ?? '', note: item.note ?? '' };
      const ids = { result: itemFieldId(item.itemCode, 'result'), note: itemFieldId(item.itemCode, 'note') };
      return {
        code: item.itemCode,
        text: texts.get(item.itemCode) ?? '',
        result: item.result && `surveillance.ws.check.result.${item.result}`,
        note: item.note,
        ids,
        errors: { result: shown.field[ids.result], note: shown.field[ids.note] },
        form: { note: form.note, results: CHECK_ITEM_RESULTS.map((value) => ({ value, label: `surveillance.ws.check.result.${value}`, selected: value === form.result })) },
        action: running ? pageHref(`${base}/${check.id}/voci/${item.itemCode}`, {}, language) : null,
      };
    });
    const outcomeForm = posted.outcome ?? EMPTY_OUTCOME;
    const selected = outcomeForm.outcome || (role === 'reviewer' ? (check.proposedOutcome ?? '') : '');
    const outcomeView = {
      ...outcomeForm,
      errors: { outcome: shown.field.outcome, reasons: shown.field.reasons, publicNote: shown.field.publicNote },
      outcomes: CHECK_OUTCOMES.map((value) => ({ value, label: `surveillance.ws.check.outcome.${value}`, selected: value === selected })),
    };
    const findingForm = posted.finding ?? EMPTY_FINDING;
    const findingView = {
      ...findingForm,
      errors: Object.fromEntries(FINDING_FIELDS.map((field) => [field, shown.field[findingFieldId(field)]])),
      items: check.items.map((item) => ({ value: item.itemCode, label: item.itemCode, selected: item.itemCode === findingForm.itemCode })),
      severities: FINDING_SEVERITIES.map((value) => ({ value, label: `surveillance.ws.finding.severity.${value}`, selected: value === findingForm.severity })),
    };
    const view = {
      check: {
        firmName: check.firmName,
        kind: `surveillance.ws.check.kind.${check.kind}`,
        status: `surveillance.ws.check.status.${check.status}`,
        opensOn: check.status === 'scheduled' && check.scheduledOn !== null ? formatCalendarDate(language, check.scheduledOn) : null,
        assignedAt: check.assignedAt,
        proposedOutcome: check.proposedOutcome && `surveillance.ws.check.outcome.${check.proposedOutcome}`,
        proposalReasons: check.proposalReasons,
        outcome: check.outcome && `surveillance.ws.check.outcome.${check.outcome}`,
        decisionReasons: check.decisionReasons,
        decidedAt: check.decidedAt,
      },
      items,
      findings: check.findings.map((finding) => ({ ...finding, severity: `surveillance.ws.finding.severity.${finding.severity}`, dueOnText: formatCalendarDate(language, finding.dueOn) })),
      findingAction: running ? pageHref(`${base}/${check.id}/rilievi`, {}, language) : null,
      findingForm: findingView,
      running,
      proposeAction: running ? pageHref(`${base}/${check.id}/proposta`, {}, language) : null,
      decideAction: role === 'reviewer' && check.status === 'proposed' ? pageHref(`${base}/${check.id}/decisione`, {}, language) : null,
      outcomeForm: outcomeView,
      errorSummary: shown.summary,
      backUrl: pageHref(base, {}, language),
      backLabel: `surveillance.ws.checks.${role}.title`,
    };
    const title = translate(language, 'surveillance.ws.check.title', { firm: check.firmName });
    return PageResult.view(language, { template: 'surveillance-check', title, status, view: { heading: title, ...view } });
  }
}
