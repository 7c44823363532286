import { Actor, formatEuroAmount, type Language, parseEuroAmount } from '@app/core';
import { FirmsService } from '@app/firms';
import { Permission } from '@app/identity';
import {
  InvalidSanctionError,
  SANCTION_AUTHORITIES,
  SANCTION_CONDUCTS,
  SANCTION_STATUSES,
  SanctionExistsError,
  SanctionsService,
  type SanctionView,
  UnknownFirmError,
} from '@app/sanctions';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { hasMorePages, pageNumber, pagination, RawQuery, selectOptions } from '../pages/web-lists';
import { IdParam } from '../http/id-param';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { calendarDateFromForm } from '../pages/formats';
import { formatDate, translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormError, FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { AnnulSanctionDto, CreateSanctionDto, ListSanctionsQuery, UpdateSanctionDto } from './sanctions.dto';

const SANCTIONS = `${ADMIN_AREA}/sanzioni`;
const PAGE_SIZE = 20;
/** The firms offered in the sanction form's list, by name: the firms service's largest page. */
const FIRM_CHOICES = 200;
const FILTERS = ['firmId', 'status', 'authority', 'conductCategory'] as const;
const NEW_SANCTION_FIELDS = ['firmId', 'authority', 'reference', 'conductCategory', 'amount', 'imposedOn', 'definitiveOn', 'sourceUrl', 'notes'] as const;
const CORRECTION_FIELDS = ['authority', 'reference', 'conductCategory', 'amount', 'imposedOn', 'sourceUrl', 'notes'] as const;
const SANCTION_FIELDS = [...CORRECTION_FIELDS, 'definitiveOn', 'reason'] as const;

type NewSanctionForm = { readonly [F in (typeof NEW_SANCTION_FIELDS)[number]]: string };
type SanctionForm = { readonly [F in (typeof SANCTION_FIELDS)[number]]: string };

/** The euro amount in cents for the API's `amountCents`; anything unreadable is passed on for the DTO to refuse. */
function amountInCents(amount: string): number | string | null {
  if (amount === '') return null;
  return parseEuroAmount(amount) ?? amount;
}

/** Cents as the amount field shows them: as the language writes euro, which the field reads back. */
function amountForForm(cents: number | null, language: Language): string {
  return cents === null ? '' : formatEuroAmount(cents, language);
}

const orNull = (value: string) => (value === '' ? null : value);

/** The sanctions register for the admin: list, record, mark definitive, annul; the same service as /api/v1/sanctions. */
@ApiExcludeController()
@Controller()
export class SanctionPagesController {
  constructor(
    private readonly sanctions: SanctionsService,
    private readonly firms: FirmsService,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/amministrazione/sanzioni')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async list(@CurrentActor() actor: Actor, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const chosen = Object.fromEntries(FILTERS.flatMap((name) => (typeof query[name] === 'string' && query[name] !== '' ? [[name, query[name]]] : [])));
    const validated = await validateForm(ListSanctionsQuery, { ...chosen, page: pageNumber(query.pagina), pageSize: PAGE_SIZE });
    const filter = validated.ok ? validated.value : { page: 1, pageSize: PAGE_SIZE };
    const page = await this.sanctions.list(filter);
    const firms = await this.firmChoices();
    const filterErrors: FormError[] | null = validated.ok ? null : [{ field: null, message: translate(language, 'admin.ws.filter.invalid') }];
    const current = (name: (typeof FILTERS)[number]): string | null => (validated.ok ? (validated.value[name] ?? null) : null);
    const view = {
      filterErrors,
      listPath: SANCTIONS,
      newUrl: pageHref(`${SANCTIONS}/nuova`, {}, language),
      firms: firms.map((firm) => ({ ...firm, selected: firm.value === current('firmId') })),
      statuses: selectOptions(language, SANCTION_STATUSES, 'admin.ws.sanctionStatus.', current('status')),
      authorities: selectOptions(language, SANCTION_AUTHORITIES, 'admin.ws.authority.', current('authority')),
      conducts: selectOptions(language, SANCTION_CONDUCTS, 'admin.ws.conduct.', current('conductCategory')),
      sanctions: await Promise.all(page.items.map(async (sanction) => ({ ...this.sanctionView(language, sanction), firmName: await this.firmName(actor, sanction.firmId) }))),
      pagination: pagination(SANCTIONS, validated.ok ? chosen : {}, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
    };
    return PageResult.view(language, { template: 'admin-sanctions', title: translate(language, 'admin.ws.sanctions.title'), status: validated.ok ? 200 : 400, view });
  }

  @Get('area/amministrazione/sanzioni/nuova')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async newSanctionForm(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const empty = Object.fromEntries(NEW_SANCTION_FIELDS.map((name) => [name, ''])) as NewSanctionForm;
    const firmId = typeof query.firmId === 'string' ? query.firmId : '';
    return this.sendNewSanction(language, { ...empty, firmId }, new FormErrors());
  }

  @Post('area/amministrazione/sanzioni')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async record(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...NEW_SANCTION_FIELDS, 'lang']);
    const form = Object.fromEntries(NEW_SANCTION_FIELDS.map((name) => [name, (values[name] ?? '').trim()])) as NewSanctionForm;
    const body = {
      firmId: form.firmId,
      authority: form.authority,
      reference: form.reference,
      conductCategory: form.conductCategory,
      amountCents: amountInCents(form.amount),
      imposedOn: calendarDateFromForm(form.imposedOn),
      definitiveOn: orNull(calendarDateFromForm(form.definitiveOn)),
      sourceUrl: form.sourceUrl,
      notes: orNull(form.notes),
    };
    const errors = new FormErrors();
    const validated = await validateForm(CreateSanctionDto, body);
    if (!validated.ok) {
      for (const field of validated.invalid) this.addFieldError(errors, language, field === 'amountCents' ? 'amount' : field);
      return this.sendNewSanction(language, form, errors, 400);
    }
    const dto = validated.value;
    let recorded: SanctionView;
    try {
      recorded = await this.sanctions.record(actor, { ...dto, amountCents: dto.amountCents ?? null, definitiveOn: dto.definitiveOn ?? null, notes: dto.notes ?? null });
    } catch (error) {
      const status = this.explainRefusal(error, errors, language);
      if (status === null) throw error;
      return this.sendNewSanction(language, form, errors, status);
    }
    return PageResult.afterForm(`${SANCTIONS}/${recorded.id}`, language, { key: 'admin.ws.sanctionNew.done' });
  }

  @Get('area/amministrazione/sanzioni/:id')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async sanction(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendSanction(language, actor, await this.sanctions.get(id), {}, new FormErrors());
  }

  @Post('area/amministrazione/sanzioni/:id/definitiva')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async markDefinitive(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['definitiveOn', CONFIRMATION_FIELD, 'lang']);
    const definitiveOn = calendarDateFromForm(values.definitiveOn ?? '');
    const errors = new FormErrors();
    const form = { definitiveOn };
    const validated = await validateForm(UpdateSanctionDto, { definitiveOn });
    if (!validated.ok) {
      this.addFieldError(errors, language, 'definitiveOn');
      return this.sendSanction(language, actor, await this.sanctions.get(id), form, errors, 400);
    }
    const token = confirmationToken(values);
    if (token === null) {
      // A definitive sanction counts against the firm and may open a revocation review at once: asked first.
      const sanction = await this.sanctions.get(id);
      return this.confirmations.page(language, {
        act: 'sanctionDefinitive',
        values: { reference: sanction.reference, date: formatDate(language, new Date(`${definitiveOn}T12:00:00Z`)) },
        facts: [],
        action: pageHref(`${SANCTIONS}/${id}/definitiva`, {}, language),
        fields: form,
        cancel: `${SANCTIONS}/${id}`,
      });
    }
    return this.applyUpdate(actor, id, validated.value, { language, form }, 'admin.ws.sanction.definitiveDone', token);
  }

  @Post('area/amministrazione/sanzioni/:id/correzione')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async correct(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...CORRECTION_FIELDS, 'lang']);
    const form = Object.fromEntries(CORRECTION_FIELDS.map((name) => [name, (values[name] ?? '').trim()])) as Pick<SanctionForm, (typeof CORRECTION_FIELDS)[number]>;
    const body = {
      authority: form.authority,
      reference: form.reference,
      conductCategory: form.conductCategory,
      amountCents: amountInCents(form.amount),
      imposedOn: calendarDateFromForm(form.imposedOn),
      sourceUrl: form.sourceUrl,
      notes: orNull(form.notes),
    };
    const errors = new FormErrors();
    const validated = await validateForm(UpdateSanctionDto, body);
    if (!validated.ok) {
      for (const field of validated.invalid) this.addFieldError(errors, language, field === 'amountCents' ? 'amount' : field);
      return this.sendSanction(language, actor, await this.sanctions.get(id), form, errors, 400);
    }
    return this.applyUpdate(actor, id, validated.value, { language, form }, 'admin.ws.sanction.correctedDone');
  }

  /** A change through the service, then back to the sanction; a refusal is shown next to the fields it concerns. */
  private async applyUpdate(
    actor: Actor,
    id: string,
    changes: UpdateSanctionDto,
    page: { language: Language; form: Partial<SanctionForm> },
    doneKey: string,
    confirmation: string | null = null,
  ): Promise<PageResult> {
    const { language, form } = page;
    try {
      if (confirmation === null) await this.sanctions.update(actor, id, changes);
      else if ((await this.confirmations.once(actor, confirmation, () => this.sanctions.update(actor, id, changes))).repeated) doneKey = 'confirm.repeated';
    } catch (error) {
      const errors = new FormErrors();
      const status = this.explainRefusal(error, errors, language);
      if (status === null) throw error;
      return this.sendSanction(language, actor, await this.sanctions.get(id), form, errors, status);
    }
    return PageResult.afterForm(`${SANCTIONS}/${id}`, language, { key: doneKey });
  }

  @Post('area/amministrazione/sanzioni/:id/annullamento')
  @BrowserPage()
  @RequirePermission(Permission.SanctionManage)
  async annul(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reason', CONFIRMATION_FIELD, 'lang']);
    const reason = (values.reason ?? '').trim();
    const validated = await validateForm(AnnulSanctionDto, { reason });
    if (!validated.ok) {
      const errors = new FormErrors().add('reason', translate(language, 'admin.ws.sanction.error.reason'));
      return this.sendSanction(language, actor, await this.sanctions.get(id), { reason }, errors, 400);
    }
    const token = confirmationToken(values);
    if (token === null) {
      const sanction = await this.sanctions.get(id);
      return this.confirmations.page(language, {
        act: 'sanctionAnnul',
        values: { reference: sanction.reference },
        facts: [{ label: translate(language, 'confirm.sanction.reason'), value: validated.value.reason }],
        action: pageHref(`${SANCTIONS}/${id}/annullamento`, {}, language),
        fields: { reason },
        cancel: `${SANCTIONS}/${id}`,
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.sanctions.annul(actor, id, validated.value.reason));
    return PageResult.afterForm(`${SANCTIONS}/${id}`, language, { key: outcome.repeated ? 'confirm.repeated' : 'admin.ws.sanction.annulledDone' });
  }

  private addFieldError(errors: FormErrors, language: Language, field: string): void {
    errors.add(field, translate(language, `admin.ws.sanctionNew.error.${field}`));
  }

  /** The status to show the form again with, after putting the service's refusal next to its field; null when it is not a refusal of the form. */
  private explainRefusal(error: unknown, errors: FormErrors, language: Language): number | null {
    if (error instanceof InvalidSanctionError) {
      const fields = Object.keys(error.details?.fields ?? {});
      for (const field of fields) this.addFieldError(errors, language, field);
      return 400;
    }
    if (error instanceof UnknownFirmError) {
      this.addFieldError(errors, language, 'firmId');
      return 422;
    }
    if (error instanceof SanctionExistsError) {
      errors.add('reference', translate(language, 'admin.ws.sanctionNew.error.exists'));
      return 409;
    }
    return null;
  }

  private async firmChoices(): Promise<{ value: string; label: string }[]> {
    const page = await this.firms.list(1, FIRM_CHOICES);
    return page.items.map((firm) => ({ value: firm.id, label: `${firm.legalName} (${firm.vatNumber})` }));
  }

  private async firmName(actor: Actor, firmId: string): Promise<string> {
    return (await this.firms.get(actor, firmId)).legalName;
  }

  private sanctionView(language: Language, sanction: SanctionView) {
    return {
      ...sanction,
      url: pageHref(`${SANCTIONS}/${sanction.id}`, {}, language),
      authorityLabel: translate(language, `admin.ws.authority.${sanction.authority}`),
      conductLabel: translate(language, `admin.ws.conduct.${sanction.conductCategory}`),
      statusLabel: translate(language, `admin.ws.sanctionStatus.${sanction.status}`),
      amount: sanction.amountCents === null ? null : formatEuroAmount(sanction.amountCents, language),
    };
  }

  private async sendNewSanction(language: Language, form: NewSanctionForm, errors: FormErrors, status = 200): Promise<PageResult> {
    const firms = await this.firmChoices();
    const view = {
      form,
      firms: firms.map((firm) => ({ ...firm, selected: firm.value === form.firmId })),
      authorities: selectOptions(language, SANCTION_AUTHORITIES, 'admin.ws.authority.', form.authority),
      conducts: selectOptions(language, SANCTION_CONDUCTS, 'admin.ws.conduct.', form.conductCategory),
      action: SANCTIONS,
      backUrl: pageHref(SANCTIONS, {}, language),
      errors: errors.view(NEW_SANCTION_FIELDS),
    };
    return PageResult.view(language, { template: 'admin-sanction-new', title: translate(language, 'admin.ws.sanctionNew.title'), status, view });
  }

  private async sendSanction(
    language: Language,
    actor: Actor,
    sanction: SanctionView,
    entered: Partial<SanctionForm>,
    errors: FormErrors,
    status = 200,
  ): Promise<PageResult> {
    const recorded: SanctionForm = {
      authority: sanction.authority,
      reference: sanction.reference,
      conductCategory: sanction.conductCategory,
      amount: amountForForm(sanction.amountCents, language),
      imposedOn: sanction.imposedOn,
      sourceUrl: sanction.sourceUrl,
      notes: sanction.notes ?? '',
      definitiveOn: '',
      reason: '',
    };
    const form = { ...recorded, ...entered };
    const view = {
      sanction: { ...this.sanctionView(language, sanction), firmName: await this.firmName(actor, sanction.firmId) },
      underAppeal: sanction.status === 'under_appeal',
      authorities: selectOptions(language, SANCTION_AUTHORITIES, 'admin.ws.authority.', form.authority),
      conducts: selectOptions(language, SANCTION_CONDUCTS, 'admin.ws.conduct.', form.conductCategory),
      correctAction: `${SANCTIONS}/${sanction.id}/correzione`,
      annulled: sanction.status === 'annulled',
      form,
      definitiveAction: `${SANCTIONS}/${sanction.id}/definitiva`,
      annulAction: `${SANCTIONS}/${sanction.id}/annullamento`,
      backUrl: pageHref(SANCTIONS, {}, language),
      errors: errors.view(SANCTION_FIELDS),
    };
    return PageResult.view(language, { template: 'admin-sanction', title: translate(language, 'admin.ws.sanction.title', { reference: sanction.reference }), status, view });
  }
}
