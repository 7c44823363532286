import { ApplicationsService, COMPLIANCE_ANSWERS, EvidenceService } from '@app/applications';
import { ChecklistItemView, ChecklistService } from '@app/checklist';
import { AppConfig } from '@app/config';
import { Actor, Clock, type Language, NotFoundError, romeCalendarDate } from '@app/core';
import { Permission } from '@app/identity';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { optionalText, pathId } from '../pages/web-lists';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { evidenceStateText } from '../pages/evidence-display';
import { calendarDateFromForm } from '../pages/formats';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { applicationPath } from './application-pages.controller';
import { AnswerDto, EVIDENCE_FIELD_NAMES, EvidenceFieldsDto } from './applications.dto';
import { evidenceRefusal } from './evidence-page-errors';

const ITEM_CODE = /^[A-Z]{2,4}-[0-9]{2,3}$/;
const ANSWER_FIELDS = ['compliance', 'statement'] as const;
const FORM_FIELDS = [...ANSWER_FIELDS, ...EVIDENCE_FIELD_NAMES] as const;
/** Both forms of the page share one error summary. */
const ITEM_FIELDS = [...FORM_FIELDS, 'file'] as const;

type ItemForm = Record<(typeof FORM_FIELDS)[number], string>;

const EMPTY_FORM: ItemForm = Object.fromEntries(FORM_FIELDS.map((field) => [field, ''])) as ItemForm;

const itemPath = (applicationId: string, itemCode: string) => `${applicationPath(applicationId)}/voci/${itemCode}`;

function pathItemCode(value: string): string {
  if (!ITEM_CODE.test(value)) throw new NotFoundError('Checklist item');
  return value;
}

/**
 * One checklist item of a firm's application: the firm's answer and note, and the documents that
 * back it (upload, versions, download). The same services as /api/v1/applications/{id}/answers and
 * /api/v1/applications/{id}/items/{code}/evidence.
 */
@ApiExcludeController()
@Controller()
export class ApplicationItemPagesController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly evidence: EvidenceService,
    private readonly checklist: ChecklistService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get('area/azienda/domande/:id/voci/:itemCode')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async show(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('itemCode') itemCode: string, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendItem(actor, pathId(id), pathItemCode(itemCode), language, null, new FormErrors());
  }

  @Post('area/azienda/domande/:id/voci/:itemCode')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async answer(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('itemCode') itemCode: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...ANSWER_FIELDS, 'lang']);
    const [applicationId, code] = [pathId(id), pathItemCode(itemCode)];
    const form = { ...EMPTY_FORM, compliance: values.compliance ?? '', statement: values.statement ?? '' };
    const validated = await validateForm(AnswerDto, { compliance: form.compliance, statement: form.statement });
    if (!validated.ok) {
      const errors = new FormErrors();
      for (const field of ANSWER_FIELDS) if (validated.invalid.has(field)) errors.add(field, translate(language, `firm.ws.item.error.${field}`));
      return this.sendItem(actor, applicationId, code, language, form, errors, 400);
    }
    await this.applications.answer(actor, applicationId, code, { compliance: validated.value.compliance, statement: validated.value.statement ?? '' });
    return PageResult.afterForm(itemPath(applicationId, code), language, { key: 'firm.ws.item.saved', values: { code } });
  }

  @Post('area/azienda/domande/:id/voci/:itemCode/documenti')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async upload(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('itemCode') itemCode: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, file, language } = await readWebForm(request, [...EVIDENCE_FIELD_NAMES, 'lang'], { maxFileBytes: this.config.evidenceMaxBytes });
    const [applicationId, code] = [pathId(id), pathItemCode(itemCode)];
    const form: ItemForm = { ...EMPTY_FORM, ...Object.fromEntries(EVIDENCE_FIELD_NAMES.map((field) => [field, (values[field] ?? '').trim()])) };
    // A date picker sends 2026-01-12; where the browser has none, people type 12/01/2026.
    form.effectiveDate = calendarDateFromForm(form.effectiveDate);
    form.expiresOn = calendarDateFromForm(form.expiresOn);
    const given = Object.fromEntries(EVIDENCE_FIELD_NAMES.filter((field) => field === 'effectiveDate' || optionalText(form[field]) !== null).map((field) => [field, form[field]]));
    const errors = new FormErrors();
    const fieldError = (field: string, key: string) => errors.add(field, translate(language, key));
    const validated = await validateForm(EvidenceFieldsDto, given);
    if (file === null) fieldError('file', 'firm.ws.evidence.error.file');
    if (!validated.ok) for (const field of EVIDENCE_FIELD_NAMES) if (validated.invalid.has(field)) fieldError(field, `firm.ws.evidence.error.${field}`);
    if (file === null || !validated.ok) return this.sendItem(actor, applicationId, code, language, form, errors, 400);
    try {
      const uploaded = await this.evidence.upload(actor, applicationId, code, { ...validated.value, bytes: file.bytes, clientFileName: file.clientFileName });
      return PageResult.afterForm(itemPath(applicationId, code), language, { key: 'firm.ws.evidence.uploaded', values: { name: uploaded.fileName, code } });
    } catch (error) {
      const refusal = evidenceRefusal(error);
      if (refusal === null) throw error;
      fieldError(refusal.field, refusal.key);
      return this.sendItem(actor, applicationId, code, language, form, errors, refusal.status);
    }
  }

  @Get('area/azienda/domande/:id/documenti/:evidenceId')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('evidenceId') evidenceId: string): Promise<PageResult> {
    const content = await this.evidence.content(actor, pathId(id), pathId(evidenceId));
    return PageResult.download(content);
  }

  private async sendItem(
    actor: Actor,
    applicationId: string,
    itemCode: string,
    language: Language,
    kept: ItemForm | null,
    errors: FormErrors,
    status = 200,
  ): Promise<PageResult> {
    const application = await this.applications.get(actor, applicationId);
    const version = await this.checklist.getVersion(application.checklistVersionId);
    const position = version.items.findIndex((item) => item.code === itemCode);
    if (position === -1) throw new NotFoundError('Checklist item');
    const item = version.items[position];
    const answer = application.answers.find((each) => each.itemCode === itemCode) ?? null;
    const documents = (await this.evidence.list(actor, applicationId)).filter((each) => each.itemCode === itemCode);
    const today = romeCalendarDate(this.clock.now());
    const form = kept ?? { ...EMPTY_FORM, compliance: answer?.compliance ?? '', statement: answer?.statement ?? '' };
    const neighbour = (other: ChecklistItemView | undefined) => (other ? { code: other.code, url: pageHref(itemPath(applicationId, other.code), {}, language) } : null);
    return PageResult.view(language, {
      template: 'firm-application-item',
      title: translate(language, 'firm.ws.item.title', { code: itemCode }),
      status,
      view: {
        item: {
          code: item.code,
          // Only the firm-facing text: the guidance tells the auditor how to check the firm's answer.
          text: language === 'it' ? item.textIt : item.textEn,
          required: item.required,
          evidenceRequired: item.evidenceRequired,
          computed: item.assessment === 'computed',
        },
        editable: application.state === 'draft' && item.assessment === 'declared',
        answer: answer && { ...answer, complianceLabel: translate(language, `firm.ws.compliance.${answer.compliance}`) },
        complianceChoices: COMPLIANCE_ANSWERS.map((value) => ({ value, label: translate(language, `firm.ws.compliance.${value}`), checked: form.compliance === value })),
        documents: documents.map((each) => ({ ...each, state: evidenceStateText(language, each, today), url: `${applicationPath(applicationId)}/documenti/${each.id}` })),
        supersedable: documents.filter((each) => each.supersededById === null).map((each) => ({ id: each.id, fileName: each.fileName, selected: form.supersedesId === each.id })),
        form,
        errors: errors.view(ITEM_FIELDS),
        actions: { answer: itemPath(applicationId, itemCode), upload: `${itemPath(applicationId, itemCode)}/documenti` },
        previous: neighbour(version.items[position - 1]),
        next: neighbour(version.items[position + 1]),
        back: pageHref(applicationPath(applicationId), {}, language),
      },
    });
  }
}
