import { ApplicationsService } from '@app/applications';
import { AppConfig } from '@app/config';
import { Actor, Clock, type Language, NotFoundError, romeCalendarDate, romeDayStart } from '@app/core';
import { AlreadyInFirmError, countryChoices, countryCodeOf, countryName, FirmsService, FirmView, InvalidCountryError, normalizeVatNumber, OperatingSitesService, SERVICE_KINDS, VatNumberTakenError, vatNumberProblem } from '@app/firms';
import { Permission } from '@app/identity';
import { RatingsService, RatingView, RenewalsService } from '@app/ratings';
import { certificatePdfPath, firmPagePath, sealEmbedHtml, sealPath } from '@app/registry';
import { FirmTodo, FirmTodosQuery } from '@app/todos';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CORRECTIVE_ACTIONS_PATH } from '../audits/corrective-action-pages.controller';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { formatCalendarDate, formatDateTime } from '../pages/formats';
import { formatDate, translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { optionalText, pathId } from '../pages/web-lists';
import { FIRM_HOME } from './firm-pages.shared';
import { DeclareSiteDto, RegisteredOfficeDto, RegisterFirmDto } from './firms.dto';

const OFFICE_FIELDS = ['address', 'city', 'province'] as const;
const REGISTER_FIELDS = ['legalName', 'vatNumber', 'taxCode', 'rocNumber', ...OFFICE_FIELDS, 'pecAddress', 'website', 'serviceKind'] as const;
const SITE_FIELDS = ['name', 'address', 'city', 'country'] as const;
const SITES_PATH = `${FIRM_HOME}/sedi`;

type RegisterForm = Record<(typeof REGISTER_FIELDS)[number], string>;
type SiteForm = Record<(typeof SITE_FIELDS)[number], string>;

/** One line of the firm's to-do list: what to do, by when, and where to do it. */
function todoView(todo: FirmTodo, language: Language): { text: string; url: string; overdue: boolean } {
  const day = (instant: Date) => formatDate(language, instant);
  const overdue = todo.overdue ? '.overdue' : '';
  switch (todo.kind) {
    case 'answer_question': {
      const { question } = todo;
      const key = question.itemCode === null ? 'firm.ws.todo.question' : 'firm.ws.todo.questionItem';
      return { text: translate(language, key, { date: formatDateTime(language, question.askedAt), code: question.itemCode ?? '', question: question.question }), url: pageHref(`${FIRM_HOME}/domande/${question.applicationId}`, {}, language), overdue: false };
    }
    case 'answer_report':
      return {
        text: translate(language, `firm.ws.todo.report${overdue}`, { reference: todo.report.reference, date: formatDateTime(language, todo.report.answerDueAt) }),
        url: pageHref(`${FIRM_HOME}/segnalazioni`, {}, language),
        overdue: todo.overdue,
      };
    case 'replace_evidence':
      return {
        text: translate(language, `firm.ws.todo.evidence${overdue}`, { name: todo.evidence.fileName, code: todo.evidence.itemCode, date: formatCalendarDate(language, todo.evidence.expiresOn) }),
        url: pageHref(`${FIRM_HOME}/domande/${todo.evidence.applicationId}/voci/${todo.evidence.itemCode}`, {}, language),
        overdue: todo.overdue,
      };
    case 'answer_corrective_action': {
      const { correctiveAction } = todo;
      return {
        text: translate(language, `firm.ws.todo.correctiveAction${overdue}`, { description: correctiveAction.description, date: formatCalendarDate(language, correctiveAction.dueOn) }),
        url: `${pageHref(CORRECTIVE_ACTIONS_PATH, {}, language)}#finding-${correctiveAction.findingId}`,
        overdue: todo.overdue,
      };
    }
    case 'renew_rating':
      return {
        text: translate(language, `firm.ws.todo.rating${overdue}`, { number: todo.rating.certificateNumber, date: day(todo.rating.validUntil) }),
        url: pageHref(`${FIRM_HOME}/domande`, {}, language),
        overdue: todo.overdue,
      };
    case 'surveillance_check':
      return {
        text: todo.check.scheduledOn
          ? translate(language, 'firm.ws.todo.surveillanceCheckScheduled', { date: formatCalendarDate(language, todo.check.scheduledOn) })
          : translate(language, 'firm.ws.todo.surveillanceCheck', { date: day(todo.check.openedAt) }),
        url: pageHref(`${FIRM_HOME}/sorveglianza`, {}, language),
        overdue: false,
      };
  }
}

const EMPTY_SITE: SiteForm = { name: '', address: '', city: '', country: '' };

/**
 * A firm user's home (registering the firm, then its summary) and its operating sites: the same
 * services as /api/v1/firms, for the signed-in user's own firm.
 */
@ApiExcludeController()
@Controller()
export class FirmPagesController {
  constructor(
    private readonly firms: FirmsService,
    private readonly sites: OperatingSitesService,
    private readonly applications: ApplicationsService,
    private readonly ratings: RatingsService,
    private readonly todos: FirmTodosQuery,
    private readonly renewals: RenewalsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/azienda')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async home(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    if (actor.firmId === null) return this.sendRegister(language, this.emptyRegisterForm(), new FormErrors());
    const firm = await this.firms.get(actor, actor.firmId);
    const [latestRating] = await this.ratings.listForFirm(actor, firm.id);
    const { items: [latestApplication] } = await this.applications.list(actor, { page: 1, pageSize: 1 });
    const todos = await this.todos.forFirm(actor);
    return PageResult.view(language, {
      template: 'firm-home',
      title: firm.legalName,
      view: {
        firm: this.firmFacts(firm, language),
        todos: todos.map((todo) => todoView(todo, language)),
        rating: latestRating ? this.ratingView(firm, latestRating, language) : null,
        application: latestApplication
          ? {
              url: pageHref(`${FIRM_HOME}/domande/${latestApplication.id}`, {}, language),
              text: translate(language, 'firm.ws.home.applicationState', {
                date: formatDate(language, latestApplication.createdAt),
                state: translate(language, `firm.ws.state.${latestApplication.state}`),
              }),
            }
          : null,
        links: {
          numbers: pageHref(`${FIRM_HOME}/numeri`, {}, language),
          sites: pageHref(SITES_PATH, {}, language),
          applications: pageHref(`${FIRM_HOME}/domande`, {}, language),
        },
      },
    });
  }

  @Post('area/azienda')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async register(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...REGISTER_FIELDS, 'lang']);
    const form = Object.fromEntries(REGISTER_FIELDS.map((field) => [field, (values[field] ?? '').trim()])) as RegisterForm;
    const office = { address: form.address, city: form.city, province: form.province };
    const body = {
      legalName: form.legalName,
      vatNumber: form.vatNumber,
      taxCode: optionalText(form.taxCode),
      rocNumber: form.rocNumber,
      registeredOffice: office,
      pecAddress: form.pecAddress,
      website: optionalText(form.website),
      serviceKind: form.serviceKind,
    };
    const errors = new FormErrors();
    const validated = await validateForm(RegisterFirmDto, body);
    // The check digit is the service's rule; asking it here too reports it with every other mistake at once.
    const wrongVatNumber = vatNumberProblem(normalizeVatNumber(form.vatNumber)) !== null;
    if (!validated.ok || wrongVatNumber) {
      // The nested office is checked on its own so that each of its fields gets its own message.
      const officeCheck = await validateForm(RegisteredOfficeDto, office);
      const invalid = new Set([...(validated.ok ? [] : validated.invalid), ...(officeCheck.ok ? [] : officeCheck.invalid), ...(wrongVatNumber ? ['vatNumber'] : [])]);
      for (const field of REGISTER_FIELDS) if (invalid.has(field)) errors.add(field, translate(language, `firm.ws.error.${field}`));
      return this.sendRegister(language, form, errors, 400);
    }
    try {
      await this.firms.register(actor, validated.value);
    } catch (error) {
      if (error instanceof VatNumberTakenError) errors.add('vatNumber', translate(language, 'firm.ws.error.vatNumberTaken'));
      else if (error instanceof AlreadyInFirmError) errors.add('legalName', translate(language, 'firm.ws.error.alreadyInFirm'));
      else throw error;
      return this.sendRegister(language, form, errors, 409);
    }
    return PageResult.afterForm(FIRM_HOME, language, { key: 'firm.ws.registered' });
  }

  @Get('area/azienda/sedi')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async sitesPage(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    return this.sendSites(actor, actor.firmId, language, EMPTY_SITE, new FormErrors());
  }

  @Post('area/azienda/sedi')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async declareSite(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...SITE_FIELDS, 'lang']);
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    const form = Object.fromEntries(SITE_FIELDS.map((field) => [field, (values[field] ?? '').trim()])) as SiteForm;
    const errors = new FormErrors();
    // People write the country's name (Italia, Albania); the service keeps its ISO code.
    const validated = await validateForm(DeclareSiteDto, { ...form, country: countryCodeOf(form.country) ?? form.country });
    if (!validated.ok) {
      for (const field of SITE_FIELDS) if (validated.invalid.has(field)) errors.add(field, translate(language, `firm.ws.sites.error.${field}`));
      return this.sendSites(actor, actor.firmId, language, form, errors, 400);
    }
    try {
      await this.sites.declare(actor, actor.firmId, validated.value);
    } catch (error) {
      if (!(error instanceof InvalidCountryError)) throw error;
      errors.add('country', translate(language, 'firm.ws.sites.error.country'));
      return this.sendSites(actor, actor.firmId, language, form, errors, 400);
    }
    return PageResult.afterForm(SITES_PATH, language, { key: 'firm.ws.sites.added', values: { name: validated.value.name } });
  }

  /** Closing a site is final: the sites page links here, to a page of its own that asks first. */
  @Get('area/azienda/sedi/:siteId/chiudi')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async closeSiteConfirmation(@CurrentActor() actor: Actor, @Param('siteId') siteId: string, @PageLanguage() language: Language): Promise<PageResult> {
    return this.askToCloseSite(actor, pathId(siteId), language);
  }

  @Post('area/azienda/sedi/:siteId/chiudi')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async closeSite(@CurrentActor() actor: Actor, @Param('siteId') siteId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [CONFIRMATION_FIELD, 'lang']);
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    const firmId = actor.firmId;
    const token = confirmationToken(values);
    if (token === null) return this.askToCloseSite(actor, pathId(siteId), language);
    const outcome = await this.confirmations.once(actor, token, () => this.sites.close(actor, firmId, pathId(siteId)));
    if (outcome.repeated) return PageResult.afterForm(SITES_PATH, language, { key: 'confirm.repeated' });
    return PageResult.afterForm(SITES_PATH, language, { key: 'firm.ws.sites.closed', values: { name: outcome.value.name } });
  }

  private async askToCloseSite(actor: Actor, siteId: string, language: Language): Promise<PageResult> {
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    const site = (await this.sites.list(actor, actor.firmId)).find((candidate) => candidate.id === siteId && candidate.closedAt === null);
    if (site === undefined) throw new NotFoundError('Operating site');
    return this.confirmations.page(language, {
      act: 'closeSite',
      values: { name: site.name },
      facts: [{ label: translate(language, 'confirm.closeSite.address'), value: `${site.address}, ${site.city}` }],
      action: pageHref(`${SITES_PATH}/${site.id}/chiudi`, {}, language),
      fields: {},
      cancel: SITES_PATH,
    });
  }

  private emptyRegisterForm(): RegisterForm {
    return Object.fromEntries(REGISTER_FIELDS.map((field) => [field, ''])) as RegisterForm;
  }

  private sendRegister(language: Language, form: RegisterForm, errors: FormErrors, status = 200): PageResult {
    const serviceKinds = SERVICE_KINDS.map((kind) => ({ value: kind, label: translate(language, `firm.ws.serviceKind.${kind}`), checked: form.serviceKind === kind }));
    return PageResult.view(language, {
      template: 'firm-register',
      title: translate(language, 'firm.ws.register.title'),
      status,
      view: { form, serviceKinds, errors: errors.view(REGISTER_FIELDS) },
    });
  }

  private async sendSites(actor: Actor, firmId: string, language: Language, form: SiteForm, errors: FormErrors, status = 200): Promise<PageResult> {
    const sites = await this.sites.list(actor, firmId);
    return PageResult.view(language, {
      template: 'firm-sites',
      title: translate(language, 'firm.ws.sites.title'),
      status,
      view: {
        sites: sites.map((site) => ({ ...site, countryName: countryName(site.country, language), closeUrl: pageHref(`${SITES_PATH}/${site.id}/chiudi`, {}, language) })),
        countries: countryChoices(language),
        form,
        errors: errors.view(SITE_FIELDS),
      },
    });
  }

  private firmFacts(firm: FirmView, language: Language) {
    return { ...firm, serviceKindLabel: translate(language, `firm.ws.serviceKind.${firm.serviceKind}`) };
  }

  /** The renewal form once the window is open, the day it opens before; nothing for a rating that is not renewed. */
  private renewalView(rating: RatingView) {
    const opensOn = this.renewals.renewableFrom(rating);
    if (opensOn === null) return null;
    return { open: romeCalendarDate(this.clock.now()) >= opensOn, opensOn: romeDayStart(opensOn), action: `${FIRM_HOME}/rating/${rating.id}/rinnovo` };
  }

  private ratingView(firm: FirmView, rating: RatingView, language: Language) {
    const registryPage = `${this.config.publicBaseUrl}${firmPagePath(firm.vatNumber)}`;
    return {
      status: rating.status,
      certificateNumber: rating.certificateNumber,
      validFrom: romeCalendarDate(rating.validFrom) === romeCalendarDate(rating.issuedAt) ? null : rating.validFrom,
      validUntil: rating.validUntil,
      endedAt: rating.endedAt,
      certificatePdf: rating.certificateSha256 === null ? null : certificatePdfPath(rating.certificateNumber),
      renewal: this.renewalView(rating),
      registryPage: pageHref(firmPagePath(firm.vatNumber), {}, language),
      sealHtml: sealEmbedHtml({ legalName: firm.legalName, sealUrl: `${this.config.publicBaseUrl}${sealPath(firm.vatNumber)}`, firmPageUrl: registryPage }),
    };
  }
}
