import { ApplicationsService, type ApplicationView } from '@app/applications';
import { AuditorInFirmError, AuditsService, NotAnAuditorError } from '@app/audits';
import { Actor, DomainError, type Language } from '@app/core';
import { FirmsService } from '@app/firms';
import { Permission, UsersService, type UserView } from '@app/identity';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApplicationIdParam } from '../applications/applications.dto';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { hasMorePages, pageNumber, pagination, RawQuery } from '../pages/web-lists';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { AssignAuditDto } from './audits.dto';

const ASSIGNMENTS = `${ADMIN_AREA}/assegnazioni`;
const PAGE_SIZE = 20;
/** The largest page the users service serves: more active auditors than this is far beyond the platform's scale. */
const AUDITORS_PAGE_SIZE = 200;
const ASSIGN_FIELDS = ['auditorId'] as const;

/** The admin assigns submitted applications to auditors, on the same services as POST /api/v1/applications/:id/audit. */
@ApiExcludeController()
@Controller()
export class AssignmentPagesController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly audits: AuditsService,
    private readonly firms: FirmsService,
    private readonly users: UsersService,
  ) {}

  @Get('area/amministrazione/assegnazioni')
  @BrowserPage()
  @RequirePermission(Permission.ApplicationAssign)
  async list(@CurrentActor() actor: Actor, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const page = await this.applications.list(actor, { state: 'submitted', page: pageNumber(query.pagina), pageSize: PAGE_SIZE });
    const applications = [];
    for (const application of page.items) {
      const firmName = await this.firmName(actor, application.firmId);
      applications.push({ firmName, submittedAt: application.submittedAt, url: pageHref(`${ASSIGNMENTS}/${application.id}`, {}, language) });
    }
    const view = { applications, pagination: pagination(ASSIGNMENTS, {}, page.page, hasMorePages(page.page, page.pageSize, page.total), language) };
    return PageResult.view(language, { template: 'admin-assignments', title: translate(language, 'admin.ws.assignments.title'), view });
  }

  @Get('area/amministrazione/assegnazioni/:id')
  @BrowserPage()
  @RequirePermission(Permission.ApplicationAssign)
  async assignForm(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendAssign(language, actor, await this.applications.get(actor, id), '', new FormErrors());
  }

  @Post('area/amministrazione/assegnazioni/:id')
  @BrowserPage()
  @RequirePermission(Permission.ApplicationAssign)
  async assign(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...ASSIGN_FIELDS, 'lang']);
    const auditorId = values.auditorId ?? '';
    const errors = new FormErrors();
    const validated = await validateForm(AssignAuditDto, { auditorId });
    if (!validated.ok) {
      errors.add('auditorId', translate(language, 'admin.ws.assign.error.auditorId'));
      return this.sendAssign(language, actor, await this.applications.get(actor, id), auditorId, errors, 400);
    }
    try {
      await this.audits.assign(actor, id, validated.value.auditorId);
    } catch (error) {
      const refusal = this.refusalOf(error);
      if (!refusal) throw error;
      errors.add('auditorId', translate(language, refusal.key));
      return this.sendAssign(language, actor, await this.applications.get(actor, id), auditorId, errors, refusal.status);
    }
    const auditor = await this.users.get(validated.value.auditorId);
    return PageResult.afterForm(ASSIGNMENTS, language, { key: 'admin.ws.assign.done', values: { name: auditor.displayName } });
  }

  private refusalOf(error: unknown): { key: string; status: number } | null {
    if (error instanceof NotAnAuditorError) return { key: 'admin.ws.assign.error.notAnAuditor', status: 422 };
    if (error instanceof AuditorInFirmError) return { key: 'admin.ws.assign.error.inFirm', status: 422 };
    if (error instanceof DomainError && error.kind === 'conflict') return { key: 'admin.ws.assign.error.conflict', status: 409 };
    return null;
  }

  private async firmName(actor: Actor, firmId: string): Promise<string> {
    return (await this.firms.get(actor, firmId)).legalName;
  }

  private async activeAuditors(): Promise<UserView[]> {
    const page = await this.users.list(1, AUDITORS_PAGE_SIZE, 'auditor');
    return page.items.filter((user) => !user.disabled);
  }

  private async sendAssign(
    language: Language,
    actor: Actor,
    application: ApplicationView,
    selected: string,
    errors: FormErrors,
    status = 200,
  ): Promise<PageResult> {
    const firmName = await this.firmName(actor, application.firmId);
    const auditors = (await this.activeAuditors()).map((auditor) => ({ value: auditor.id, label: `${auditor.displayName} (${auditor.email})`, selected: auditor.id === selected }));
    const view = {
      firmName,
      application: { submittedAt: application.submittedAt, state: translate(language, `admin.ws.appState.${application.state}`) },
      assignable: application.state === 'submitted',
      auditors: auditors.length > 0 ? auditors : null,
      action: `${ASSIGNMENTS}/${application.id}`,
      backUrl: pageHref(ASSIGNMENTS, {}, language),
      errors: errors.view(ASSIGN_FIELDS),
    };
    return PageResult.view(language, { template: 'admin-assign', title: translate(language, 'admin.ws.assign.title', { name: firmName }), status, view });
  }
}
