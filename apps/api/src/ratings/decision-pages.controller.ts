import { ApprovalBlockedError, FourEyesError, ReasonsRequiredError } from '@app/audits';
import { Actor, Clock, type Language, romeCalendarDate } from '@app/core';
import { AuditDecisionsService } from '@app/decisions';
import { Permission } from '@app/identity';
import { RatingsService } from '@app/ratings';
import { SanctionsService } from '@app/sanctions';
import { ReportsService } from '@app/reports';
import { StaffTodosQuery } from '@app/todos';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditScreenView, PostedForms, REPORT_STATS_MONTHS, VERDICT_FIELDS, verdictFieldId } from '../audits/audit-screen.view';
import { hasMorePages, pageNumber, pagination } from '../pages/web-lists';
import { AuditIdParam, VerdictDto } from '../audits/audits.dto';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { staffTodoLine } from '../todos/staff-todo.view';

type RawQuery = Readonly<Record<string, unknown>>;

const QUEUE_PAGE_SIZE = 20;

export const firmRatingsPath = (firmId: string): string => `/area/decisioni/aziende/${firmId}`;

/**
 * The reviewer's decisions: the queue of proposed audits with the sanctions criterion of each firm
 * today, the audit to decide on, and the decision (four-eyes), on the same services as the API.
 */
@ApiExcludeController()
@Controller()
export class DecisionPagesController {
  constructor(
    private readonly decisions: AuditDecisionsService,
    private readonly ratings: RatingsService,
    private readonly sanctions: SanctionsService,
    private readonly clock: Clock,
    private readonly reports: ReportsService,
    private readonly confirmations: Confirmations,
    private readonly todos: StaffTodosQuery,
  ) {}

  @Get('area/decisioni')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async queue(@CurrentActor() actor: Actor, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const page = await this.decisions.queue(actor, { page: pageNumber(query.pagina), pageSize: QUEUE_PAGE_SIZE });
    const audits = [];
    for (const audit of page.items) {
      const criterion = await this.sanctions.evaluateForFirm(audit.firmId, this.clock.now());
      audits.push({
        url: pageHref(`/area/decisioni/verifiche/${audit.id}`, {}, language),
        firmName: audit.firmName,
        auditorName: audit.auditorName,
        proposal: audit.proposedOutcome === null ? null : `audit.ws.verdict.${audit.proposedOutcome}`,
        proposedAt: audit.proposedAt,
        sanctionsPassed: criterion.passed,
        warnings: criterion.warnings.length,
      });
    }
    const view = {
      todos: (await this.todos.forStaff(actor)).map((todo) => staffTodoLine(todo, language)),
      total: page.total,
      audits,
      pagination: pagination('/area/decisioni', {}, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
      ratingsUrl: pageHref('/area/decisioni/rating', {}, language),
      tasksUrl: pageHref('/area/decisioni/revisioni', {}, language),
    };
    return PageResult.view(language, { template: 'review-queue', title: translate(language, 'review.ws.queue.title'), view });
  }

  @Get('area/decisioni/verifiche/:id')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async audit(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendAudit(actor, id, language, new FormErrors());
  }

  @Post('area/decisioni/verifiche/:id/decisione')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async decide(@CurrentActor() actor: Actor, @Param() { id }: AuditIdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...VERDICT_FIELDS, CONFIRMATION_FIELD, 'lang']);
    const form = { outcome: values.outcome ?? '', reasons: values.reasons ?? '' };
    const errors = new FormErrors();
    const validated = await validateForm(VerdictDto, { outcome: form.outcome, reasons: form.reasons.trim() === '' ? undefined : form.reasons });
    if (!validated.ok) {
      for (const field of VERDICT_FIELDS) if (validated.invalid.has(field)) errors.add(verdictFieldId(field), translate(language, `review.ws.error.${field}`));
      return this.sendAudit(actor, id, language, errors, { verdict: form }, 400);
    }
    const token = confirmationToken(values);
    if (token === null) {
      // The decision is final and, when it issues the rating, public at once: it is confirmed first.
      const screen = await this.decisions.screen(actor, id);
      const reasons = validated.value.reasons?.trim() ?? '';
      return this.confirmations.page(language, {
        act: validated.value.outcome,
        values: { firm: screen.firm.legalName },
        facts: reasons === '' ? [] : [{ label: translate(language, 'confirm.decision.reasons'), value: reasons }],
        action: pageHref(`/area/decisioni/verifiche/${id}/decisione`, {}, language),
        fields: Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')),
        cancel: `/area/decisioni/verifiche/${id}`,
      });
    }
    let decided;
    try {
      const outcome = await this.confirmations.once(actor, token, () => this.decisions.decide(actor, id, validated.value));
      if (outcome.repeated) return PageResult.afterForm(`/area/decisioni/verifiche/${id}`, language, { key: 'confirm.repeated' });
      decided = outcome.value;
    } catch (error) {
      let status = 422;
      if (error instanceof FourEyesError) {
        errors.add(verdictFieldId('outcome'), translate(language, `review.ws.error.fourEyes.${String(error.details?.reason)}`));
        status = 403;
      } else if (error instanceof ApprovalBlockedError) errors.add(verdictFieldId('outcome'), translate(language, 'review.ws.error.approvalBlocked'));
      else if (error instanceof ReasonsRequiredError) errors.add(verdictFieldId('reasons'), translate(language, 'review.ws.error.reasons'));
      else throw error;
      return this.sendAudit(actor, id, language, errors, { verdict: form }, status);
    }
    const flash = decided.rating ? { key: 'review.ws.flash.approved', values: { number: decided.rating.certificateNumber } } : { key: 'review.ws.flash.refused' };
    return PageResult.afterForm(`/area/decisioni/verifiche/${id}`, language, flash);
  }

  private async sendAudit(actor: Actor, auditId: string, language: Language, errors: FormErrors, posted: PostedForms = {}, status = 200): Promise<PageResult> {
    const screen = await this.decisions.screen(actor, auditId);
    const decision = screen.decision;
    const rating = decision?.ratingId ? await this.ratings.get(actor, decision.ratingId) : null;
    const review = {
      action: pageHref(`/area/decisioni/verifiche/${auditId}/decisione`, {}, language),
      decidable: screen.audit.status === 'proposed',
      decided: decision && {
        approved: decision.outcome === 'approved',
        outcome: `review.ws.outcome.${decision.outcome}`,
        reasons: decision.reasons,
        decidedAt: decision.decidedAt,
        certificateNumber: rating?.certificateNumber ?? null,
        ratingsUrl: pageHref(firmRatingsPath(screen.audit.firmId), {}, language),
      },
    };
    const reports = await this.reports.stats(screen.audit.firmId, REPORT_STATS_MONTHS);
    const view = { ...auditScreenView(screen, actor, language, errors, posted, reports.months, romeCalendarDate(this.clock.now())), heading: 'review.ws.audit.heading', review };
    return PageResult.view(language, { template: 'audit-screen', title: translate(language, 'review.ws.audit.heading', { firm: screen.firm.legalName }), status, view });
  }
}
