import { AppConfig } from '@app/config';
import { Actor, type Language, romeCalendarDate, Clock } from '@app/core';
import { FirmsService } from '@app/firms';
import { Permission, UsersService } from '@app/identity';
import {
  CheckAlreadyOpenedError,
  DrawExplanationView,
  NotAnAuditorError,
  NotDrawnError,
  PlanEntryView,
  PlanYearRefusedError,
  RatingNotCurrentError,
  RISK_FACTORS,
  ScheduledDateInvalidError,
  ScheduledDatePastError,
  SurveillanceChecksService,
  SurveillancePlanExistsError,
  SurveillancePlansService,
  SurveillancePlanView,
} from '@app/surveillance';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { calendarDateFromForm, formatCalendarDate } from '../pages/formats';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { CreateSurveillancePlanDto, OpenSurveillanceCheckDto, PlanFirmParam } from './surveillance.dto';

const SURVEILLANCE = `${ADMIN_AREA}/sorveglianza`;
const PLAN_FIELDS = ['year', 'samplePercent'] as const;
type PlanForm = { readonly [F in (typeof PLAN_FIELDS)[number]]: string };
const CHECK_FIELDS = ['kind', 'auditorId', 'scheduledOn'] as const;
type CheckForm = { readonly [F in (typeof CHECK_FIELDS)[number]]: string };
const EMPTY_CHECK: CheckForm = { kind: 'yearly', auditorId: '', scheduledOn: '' };
/** The largest page the users service serves: more active auditors than this is far beyond the platform's scale. */
const AUDITORS_PAGE_SIZE = 200;

/** Numbers as the language writes them, to six significant digits (the API gives them whole). */
function decimal(language: Language, value: number): string {
  return new Intl.NumberFormat(language === 'it' ? 'it-IT' : 'en-GB', { maximumSignificantDigits: 6 }).format(value);
}

/**
 * The admin's surveillance pages, on the same service as /api/v1/surveillance/plans: the plans and the
 * form that draws the year's plan (confirmed first: it is drawn once), a plan's entries in rank order,
 * and why one firm was or was not drawn.
 */
@ApiExcludeController()
@Controller()
export class SurveillancePagesController {
  constructor(
    private readonly plans: SurveillancePlansService,
    private readonly checks: SurveillanceChecksService,
    private readonly users: UsersService,
    private readonly firms: FirmsService,
    private readonly confirmations: Confirmations,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('area/amministrazione/sorveglianza')
  @BrowserPage()
  @RequirePermission(Permission.SurveillancePlan)
  list(@PageLanguage() language: Language): Promise<PageResult> {
    const form = { year: romeCalendarDate(this.clock.now()).slice(0, 4), samplePercent: String(this.config.surveillance.samplePercent) };
    return this.listPage(language, form, new FormErrors());
  }

  @Post('area/amministrazione/sorveglianza')
  @BrowserPage()
  @RequirePermission(Permission.SurveillancePlan)
  async create(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...PLAN_FIELDS, CONFIRMATION_FIELD, 'lang']);
    const form: PlanForm = { year: (values.year ?? '').trim(), samplePercent: (values.samplePercent ?? '').trim() };
    const validated = await validateForm(CreateSurveillancePlanDto, { year: Number(form.year || Number.NaN), samplePercent: Number(form.samplePercent || Number.NaN) });
    if (!validated.ok) {
      const errors = new FormErrors();
      for (const field of PLAN_FIELDS) if (validated.invalid.has(field)) errors.add(field, translate(language, `surveillance.ws.error.${field}`));
      return this.listPage(language, form, errors, 400);
    }
    const token = confirmationToken(values);
    if (token === null) {
      return this.confirmations.page(language, {
        act: 'surveillancePlan',
        values: { year: form.year },
        facts: [{ label: translate(language, 'surveillance.ws.samplePercent'), value: `${form.samplePercent}%` }],
        action: pageHref(SURVEILLANCE, {}, language),
        fields: form,
        cancel: SURVEILLANCE,
      });
    }
    try {
      const outcome = await this.confirmations.once(actor, token, () => this.plans.create(actor, validated.value));
      if (outcome.repeated) return PageResult.afterForm(SURVEILLANCE, language, { key: 'confirm.repeated' });
      return PageResult.afterForm(`${SURVEILLANCE}/${outcome.value.id}`, language, { key: 'surveillance.ws.done', values: { year: form.year } });
    } catch (error) {
      if (error instanceof SurveillancePlanExistsError) return this.listPage(language, form, new FormErrors().add('year', translate(language, 'surveillance.ws.error.exists', { year: form.year })), 409);
      if (error instanceof PlanYearRefusedError) return this.listPage(language, form, new FormErrors().add('year', translate(language, 'surveillance.ws.error.year')), 422);
      throw error;
    }
  }

  @Get('area/amministrazione/sorveglianza/:id')
  @BrowserPage()
  @RequirePermission(Permission.SurveillancePlan)
  async plan(@Param() { id }: IdParam, @PageLanguage() language: Language): Promise<PageResult> {
    const plan = await this.plans.get(id);
    const view = {
      facts: this.planFacts(language, plan),
      itemCodes: plan.itemCodes.join(', '),
      entries: plan.entries.map((entry) => ({ ...this.entryView(language, entry), url: pageHref(`${SURVEILLANCE}/${id}/aziende/${entry.firmId}`, {}, language) })),
      backUrl: pageHref(SURVEILLANCE, {}, language),
    };
    return PageResult.view(language, { template: 'admin-surveillance-plan', title: translate(language, 'surveillance.ws.plan.title', { year: plan.year }), view });
  }

  @Get('area/amministrazione/sorveglianza/:id/aziende/:firmId')
  @BrowserPage()
  @RequirePermission(Permission.SurveillancePlan)
  explain(@CurrentActor() actor: Actor, @Param() { id, firmId }: PlanFirmParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.explanationPage(actor, language, id, firmId, EMPTY_CHECK, new FormErrors());
  }

  /**
   * Opens the firm's yearly check (or its unannounced one, when drawn) with the auditor named, now or,
   * with a later "Data prevista", scheduled for that Rome day (the worker opens it then).
   */
  @Post('area/amministrazione/sorveglianza/:id/aziende/:firmId/verifiche')
  @BrowserPage()
  @RequirePermission(Permission.SurveillancePlan)
  async openCheck(@CurrentActor() actor: Actor, @Param() { id, firmId }: PlanFirmParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...CHECK_FIELDS, 'lang']);
    const form = Object.fromEntries(CHECK_FIELDS.map((field) => [field, (values[field] ?? '').trim()])) as CheckForm;
    const explanation = await this.plans.explain(id, firmId);
    const entry = explanation.entry;
    const fail = (field: (typeof CHECK_FIELDS)[number], key: string, status: number, params: Record<string, string> = {}) =>
      this.explanationPage(actor, language, id, firmId, form, new FormErrors().add(field, translate(language, key, params)), status);
    if (entry === null) return fail('kind', 'surveillance.ws.open.error.notInPlan', 422);
    const scheduledOn = calendarDateFromForm(form.scheduledOn);
    const validated = await validateForm(OpenSurveillanceCheckDto, { planEntryId: entry.id, kind: form.kind, auditorId: form.auditorId, ...(scheduledOn === '' ? {} : { scheduledOn }) });
    if (!validated.ok) {
      const errors = new FormErrors();
      for (const field of CHECK_FIELDS) if (validated.invalid.has(field)) errors.add(field, translate(language, `surveillance.ws.open.error.${field}`));
      return this.explanationPage(actor, language, id, firmId, form, errors, 400);
    }
    const input = validated.value;
    try {
      const check = await this.checks.open(actor, { planEntryId: entry.id, kind: input.kind!, auditorId: input.auditorId, scheduledOn: input.scheduledOn ?? null });
      const flash =
        check.status === 'scheduled' && check.scheduledOn !== null
          ? { key: 'surveillance.ws.open.scheduled', values: { date: formatCalendarDate(language, check.scheduledOn) } }
          : { key: 'surveillance.ws.open.done' };
      return PageResult.afterForm(`${SURVEILLANCE}/${id}/aziende/${firmId}`, language, flash);
    } catch (error) {
      if (error instanceof ScheduledDatePastError) return fail('scheduledOn', 'surveillance.ws.open.error.past', 422);
      if (error instanceof ScheduledDateInvalidError) return fail('scheduledOn', 'surveillance.ws.open.error.scheduledOn', 422);
      if (error instanceof CheckAlreadyOpenedError) return fail('kind', 'surveillance.ws.open.error.exists', 409);
      if (error instanceof NotDrawnError) return fail('kind', 'surveillance.ws.open.error.notDrawn', 422);
      if (error instanceof RatingNotCurrentError) return fail('kind', 'surveillance.ws.open.error.ratingNotCurrent', 422);
      if (error instanceof NotAnAuditorError) return fail('auditorId', 'surveillance.ws.open.error.auditorId', 422);
      throw error;
    }
  }

  private async explanationPage(actor: Actor, language: Language, planId: string, firmId: string, form: CheckForm, errors: FormErrors, status = 200): Promise<PageResult> {
    const explanation = await this.plans.explain(planId, firmId);
    const firmName = explanation.entry?.firmName ?? (await this.firms.get(actor, firmId)).legalName;
    const title = translate(language, 'surveillance.ws.why.title', { firm: firmName, year: explanation.plan.year });
    const entry = explanation.entry;
    let checkSection = null;
    if (entry !== null) {
      const checks = (await this.checks.list(actor)).filter((check) => check.planEntryId === entry.id);
      const auditors = (await this.users.list(1, AUDITORS_PAGE_SIZE, 'auditor')).items
        .filter((user) => !user.disabled)
        .map((user) => ({ value: user.id, label: `${user.displayName} (${user.email})`, selected: user.id === form.auditorId }));
      checkSection = {
        checks: checks.map((check) => ({
          kind: `surveillance.ws.check.kind.${check.kind}`,
          status: `surveillance.ws.check.status.${check.status}`,
          opensOn: check.status === 'scheduled' && check.scheduledOn !== null ? formatCalendarDate(language, check.scheduledOn) : null,
          assignedAt: check.assignedAt,
        })),
        form,
        kinds: (entry.drawn ? (['yearly', 'unannounced'] as const) : (['yearly'] as const)).map((kind) => ({ value: kind, label: `surveillance.ws.check.kind.${kind}`, selected: kind === form.kind })),
        auditors: auditors.length > 0 ? auditors : null,
        errors: errors.view(CHECK_FIELDS),
        action: pageHref(`${SURVEILLANCE}/${planId}/aziende/${firmId}/verifiche`, {}, language),
      };
    }
    const view = { heading: title, ...this.explanationView(language, explanation, firmName), checkSection };
    return PageResult.view(language, { template: 'admin-surveillance-explanation', title, status, view });
  }

  private async listPage(language: Language, form: PlanForm, errors: FormErrors, status = 200): Promise<PageResult> {
    const plans = await this.plans.list();
    const view = {
      plans: plans.map((plan) => ({ ...plan, url: pageHref(`${SURVEILLANCE}/${plan.id}`, {}, language) })),
      form,
      errors: errors.view(PLAN_FIELDS),
      action: pageHref(SURVEILLANCE, {}, language),
    };
    return PageResult.view(language, { template: 'admin-surveillance', title: translate(language, 'surveillance.ws.title'), status, view });
  }

  private planFacts(language: Language, plan: SurveillancePlanView) {
    return {
      year: plan.year,
      seed: plan.seed,
      samplePercent: plan.samplePercent,
      population: plan.population,
      sampleSize: plan.sampleSize,
      threshold: plan.threshold === null ? null : decimal(language, plan.threshold),
      createdAt: plan.createdAt,
    };
  }

  private entryView(language: Language, entry: PlanEntryView) {
    return {
      rank: entry.rank,
      firmName: entry.firmName,
      certificateNumber: entry.certificateNumber,
      weight: entry.weight,
      drawn: entry.drawn,
      key: decimal(language, entry.drawKey),
    };
  }

  private explanationView(language: Language, explanation: DrawExplanationView, firmName: string) {
    const { plan, entry } = explanation;
    const facts = this.planFacts(language, plan);
    const values = { firm: firmName, year: plan.year, size: plan.sampleSize, population: plan.population, threshold: facts.threshold ?? '', key: entry ? decimal(language, entry.drawKey) : '', rank: entry?.rank ?? 0 };
    const verdict = translate(language, `surveillance.ws.why.${explanation.outcome === 'not_drawn' && plan.sampleSize === 0 ? 'none' : explanation.outcome}`, values);
    return {
      verdict,
      facts,
      entry: entry && {
        factors: RISK_FACTORS.map((factor) => ({ label: translate(language, `surveillance.ws.factor.${factor}`), count: entry.factors[factor], points: entry.points[factor] })),
        base: plan.weights.base,
        weight: entry.weight,
        random: decimal(language, entry.randomUnit),
        key: decimal(language, entry.drawKey),
        rank: entry.rank,
        recompute: `printf '%s' '${plan.seed}:${entry.ratingId}' | sha256sum`,
      },
      planUrl: pageHref(`${SURVEILLANCE}/${plan.id}`, {}, language),
    };
  }
}
