import { ChecklistService, ChecklistVersionExistsError, type ChecklistVersionView, InvalidChecklistError } from '@app/checklist';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import type { Language } from '@app/registry';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { IdParam } from '../identity/identity.dto';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { WebPages } from '../pages/web-pages';
import { PublishChecklistVersionDto } from './checklist.dto';

const CHECKLIST = `${ADMIN_AREA}/checklist`;
const PUBLISH_FIELDS = ['version', 'file'] as const;
/** Far above any real checklist (the first version is under 20 kB), far below anything that strains memory. */
const ITEMS_FILE_MAX_BYTES = 1_000_000;

/** The items in an uploaded file: a list of items, or a version as the API returns it, with its `items`. */
function itemsIn(bytes: Buffer): unknown {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
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
    private readonly pages: WebPages,
  ) {}

  @Get('area/amministrazione/checklist')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const language = this.pages.languageOf(request);
    const versions = (await this.checklist.listVersions()).map((version) => ({ ...version, url: pageHref(`${CHECKLIST}/${version.id}`, {}, language) }));
    const view = { versions, newUrl: pageHref(`${CHECKLIST}/nuova`, {}, language) };
    this.pages.send(request, reply, { template: 'admin-checklist', title: translate(language, 'admin.ws.checklist.title'), view }, language);
  }

  @Get('area/amministrazione/checklist/nuova')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async publishForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const current = await this.checklist.currentVersion();
    this.sendPublish(request, reply, this.pages.languageOf(request), current.version, '', new FormErrors());
  }

  @Post('area/amministrazione/checklist')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async publish(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values, file } = await readWebForm(request, ['version', 'lang'], { maxFileBytes: ITEMS_FILE_MAX_BYTES });
    const language = this.pages.languageOf(request, values);
    const version = (values.version ?? '').trim();
    const current = (await this.checklist.currentVersion()).version;
    const errors = new FormErrors();
    const validated = await validateForm(PublishChecklistVersionDto, { version, items: file === null ? null : itemsIn(file.bytes) });
    if (!validated.ok) {
      if (validated.invalid.has('version')) errors.add('version', translate(language, 'admin.ws.checklistNew.error.version'));
      if (validated.invalid.has('items')) errors.add('file', translate(language, 'admin.ws.checklistNew.error.items'));
      return this.sendPublish(request, reply, language, current, version, errors, 400);
    }
    let published: ChecklistVersionView;
    try {
      published = await this.checklist.publishVersion(actor, validated.value);
    } catch (error) {
      if (error instanceof ChecklistVersionExistsError) {
        errors.add('version', translate(language, 'admin.ws.checklistNew.error.versionExists'));
        return this.sendPublish(request, reply, language, current, version, errors, 409);
      }
      if (!(error instanceof InvalidChecklistError)) throw error;
      // The rules' own explanation names the codes and sections at fault, which no generic text can.
      errors.add('file', translate(language, 'admin.ws.checklistNew.error.rules', { problems: error.message }));
      return this.sendPublish(request, reply, language, current, version, errors, 400);
    }
    this.pages.redirect(request, reply, `${CHECKLIST}/${published.id}`, language, { key: 'admin.ws.checklistNew.done', values: { version: published.version } });
  }

  @Get('area/amministrazione/checklist/:id')
  @BrowserPage()
  @RequirePermission(Permission.ChecklistManage)
  async version(@Param() { id }: IdParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const language = this.pages.languageOf(request);
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
    this.pages.send(request, reply, { template: 'admin-checklist-version', title: translate(language, 'admin.ws.checklistVersion.title', { version: version.version }), view }, language);
  }

  private sendPublish(request: FastifyRequest, reply: FastifyReply, language: Language, currentVersion: string, version: string, errors: FormErrors, status = 200): void {
    const view = {
      form: { version },
      currentVersion,
      currentItemsUrl: '/api/v1/checklist',
      action: CHECKLIST,
      backUrl: pageHref(CHECKLIST, {}, language),
      errors: errors.view(PUBLISH_FIELDS),
    };
    this.pages.send(request, reply, { template: 'admin-checklist-new', title: translate(language, 'admin.ws.checklistNew.title'), status, view }, language);
  }
}
