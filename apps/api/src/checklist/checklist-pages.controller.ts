import { checklistDefinitionProblems, ChecklistService, ChecklistVersionExistsError, type ChecklistVersionView, InvalidChecklistError } from '@app/checklist';
import { Actor, DomainError, type Language } from '@app/core';
import { Permission } from '@app/identity';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { IdParam } from '../http/id-param';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { PublishChecklistVersionDto } from './checklist.dto';

const CHECKLIST = `${ADMIN_AREA}/checklist`;
const PUBLISH_FIELDS = ['version', 'file'] as const;
/** Far above any real checklist (the first version is under 20 kB), far below anything that strains memory. */
const ITEMS_FILE_MAX_BYTES = 1_000_000;

/** The items in an uploaded file: a list of items, or a version as the API returns it, with its `items`. */
function itemsIn(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'items' in parsed ? parsed.items : parsed;
  } catch {
    return null;
  }
}

/**
 * Checklist versions for the admin: every version with its items, and publishing a new one. A version
 * is a long list of items, too long for a form field, so its items come as a JSON file: the current
 * version as GET /api/v1/checklist returns it, edited.
 */
@ApiExcludeController()
@Controller()
export class ChecklistPagesController {
  constructor(
    private readonly checklist: ChecklistService,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/amministrazione/checklist')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async list(@PageLanguage() language: Language): Promise<PageResult> {
    const versions = (await this.checklist.listVersions()).map((version) => ({ ...version, url: pageHref(`${CHECKLIST}/${version.id}`, {}, language) }));
    const view = { versions, newUrl: pageHref(`${CHECKLIST}/nuova`, {}, language) };
    return PageResult.view(language, { template: 'admin-checklist', title: translate(language, 'admin.ws.checklist.title'), view });
  }

  @Get('area/amministrazione/checklist/nuova')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async publishForm(@PageLanguage() language: Language): Promise<PageResult> {
    const current = await this.checklist.currentVersion();
    return this.sendPublish(language, current.version, '', new FormErrors());
  }

  /**
   * Publishing is final and public (the next applications are audited on it), so it is asked for
   * twice: the file is checked and answered by a confirmation page that carries its items; only that
   * page's confirmation publishes.
   */
  @Post('area/amministrazione/checklist')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async publish(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, file, truncated, language } = await readWebForm(request, ['version', 'items', 'lang', CONFIRMATION_FIELD], { maxFileBytes: ITEMS_FILE_MAX_BYTES, maxFieldBytes: ITEMS_FILE_MAX_BYTES });
    if (truncated.size > 0) throw new DomainError('payload_too_large', 'field_too_long', 'The checklist is longer than any the platform accepts');
    const version = (values.version ?? '').trim();
    const current = (await this.checklist.currentVersion()).version;
    const token = confirmationToken(values);
    const itemsText = token === null ? file?.bytes.toString('utf8') : values.items;
    const errors = new FormErrors();
    const validated = await validateForm(PublishChecklistVersionDto, { version, items: itemsText === undefined ? null : itemsIn(itemsText) });
    if (!validated.ok) {
      if (validated.invalid.has('version')) errors.add('version', translate(language, 'admin.ws.checklistNew.error.version'));
      if (validated.invalid.has('items')) errors.add('file', translate(language, 'admin.ws.checklistNew.error.items'));
      return this.sendPublish(language, current, version, errors, 400);
    }
    if (token === null) {
      if ((await this.checklist.listVersions()).some((existing) => existing.version === version)) return this.refuseTakenVersion(language, current, version, errors);
      const problems = checklistDefinitionProblems(validated.value);
      if (Object.keys(problems).length > 0) return this.refuseRules(language, current, version, errors, new InvalidChecklistError(problems));
      return this.confirmations.page(language, {
        act: 'publishChecklist',
        values: { version },
        facts: [{ label: translate(language, 'confirm.publishChecklist.items'), value: String(validated.value.items.length) }],
        action: pageHref(CHECKLIST, {}, language),
        fields: { version, items: JSON.stringify(validated.value.items) },
        cancel: `${CHECKLIST}/nuova`,
      });
    }
    let published: ChecklistVersionView;
    try {
      const outcome = await this.confirmations.once(actor, token, () => this.checklist.publishVersion(actor, validated.value));
      if (outcome.repeated) return PageResult.afterForm(CHECKLIST, language, { key: 'confirm.repeated' });
      published = outcome.value;
    } catch (error) {
      if (error instanceof ChecklistVersionExistsError) return this.refuseTakenVersion(language, current, version, errors);
      if (!(error instanceof InvalidChecklistError)) throw error;
      return this.refuseRules(language, current, version, errors, error);
    }
    return PageResult.afterForm(`${CHECKLIST}/${published.id}`, language, { key: 'admin.ws.checklistNew.done', values: { version: published.version } });
  }

  @Get('area/amministrazione/checklist/:id')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async version(@Param() { id }: IdParam, @PageLanguage() language: Language): Promise<PageResult> {
    const version = await this.checklist.getVersion(id);
    const yesNo = (value: boolean) => translate(language, value ? 'admin.ws.yes' : 'admin.ws.no');
    const items = version.items.map((item) => ({
      code: item.code,
      section: translate(language, `admin.ws.section.${item.section}`),
      text: language === 'it' ? item.textIt : item.textEn,
      assessment: translate(language, `admin.ws.assessment.${item.assessment}`),
      required: yesNo(item.required),
      evidenceRequired: yesNo(item.evidenceRequired),
      blocking: yesNo(item.blocking),
    }));
    const view = { version: { version: version.version, publishedAt: version.publishedAt }, items, backUrl: pageHref(CHECKLIST, {}, language) };
    return PageResult.view(language, { template: 'admin-checklist-version', title: translate(language, 'admin.ws.checklistVersion.title', { version: version.version }), view });
  }

  private refuseTakenVersion(language: Language, current: string, version: string, errors: FormErrors): PageResult {
    errors.add('version', translate(language, 'admin.ws.checklistNew.error.versionExists'));
    return this.sendPublish(language, current, version, errors, 409);
  }

  /** The rules' own explanation names the codes and sections at fault, which no generic text can. */
  private refuseRules(language: Language, current: string, version: string, errors: FormErrors, error: InvalidChecklistError): PageResult {
    errors.add('file', translate(language, 'admin.ws.checklistNew.error.rules', { problems: error.message }));
    return this.sendPublish(language, current, version, errors, 400);
  }

  private sendPublish(language: Language, currentVersion: string, version: string, errors: FormErrors, status = 200): PageResult {
    const view = {
      form: { version },
      currentVersion,
      currentItemsUrl: '/api/v1/checklist',
      action: CHECKLIST,
      backUrl: pageHref(CHECKLIST, {}, language),
      errors: errors.view(PUBLISH_FIELDS),
    };
    return PageResult.view(language, { template: 'admin-checklist-new', title: translate(language, 'admin.ws.checklistNew.title'), status, view });
  }
}
