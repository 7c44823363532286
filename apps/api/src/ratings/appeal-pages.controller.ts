import { AppealsService, AppealView } from '@app/appeals';
import { InvalidFileNameError, UnsupportedEvidenceError } from '@app/applications';
import { AppConfig } from '@app/config';
import { Actor, formatItalianDate, type Language, romeDayStart } from '@app/core';
import { Permission, UsersService } from '@app/identity';
import { RatingsService } from '@app/ratings';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { AppealDocumentParam, DecideAppealDto, FileAppealDto, FormPanelDto } from './appeals.dto';

const APPEALS_PATH = '/area/ricorsi';
/** Checkboxes and hidden fields of the panel, one name each (a web form never repeats a name). */
const PANEL_FIELDS = Array.from({ length: 50 }, (_, index) => `panel-${index}`);
const PANEL_PAGE_SIZE = 100;

interface Posted {
  /** The appeal (or, for a new appeal, the rating) the form belongs to. */
  readonly targetId: string;
  readonly values: Readonly<Record<string, string>>;
}

/** What each outcome does, said for the kind of decision appealed: a refusal goes back for a new decision, a rating is given back. */
function outcomeLabel(appeal: AppealView, outcome: 'upheld' | 'dismissed'): string {
  if (appeal.kind === 'refusal' || appeal.kind === 'surveillance_outcome') return `appeal.ws.decide.${appeal.kind}.${outcome}`;
  return `appeal.ws.decide.${outcome}`;
}

/**
 * The appeals pages, one list for the three roles that take part: the firm files an appeal against the
 * suspension or revocation of its rating, the refusal of its application or a surveillance check's outcome, an admin forms the panel, a panel member decides. Each of the
 * three acts is irreversible, so each form leads to a confirmation page of its own that posts the same
 * values again to the act.
 */
@ApiExcludeController()
@Controller()
export class AppealPagesController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly ratings: RatingsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Get('area/ricorsi')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async list(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendList(actor, language, new FormErrors());
  }

  @Post('area/ricorsi/nuovo/:id')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async prepareFiling(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reasons', 'lang']);
    const reasons = (values.reasons ?? '').trim();
    const validated = await validateForm(FileAppealDto, { ratingId: id, reasons });
    const rating = await this.ratings.get(actor, id);
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reasons-${id}`, translate(language, 'appeal.ws.error.reasons')), { targetId: id, values }, 400);
    return this.sendConfirmation(language, {
      lines: [translate(language, 'appeal.ws.confirm.file', { number: rating.certificateNumber }), translate(language, 'appeal.ws.file.inForce')],
      quoted: reasons,
      action: `${APPEALS_PATH}/nuovo/${id}/conferma`,
      hidden: [{ name: 'reasons', value: reasons }],
    });
  }

  @Post('area/ricorsi/nuovo/:id/conferma')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async file(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reasons', 'lang']);
    const validated = await validateForm(FileAppealDto, { ratingId: id, reasons: (values.reasons ?? '').trim() });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reasons-${id}`, translate(language, 'appeal.ws.error.reasons')), { targetId: id, values }, 400);
    await this.appeals.file(actor, id, validated.value.reasons);
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.filed' });
  }

  @Post('area/ricorsi/rifiuto/:id')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async prepareRefusalFiling(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reasons', 'lang']);
    const reasons = (values.reasons ?? '').trim();
    const validated = await validateForm(FileAppealDto, { applicationId: id, reasons });
    const refusal = (await this.appeals.appealableRefusals(actor)).find((candidate) => candidate.applicationId === id);
    if (!refusal) return this.sendList(actor, language, new FormErrors(), undefined, 404);
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reasons-${id}`, translate(language, 'appeal.ws.error.reasons')), { targetId: id, values }, 400);
    return this.sendConfirmation(language, {
      lines: [translate(language, 'appeal.ws.confirm.fileRefusal', { date: formatItalianDate(refusal.decidedAt) }), translate(language, 'appeal.ws.file.refusalInForce')],
      quoted: reasons,
      action: `${APPEALS_PATH}/rifiuto/${id}/conferma`,
      hidden: [{ name: 'reasons', value: reasons }],
    });
  }

  @Post('area/ricorsi/rifiuto/:id/conferma')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async fileAgainstRefusal(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reasons', 'lang']);
    const validated = await validateForm(FileAppealDto, { applicationId: id, reasons: (values.reasons ?? '').trim() });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reasons-${id}`, translate(language, 'appeal.ws.error.reasons')), { targetId: id, values }, 400);
    await this.appeals.fileAgainstRefusal(actor, id, validated.value.reasons);
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.filed' });
  }

  @Post('area/ricorsi/verifica/:id')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async prepareCheckFiling(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reasons', 'lang']);
    const reasons = (values.reasons ?? '').trim();
    const validated = await validateForm(FileAppealDto, { surveillanceCheckId: id, reasons });
    const check = (await this.appeals.appealableSurveillanceChecks(actor)).find((candidate) => candidate.checkId === id);
    if (!check) return this.sendList(actor, language, new FormErrors(), undefined, 404);
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reasons-${id}`, translate(language, 'appeal.ws.error.reasons')), { targetId: id, values }, 400);
    return this.sendConfirmation(language, {
      lines: [
        translate(language, `appeal.ws.confirm.fileCheck.${check.outcome}`, { number: check.certificateNumber, date: formatItalianDate(check.decidedAt) }),
        translate(language, 'appeal.ws.file.inForce'),
      ],
      quoted: reasons,
      action: `${APPEALS_PATH}/verifica/${id}/conferma`,
      hidden: [{ name: 'reasons', value: reasons }],
    });
  }

  @Post('area/ricorsi/verifica/:id/conferma')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async fileAgainstSurveillanceCheck(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reasons', 'lang']);
    const validated = await validateForm(FileAppealDto, { surveillanceCheckId: id, reasons: (values.reasons ?? '').trim() });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reasons-${id}`, translate(language, 'appeal.ws.error.reasons')), { targetId: id, values }, 400);
    await this.appeals.fileAgainstSurveillanceCheck(actor, id, validated.value.reasons);
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.filed' });
  }

  @Post('area/ricorsi/:id/documenti')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async addDocument(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, file, language } = await readWebForm(request, ['lang'], { maxFileBytes: this.config.evidenceMaxBytes });
    const refuse = (status: number) => this.sendList(actor, language, new FormErrors().add(`file-${id}`, translate(language, 'appeal.ws.error.file')), { targetId: id, values }, status);
    if (file === null) return refuse(400);
    try {
      await this.appeals.addDocument(actor, id, file);
    } catch (error) {
      if (error instanceof UnsupportedEvidenceError) return refuse(415);
      if (error instanceof InvalidFileNameError) return refuse(400);
      throw error;
    }
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.document' });
  }

  @Get('area/ricorsi/:id/documenti/:documentId')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async document(@CurrentActor() actor: Actor, @Param() { id, documentId }: AppealDocumentParam): Promise<PageResult> {
    const content = await this.appeals.documentContent(actor, id, documentId);
    return PageResult.download(content);
  }

  @Post('area/ricorsi/:id/collegio')
  @BrowserPage()
  @RequirePermission(Permission.AppealPanelForm)
  async preparePanel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...PANEL_FIELDS, 'lang']);
    const reviewerIds = PANEL_FIELDS.map((name) => values[name]).filter((value): value is string => typeof value === 'string' && value !== '');
    const validated = await validateForm(FormPanelDto, { reviewerIds });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`panel-${id}`, translate(language, 'appeal.ws.error.panel')), { targetId: id, values }, 400);
    const names = await Promise.all(reviewerIds.map(async (reviewerId) => (await this.users.find(reviewerId))?.displayName ?? reviewerId));
    return this.sendConfirmation(language, {
      lines: [translate(language, 'appeal.ws.confirm.panel', { names: names.join(', ') })],
      quoted: null,
      action: `${APPEALS_PATH}/${id}/collegio/conferma`,
      hidden: reviewerIds.map((reviewerId, index) => ({ name: PANEL_FIELDS[index], value: reviewerId })),
    });
  }

  @Post('area/ricorsi/:id/collegio/conferma')
  @BrowserPage()
  @RequirePermission(Permission.AppealPanelForm)
  async formPanel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...PANEL_FIELDS, 'lang']);
    const reviewerIds = PANEL_FIELDS.map((name) => values[name]).filter((value): value is string => typeof value === 'string' && value !== '');
    const validated = await validateForm(FormPanelDto, { reviewerIds });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`panel-${id}`, translate(language, 'appeal.ws.error.panel')), { targetId: id, values }, 400);
    await this.appeals.formPanel(actor, id, validated.value.reviewerIds);
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.panel' });
  }

  @Post('area/ricorsi/:id/sospensiva')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async prepareStay(@Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    return this.sendConfirmation(language, { lines: [translate(language, 'appeal.ws.confirm.stay')], quoted: null, action: `${APPEALS_PATH}/${id}/sospensiva/conferma`, hidden: [] });
  }

  @Post('area/ricorsi/:id/sospensiva/conferma')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async stay(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    await this.appeals.stay(actor, id);
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.stayed' });
  }

  @Post('area/ricorsi/:id/decisione')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async prepareDecision(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['outcome', 'reasons', 'lang']);
    const validated = await this.validateDecision(actor, id, values, language);
    if (validated instanceof PageResult) return validated;
    const appeal = await this.appeals.get(actor, id);
    return this.sendConfirmation(language, {
      lines: [translate(language, 'appeal.ws.confirm.decide', { outcome: translate(language, outcomeLabel(appeal, validated.outcome)) })],
      quoted: validated.reasons,
      action: `${APPEALS_PATH}/${id}/decisione/conferma`,
      hidden: [
        { name: 'outcome', value: validated.outcome },
        { name: 'reasons', value: validated.reasons },
      ],
    });
  }

  @Post('area/ricorsi/:id/decisione/conferma')
  @BrowserPage()
  @RequirePermission(Permission.RatingDecide)
  async decide(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['outcome', 'reasons', 'lang']);
    const validated = await this.validateDecision(actor, id, values, language);
    if (validated instanceof PageResult) return validated;
    await this.appeals.decide(actor, id, validated);
    return PageResult.afterForm(APPEALS_PATH, language, { key: 'appeal.ws.flash.decided' });
  }

  /** The decision's fields, or the list again with the errors (400). */
  private async validateDecision(actor: Actor, id: string, values: Readonly<Record<string, string>>, language: Language): Promise<DecideAppealDto | PageResult> {
    const validated = await validateForm(DecideAppealDto, { outcome: values.outcome ?? '', reasons: (values.reasons ?? '').trim() });
    if (validated.ok) return validated.value;
    const errors = new FormErrors();
    if (validated.invalid.has('outcome')) errors.add(`outcome-${id}`, translate(language, 'appeal.ws.error.outcome'));
    if (validated.invalid.has('reasons')) errors.add(`outcomeReasons-${id}`, translate(language, 'appeal.ws.error.outcomeReasons'));
    return this.sendList(actor, language, errors, { targetId: id, values }, 400);
  }

  private sendConfirmation(
    language: Language,
    view: { lines: string[]; quoted: string | null; action: string; hidden: { name: string; value: string }[] },
  ): PageResult {
    return PageResult.view(language, { template: 'appeal-confirm', title: translate(language, 'appeal.ws.confirm.title'), view: { ...view, back: pageHref(APPEALS_PATH, {}, language) } });
  }

  private async sendList(actor: Actor, language: Language, errors: FormErrors, posted?: Posted, status = 200): Promise<PageResult> {
    const appeals = await this.appeals.list(actor);
    const checks = await this.appeals.appealableSurveillanceChecks(actor);
    // A rating a check suspended or revoked is offered once, as the check's outcome (the appeal the service files for it anyway).
    const appealable =
      actor.role === 'firm' && actor.firmId !== null
        ? (await this.ratings.listForFirm(actor, actor.firmId)).filter(
            (rating) =>
              (rating.status === 'suspended' || rating.status === 'revoked') &&
              !checks.some((check) => check.ratingId === rating.id) &&
              !appeals.some((appeal) => appeal.ratingId === rating.id && appeal.appealedDecisionAt >= (rating.suspendedAt ?? rating.endedAt ?? rating.issuedAt)),
          )
        : [];
    const refusals = await this.appeals.appealableRefusals(actor);
    const reviewers = actor.role === 'admin' ? (await this.users.list(1, PANEL_PAGE_SIZE, 'reviewer')).items.filter((user) => !user.disabled) : [];
    const ids: string[] = [];
    const fieldError = (id: string) => {
      ids.push(id);
      return errors.view([id]).field[id];
    };
    const valuesFor = (targetId: string) => (posted?.targetId === targetId ? posted.values : {});
    const view = {
      intro: true,
      appealable: appealable.map((rating) => ({
        title: translate(language, 'appeal.ws.file.title', { number: rating.certificateNumber }),
        url: pageHref(`${APPEALS_PATH}/nuovo/${rating.id}`, {}, language),
        id: `reasons-${rating.id}`,
        error: fieldError(`reasons-${rating.id}`),
        reasons: valuesFor(rating.id).reasons ?? '',
        inForce: 'appeal.ws.file.inForce',
      })),
      refusals: refusals.map((refusal) => ({
        title: translate(language, 'appeal.ws.file.refusalTitle', { date: formatItalianDate(refusal.decidedAt) }),
        url: pageHref(`${APPEALS_PATH}/rifiuto/${refusal.applicationId}`, {}, language),
        id: `reasons-${refusal.applicationId}`,
        error: fieldError(`reasons-${refusal.applicationId}`),
        reasons: valuesFor(refusal.applicationId).reasons ?? '',
        inForce: 'appeal.ws.file.refusalInForce',
      })),
      checks: checks.map((check) => ({
        title: translate(language, `appeal.ws.file.checkTitle.${check.outcome}`, { number: check.certificateNumber, date: formatItalianDate(check.decidedAt) }),
        url: pageHref(`${APPEALS_PATH}/verifica/${check.checkId}`, {}, language),
        id: `reasons-${check.checkId}`,
        error: fieldError(`reasons-${check.checkId}`),
        reasons: valuesFor(check.checkId).reasons ?? '',
        inForce: 'appeal.ws.file.inForce',
      })),
      appeals: appeals.map((appeal) => this.appealView(appeal, actor, reviewers, fieldError, valuesFor(appeal.id), language)),
    };
    return PageResult.view(language, { template: 'appeals', title: translate(language, 'appeal.ws.title'), status, view: { ...view, errorSummary: errors.view(ids).summary } });
  }

  private appealView(
    appeal: AppealView,
    actor: Actor,
    reviewers: readonly { id: string; displayName: string }[],
    fieldError: (id: string) => string | null | undefined,
    values: Readonly<Record<string, string>>,
    language: Language,
  ) {
    const chosen = new Set(PANEL_FIELDS.map((name) => values[name]).filter(Boolean));
    return {
      kind: `appeal.ws.kind.${appeal.kind}`,
      status: `appeal.ws.status.${appeal.status}`,
      appealedDecisionAt: appeal.appealedDecisionAt,
      lastDay: romeDayStart(appeal.appealLastDay),
      filedAt: appeal.filedAt,
      reasons: appeal.reasons,
      outcomeReasons: appeal.outcomeReasons,
      decidedAt: appeal.decidedAt,
      revocationStayedAt: appeal.revocationStayedAt,
      decisionReopened: appeal.decisionReopened,
      checkOutcome: appeal.checkOutcome === null ? null : `appeal.ws.fact.checkOutcome.${appeal.checkOutcome}`,
      checkReversed: appeal.kind === 'surveillance_outcome' && appeal.status === 'upheld' ? (appeal.ratingReinstated ? 'appeal.ws.fact.checkReversed' : 'appeal.ws.fact.checkAnnulledNewerRating') : null,
      headingId: `appeal-${appeal.id}`,
      documents: appeal.documents.map((document) => ({ fileName: document.fileName, url: pageHref(`${APPEALS_PATH}/${appeal.id}/documenti/${document.id}`, {}, language) })),
      documentForm:
        actor.role === 'firm' && (appeal.status === 'filed' || appeal.status === 'under_review')
          ? { url: pageHref(`${APPEALS_PATH}/${appeal.id}/documenti`, {}, language), id: `file-${appeal.id}`, error: fieldError(`file-${appeal.id}`) }
          : null,
      panelForm:
        actor.role === 'admin' && appeal.status === 'filed'
          ? {
              url: pageHref(`${APPEALS_PATH}/${appeal.id}/collegio`, {}, language),
              id: `panel-${appeal.id}`,
              error: fieldError(`panel-${appeal.id}`),
              reviewers: reviewers.slice(0, PANEL_FIELDS.length).map((reviewer, index) => ({
                name: PANEL_FIELDS[index],
                value: reviewer.id,
                label: reviewer.displayName,
                checked: chosen.has(reviewer.id),
              })),
            }
          : null,
      decisionForm:
        actor.role === 'reviewer' && appeal.status === 'under_review' && appeal.panel.includes(actor.userId)
          ? {
              url: pageHref(`${APPEALS_PATH}/${appeal.id}/decisione`, {}, language),
              stayUrl: appeal.kind === 'revocation' && appeal.revocationStayedAt === null ? pageHref(`${APPEALS_PATH}/${appeal.id}/sospensiva`, {}, language) : null,
              outcomeId: `outcome-${appeal.id}`,
              reasonsId: `outcomeReasons-${appeal.id}`,
              outcomeError: fieldError(`outcome-${appeal.id}`),
              reasonsError: fieldError(`outcomeReasons-${appeal.id}`),
              outcomes: (['upheld', 'dismissed'] as const).map((outcome) => ({ value: outcome, label: outcomeLabel(appeal, outcome), checked: values.outcome === outcome })),
              reasons: values.reasons ?? '',
            }
          : null,
    };
  }
}
