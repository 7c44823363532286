import { InvalidFileNameError, UnsupportedEvidenceError } from '@app/applications';
import { CorrectiveActionsService, CorrectiveActionView } from '@app/audits';
import { AppConfig } from '@app/config';
import { Actor, type Language, romeDayStart } from '@app/core';
import { Permission } from '@app/identity';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { AcceptCorrectiveActionDto, AnswerCorrectiveActionDto, CorrectiveActionDocumentParam, CorrectiveActionParam, ReopenCorrectiveActionDto } from './audits.dto';

export const CORRECTIVE_ACTIONS_PATH = '/area/azioni-correttive';
const path = (findingId: string, act: string) => `${CORRECTIVE_ACTIONS_PATH}/${findingId}/${act}`;

/** A form that came back with errors: its values are shown again beside the action it belongs to. */
interface Posted {
  readonly findingId: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Corrective actions, one page for everyone who follows them (as /area/ricorsi is): the firm attaches
 * documents and answers, the audit's auditor accepts (after a confirmation: it is final) or reopens
 * with a reason; reviewers and admins read. The same service as /api/v1/corrective-actions.
 */
@ApiExcludeController()
@Controller()
export class CorrectiveActionPagesController {
  constructor(
    private readonly correctiveActions: CorrectiveActionsService,
    private readonly confirmations: Confirmations,
    private readonly config: AppConfig,
  ) {}

  @Get('area/azioni-correttive')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async list(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendList(actor, language, new FormErrors());
  }

  @Post('area/azioni-correttive/:findingId/documenti')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async addDocument(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, file, language } = await readWebForm(request, ['lang'], { maxFileBytes: this.config.evidenceMaxBytes });
    const refuse = (status: number) => this.sendList(actor, language, new FormErrors().add(`file-${findingId}`, translate(language, 'ca.ws.error.file')), { findingId, values }, status);
    if (file === null) return refuse(400);
    try {
      await this.correctiveActions.addDocument(actor, findingId, file);
    } catch (error) {
      if (error instanceof UnsupportedEvidenceError) return refuse(415);
      if (error instanceof InvalidFileNameError) return refuse(400);
      throw error;
    }
    return PageResult.afterForm(CORRECTIVE_ACTIONS_PATH, language, { key: 'ca.ws.flash.document' });
  }

  @Post('area/azioni-correttive/:findingId/risposta')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async answer(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['answer', 'lang']);
    const validated = await validateForm(AnswerCorrectiveActionDto, { answer: (values.answer ?? '').trim() });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`answer-${findingId}`, translate(language, 'ca.ws.error.answer')), { findingId, values }, 400);
    await this.correctiveActions.answer(actor, findingId, validated.value.answer);
    return PageResult.afterForm(CORRECTIVE_ACTIONS_PATH, language, { key: 'ca.ws.flash.answered' });
  }

  /** Accepting closes the action for good: the form leads to a confirmation page that posts here again. */
  @Post('area/azioni-correttive/:findingId/accetta')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async accept(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['note', CONFIRMATION_FIELD, 'lang']);
    const note = (values.note ?? '').trim();
    const validated = await validateForm(AcceptCorrectiveActionDto, { note });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`note-${findingId}`, translate(language, 'ca.ws.error.note')), { findingId, values }, 400);
    const token = confirmationToken(values);
    if (token === null) {
      const action = await this.correctiveActions.get(actor, findingId);
      return this.confirmations.page(language, {
        act: 'acceptCorrectiveAction',
        values: { firm: action.firmName },
        facts: [
          { label: translate(language, 'ca.ws.description'), value: action.description },
          { label: translate(language, 'ca.ws.answer'), value: action.followUp.answer ?? '' },
          ...(note === '' ? [] : [{ label: translate(language, 'ca.ws.accept.note'), value: note }]),
        ],
        action: pageHref(path(findingId, 'accetta'), {}, language),
        fields: { note },
        cancel: CORRECTIVE_ACTIONS_PATH,
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.correctiveActions.accept(actor, findingId, note));
    return PageResult.afterForm(CORRECTIVE_ACTIONS_PATH, language, { key: outcome.repeated ? 'confirm.repeated' : 'ca.ws.flash.accepted' });
  }

  @Post('area/azioni-correttive/:findingId/riapri')
  @BrowserPage()
  @RequirePermission(Permission.AuditRun)
  async reopen(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['reason', 'lang']);
    const validated = await validateForm(ReopenCorrectiveActionDto, { reason: (values.reason ?? '').trim() });
    if (!validated.ok) return this.sendList(actor, language, new FormErrors().add(`reason-${findingId}`, translate(language, 'ca.ws.error.reason')), { findingId, values }, 400);
    await this.correctiveActions.reopen(actor, findingId, validated.value.reason);
    return PageResult.afterForm(CORRECTIVE_ACTIONS_PATH, language, { key: 'ca.ws.flash.reopened' });
  }

  @Get('area/azioni-correttive/:findingId/documenti/:documentId')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async document(@CurrentActor() actor: Actor, @Param() { findingId, documentId }: CorrectiveActionDocumentParam): Promise<PageResult> {
    const content = await this.correctiveActions.documentContent(actor, findingId, documentId);
    return PageResult.download(content);
  }

  private async sendList(actor: Actor, language: Language, errors: FormErrors, posted?: Posted, status = 200): Promise<PageResult> {
    const actions = await this.correctiveActions.list(actor, 'all');
    const ids: string[] = [];
    const fieldError = (id: string) => {
      ids.push(id);
      return errors.view([id]).field[id];
    };
    const view = {
      intro: actor.role === 'firm' ? 'ca.ws.intro.firm' : 'ca.ws.intro.staff',
      showFirm: actor.role !== 'firm',
      actions: actions.map((action) => this.actionView(action, actor, fieldError, posted?.findingId === action.id ? posted.values : {}, language)),
    };
    return PageResult.view(language, { template: 'corrective-actions', title: translate(language, 'ca.ws.title'), status, view: { ...view, errorSummary: errors.view(ids).summary } });
  }

  private actionView(action: CorrectiveActionView, actor: Actor, fieldError: (id: string) => string | null | undefined, values: Readonly<Record<string, string>>, language: Language) {
    const { followUp } = action;
    const awaitsFirm = followUp.state === 'open' || followUp.state === 'reopened';
    const form = (act: string, field: string) => ({ url: pageHref(path(action.id, act), {}, language), id: `${field}-${action.id}`, error: fieldError(`${field}-${action.id}`), value: values[field] ?? '' });
    return {
      headingId: `finding-${action.id}`,
      heading: action.itemCode === null ? translate(language, 'ca.ws.general') : translate(language, 'ca.ws.item', { code: action.itemCode }),
      firmName: action.firmName,
      severity: `ca.ws.severity.${action.severity}`,
      description: action.description,
      correctiveAction: action.correctiveAction,
      dueOn: romeDayStart(followUp.dueOn),
      overdue: followUp.overdue,
      state: `ca.ws.state.${followUp.state}`,
      answer: followUp.answer,
      answeredAt: followUp.answeredAt,
      reviewReason: followUp.reviewReason,
      reviewedAt: followUp.reviewedAt,
      documents: followUp.documents.map((document) => ({ fileName: document.fileName, url: pageHref(path(action.id, `documenti/${document.id}`), {}, language) })),
      documentForm: actor.role === 'firm' && awaitsFirm ? form('documenti', 'file') : null,
      answerForm: actor.role === 'firm' && awaitsFirm ? form('risposta', 'answer') : null,
      // Only the audit's auditor sees the review forms (the service refuses anyone else).
      acceptForm: actor.role === 'auditor' && followUp.state === 'answered' ? form('accetta', 'note') : null,
      reopenForm: actor.role === 'auditor' && followUp.state === 'answered' ? form('riapri', 'reason') : null,
    };
  }
}
