import { Actor, Clock, DAY_MS, type Language } from '@app/core';
import { FirmsService } from '@app/firms';
import { Permission } from '@app/identity';
import { RATING_TRANSITIONS, RatingStatus, RatingsService, RatingView, REVIEW_OUTCOMES, ReviewedSanction, ReviewTasksService, REVOCATION_REASONS, SuspensionLengthError } from '@app/ratings';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { hasMorePages, pageNumber, pagination } from '../pages/web-lists';
import { FirmIdParam } from '../firms/firms.dto';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { formatDate, translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { formatCalendarDate } from '../pages/formats';
import { firmRatingsPath } from './decision-pages.controller';
import { CloseReviewTaskDto, ReinstateDto, SuspendDto, SuspendOrRevokeDto } from './ratings.dto';

type RawQuery = Readonly<Record<string, unknown>>;
type RatingAction = 'suspend' | 'reinstate' | 'revoke';

const SEARCH_PAGE_SIZE = 20;
const ACTION_FIELDS = ['reason', 'publicNote', 'days'] as const;
const ACTION_PATHS: Readonly<Record<RatingAction, string>> = { suspend: 'sospensione', reinstate: 'riattivazione', revoke: 'revoca' };
const TASK_FIELDS = ['outcome', 'note'] as const;

const ACTION_TARGET: Readonly<Record<RatingAction, RatingStatus>> = { suspend: 'suspended', reinstate: 'active', revoke: 'revoked' };
/** The forms a rating's status allows, from the lifecycle's transitions (the service checks them again). */
const actionsFrom = (status: RatingStatus): RatingAction[] =>
  (['suspend', 'reinstate', 'revoke'] as const).filter((action) => RATING_TRANSITIONS[status].includes(ACTION_TARGET[action]));

const actionFieldId = (action: RatingAction, ratingId: string, field: (typeof ACTION_FIELDS)[number]) => `${action}-${ratingId}-${field}`;
const taskFieldId = (taskId: string, field: (typeof TASK_FIELDS)[number]) => `task-${taskId}-${field}`;

interface PostedAction {
  readonly action: RatingAction;
  readonly ratingId: string;
  readonly values: Readonly<Record<(typeof ACTION_FIELDS)[number], string>>;
}

/**
 * Ratings after the decision: find a firm, suspend, reinstate or revoke its rating with the reason
 * and the public note, and close the revocation reviews that new sanctions open.
 */
/** A sanction review names the sanction in the reader's language; other reviews keep the summary written when they opened. */
function reviewSummary(language: Language, summary: string, sanction: ReviewedSanction | undefined): string {
  if (sanction === undefined) return summary;
  return translate(language, 'review.ws.task.summary.sanction', {
    date: sanction.definitiveOn === null ? '' : formatCalendarDate(language, sanction.definitiveOn),
    authority: translate(language, `admin.ws.authority.${sanction.authority}`),
    reference: sanction.reference,
    conduct: translate(language, `admin.ws.conduct.${sanction.conductCategory}`),
  });
}

@ApiExcludeController()
@Controller()
export class RatingPagesController {
  constructor(
    private readonly ratings: RatingsService,
    private readonly reviewTasks: ReviewTasksService,
    private readonly firms: FirmsService,
    private readonly confirmations: Confirmations,
    private readonly clock: Clock,
  ) {}

  @Get('area/decisioni/rating')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  async search(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const page = q === '' ? null : await this.firms.list(pageNumber(query.pagina), SEARCH_PAGE_SIZE, q);
    const view = {
      q,
      results: page && {
        firms: page.items.map((firm) => ({ legalName: firm.legalName, vatNumber: firm.vatNumber, url: pageHref(firmRatingsPath(firm.id), {}, language) })),
        pagination: pagination('/area/decisioni/rating', { q }, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
      },
    };
    return PageResult.view(language, { template: 'review-ratings', title: translate(language, 'review.ws.ratings.title'), view, query: q ? { q } : {} });
  }

  @Get('area/decisioni/aziende/:firmId')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  async firmRatings(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendFirm(actor, firmId, language, new FormErrors());
  }

  @Post('area/decisioni/rating/:id/sospensione')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  suspend(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    return this.change('suspend', actor, id, request);
  }

  @Post('area/decisioni/rating/:id/riattivazione')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  reinstate(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    return this.change('reinstate', actor, id, request);
  }

  @Post('area/decisioni/rating/:id/revoca')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  revoke(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    return this.change('revoke', actor, id, request);
  }

  @Get('area/decisioni/revisioni')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  async tasks(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendTasks(actor, language, new FormErrors());
  }

  @Post('area/decisioni/revisioni/:id/chiusura')
  @BrowserPage()
  @RequirePermission(Permission.RatingSuspendRevoke)
  async closeTask(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...TASK_FIELDS, 'lang']);
    const form = { outcome: values.outcome ?? '', note: values.note ?? '' };
    const validated = await validateForm(CloseReviewTaskDto, { outcome: form.outcome, note: form.note.trim() });
    if (!validated.ok) {
      const errors = new FormErrors();
      for (const field of TASK_FIELDS) if (validated.invalid.has(field)) errors.add(taskFieldId(id, field), translate(language, `review.ws.error.task.${field}`));
      return this.sendTasks(actor, language, errors, { taskId: id, values: form }, 400);
    }
    await this.reviewTasks.close(actor, id, validated.value.outcome, validated.value.note);
    return PageResult.afterForm('/area/decisioni/revisioni', language, { key: 'review.ws.flash.taskClosed' });
  }

  /**
   * Suspending, reinstating and revoking are published at once on the registry: the form is answered
   * by a confirmation page, and only its confirmation (once) changes the rating.
   */
  private async change(action: RatingAction, actor: Actor, ratingId: string, request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...ACTION_FIELDS, CONFIRMATION_FIELD, 'lang']);
    const form = { reason: values.reason ?? '', publicNote: values.publicNote ?? '', days: values.days ?? '' };
    const note = form.publicNote.trim();
    const fail = async (invalid: ReadonlySet<string>, status = 400): Promise<PageResult> => {
      const rating = await this.ratings.get(actor, ratingId);
      const errors = new FormErrors();
      for (const field of ACTION_FIELDS) {
        if (invalid.has(field)) errors.add(actionFieldId(action, ratingId, field), translate(language, `review.ws.error.${field}`, { max: this.ratings.suspensionMaxDays }));
      }
      return this.sendFirm(actor, rating.firmId, language, errors, { action, ratingId, values: form }, status);
    };
    let run: () => Promise<RatingView>;
    const facts: { label: string; value: string }[] = [];
    if (action === 'reinstate') {
      const validated = await validateForm(ReinstateDto, note === '' ? {} : { publicNote: note });
      if (!validated.ok) return fail(validated.invalid);
      run = () => this.ratings.reinstate(actor, ratingId, validated.value.publicNote ?? null);
    } else if (action === 'suspend') {
      const days = form.days.trim() === '' ? this.ratings.suspensionMaxDays : /^\d{1,4}$/.test(form.days.trim()) ? Number(form.days.trim()) : Number.NaN;
      const validated = await validateForm(SuspendDto, { reason: form.reason, publicNote: note, days });
      if (!validated.ok) return fail(validated.invalid);
      if (days > this.ratings.suspensionMaxDays) return fail(new Set(['days']));
      facts.push({ label: translate(language, 'review.ws.action.reason'), value: translate(language, `reason.${validated.value.reason}`) });
      facts.push({ label: translate(language, 'review.ws.action.days'), value: translate(language, 'confirm.suspend.until', { days, date: formatDate(language, new Date(this.clock.now().getTime() + days * DAY_MS)) }) });
      run = () => this.ratings.suspend(actor, ratingId, validated.value);
    } else {
      const validated = await validateForm(SuspendOrRevokeDto, { reason: form.reason, publicNote: note });
      if (!validated.ok) return fail(validated.invalid);
      facts.push({ label: translate(language, 'review.ws.action.reason'), value: translate(language, `reason.${validated.value.reason}`) });
      run = () => this.ratings.revoke(actor, ratingId, validated.value);
    }
    if (note !== '') facts.push({ label: translate(language, 'review.ws.action.publicNote'), value: note });
    const rating = await this.ratings.get(actor, ratingId);
    const firm = await this.firms.get(actor, rating.firmId);
    const token = confirmationToken(values);
    if (token === null) {
      return this.confirmations.page(language, {
        act: action,
        values: { number: rating.certificateNumber, firm: firm.legalName },
        facts,
        action: pageHref(`/area/decisioni/rating/${ratingId}/${ACTION_PATHS[action]}`, {}, language),
        fields: Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')),
        cancel: firmRatingsPath(rating.firmId),
      });
    }
    let outcome;
    try {
      outcome = await this.confirmations.once(actor, token, run);
    } catch (error) {
      if (error instanceof SuspensionLengthError) return fail(new Set(['days']));
      throw error;
    }
    if (outcome.repeated) return PageResult.afterForm(firmRatingsPath(rating.firmId), language, { key: 'confirm.repeated' });
    return PageResult.afterForm(firmRatingsPath(outcome.value.firmId), language, { key: `review.ws.flash.${action}`, values: { number: outcome.value.certificateNumber } });
  }

  private async sendFirm(actor: Actor, firmId: string, language: Language, errors: FormErrors, posted?: PostedAction, status = 200): Promise<PageResult> {
    const firm = await this.firms.get(actor, firmId);
    const ratings = await this.ratings.listForFirm(actor, firmId);
    const allIds: string[] = [];
    const view = {
      firm: { legalName: firm.legalName, vatNumber: firm.vatNumber },
      ratings: ratings.map((rating) => ({
        certificateNumber: rating.certificateNumber,
        status: rating.status,
        issuedAt: rating.issuedAt,
        validUntil: rating.validUntil,
        endedAt: rating.endedAt,
        suspendedAt: rating.suspendedAt,
        suspensionDeadline: rating.suspensionDeadline,
        reason: rating.revocationReason ?? rating.suspensionReason,
        publicNote: rating.publicNote,
        actions: actionsFrom(rating.status).map((action) => {
          const ids = Object.fromEntries(ACTION_FIELDS.map((field) => [field, actionFieldId(action, rating.id, field)]));
          allIds.push(...Object.values(ids));
          const shown = errors.view(Object.values(ids)).field;
          const values = posted?.action === action && posted.ratingId === rating.id ? posted.values : { reason: '', publicNote: '', days: '' };
          return {
            name: action,
            title: `review.ws.action.${action}`,
            submit: `review.ws.action.${action}.submit`,
            danger: action !== 'reinstate',
            withReason: action !== 'reinstate',
            withDays: action === 'suspend',
            days: values.days,
            maxDays: this.ratings.suspensionMaxDays,
            url: pageHref(`/area/decisioni/rating/${rating.id}/${ACTION_PATHS[action]}`, {}, language),
            ids,
            errors: Object.fromEntries(ACTION_FIELDS.map((field) => [field, shown[ids[field]]])),
            publicNote: values.publicNote,
            reasons: REVOCATION_REASONS.map((reason) => ({ value: reason, selected: reason === values.reason })),
          };
        }),
      })),
    };
    return PageResult.view(language, { template: 'review-firm', title: translate(language, 'review.ws.firm.title', { firm: firm.legalName }), status, view: { ...view, errorSummary: errors.view(allIds).summary } });
  }

  private async sendTasks(
    actor: Actor,
    language: Language,
    errors: FormErrors,
    posted?: { readonly taskId: string; readonly values: Readonly<Record<(typeof TASK_FIELDS)[number], string>> },
    status = 200,
  ): Promise<PageResult> {
    const open = await this.reviewTasks.listOpen();
    const sanctions = await this.reviewTasks.reviewedSanctions(open);
    const allIds: string[] = [];
    const tasks = [];
    for (const task of open) {
      const firm = await this.firms.get(actor, task.firmId);
      const ids = Object.fromEntries(TASK_FIELDS.map((field) => [field, taskFieldId(task.id, field)]));
      allIds.push(...Object.values(ids));
      const shown = errors.view(Object.values(ids)).field;
      const values = posted?.taskId === task.id ? posted.values : { outcome: '', note: '' };
      tasks.push({
        firmName: firm.legalName,
        firmUrl: pageHref(firmRatingsPath(task.firmId), {}, language),
        kind: `review.ws.task.kind.${task.kind}`,
        summary: reviewSummary(language, task.summary, sanctions.get(task.id)),
        openedAt: task.openedAt,
        url: pageHref(`/area/decisioni/revisioni/${task.id}/chiusura`, {}, language),
        ids,
        errors: Object.fromEntries(TASK_FIELDS.map((field) => [field, shown[ids[field]]])),
        note: values.note,
        outcomes: REVIEW_OUTCOMES.map((outcome) => ({ value: outcome, label: `review.ws.task.outcome.${outcome}`, selected: outcome === values.outcome })),
      });
    }
    return PageResult.view(language, { template: 'review-tasks', title: translate(language, 'review.ws.tasks.title'), status, view: { tasks, errorSummary: errors.view(allIds).summary } });
  }
}
