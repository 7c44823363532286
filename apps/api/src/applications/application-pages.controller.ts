import {
  ApplicationIncompleteError,
  ApplicationsService,
  ApplicationView,
  EvidenceService,
  FirmNotRegisteredError,
  MissingForSubmission,
  OPEN_APPLICATION_STATES,
  EvidenceView,
  OpenApplicationExistsError,
} from '@app/applications';
import { AuditNotFoundError, AuditsService, AuditWorkService, InformationRequestView } from '@app/audits';
import { ChecklistService } from '@app/checklist';
import { AppConfig } from '@app/config';
import { Actor, Clock, type Language, romeCalendarDate, romeDayStart } from '@app/core';
import { AuditDecisionsService, FirmAuditViewWithDecision } from '@app/decisions';
import { Permission } from '@app/identity';
import { RatingsService, RenewalNotOpenError, RenewalsService } from '@app/ratings';
import { certificatePdfPath } from '@app/registry';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AnswerInformationRequestDto, InformationEvidenceFieldsDto } from '../audits/audits.dto';
import { CORRECTIVE_ACTIONS_PATH } from '../audits/corrective-action-pages.controller';
import { FIRM_HOME } from '../firms/firm-pages.shared';
import { hasMorePages, optionalText, pageNumber, pagination, pathId } from '../pages/web-lists';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { onCalendarDay } from '../pages/evidence-display';
import { calendarDateFromForm } from '../pages/formats';
import { formatDate, translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { evidenceRefusal } from './evidence-page-errors';

export const APPLICATIONS_PATH = `${FIRM_HOME}/domande`;
const APPLICATIONS_PAGE_SIZE = 20;
const REQUEST_EVIDENCE_FIELDS = ['itemCode', 'effectiveDate', 'description'] as const;

export const applicationPath = (id: string): string => `${APPLICATIONS_PATH}/${id}`;

/** A form about one information request that came back with errors: its values are shown again. */
interface FailedRequestForm {
  readonly requestId: string;
  readonly values: Readonly<Record<string, string>>;
}

const requestFieldId = (field: string, requestId: string) => `${field}-${requestId}`;

/**
 * A firm's applications: the list, starting one, the self-assessment overview, submitting and
 * withdrawing, and following the audit (answering the auditor's questions, the decision, the
 * certificate). The same services as /api/v1/applications and the firm's side of /api/v1/audits.
 */
@ApiExcludeController()
@Controller()
export class ApplicationPagesController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly evidence: EvidenceService,
    private readonly checklist: ChecklistService,
    private readonly audits: AuditsService,
    private readonly auditWork: AuditWorkService,
    private readonly decisions: AuditDecisionsService,
    private readonly ratings: RatingsService,
    private readonly renewals: RenewalsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/azienda/domande')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async list(@CurrentActor() actor: Actor, @Query('pagina') pagina: unknown, @PageLanguage() language: Language): Promise<PageResult> {
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    return this.sendList(actor, pageNumber(pagina), language, new FormErrors());
  }

  @Post('area/azienda/domande')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async open(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    const errors = new FormErrors();
    try {
      const opened = await this.applications.open(actor);
      return PageResult.afterForm(applicationPath(opened.id), language, { key: 'firm.ws.applications.started' });
    } catch (error) {
      if (error instanceof OpenApplicationExistsError) {
        errors.add('start', translate(language, 'firm.ws.applications.error.open'));
        return this.sendList(actor, 1, language, errors, 409);
      }
      if (!(error instanceof FirmNotRegisteredError)) throw error;
      return PageResult.afterForm(FIRM_HOME, language, { kind: 'error', key: 'firm.ws.applications.error.noFirm' });
    }
  }

  @Get('area/azienda/domande/:id')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async show(@CurrentActor() actor: Actor, @Param('id') id: string, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendApplication(actor, pathId(id), language, new FormErrors());
  }

  @Post('area/azienda/domande/:id/invia')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async submit(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    const applicationId = pathId(id);
    try {
      await this.applications.submit(actor, applicationId);
    } catch (error) {
      if (!(error instanceof ApplicationIncompleteError)) throw error;
      const errors = new FormErrors();
      for (const entry of (error.details?.missing ?? []) as MissingForSubmission[]) errors.add(entry.itemCode, this.missingText(language, entry));
      return this.sendApplication(actor, applicationId, language, errors, 422);
    }
    return PageResult.afterForm(applicationPath(applicationId), language, { key: 'firm.ws.application.submitted' });
  }

  @Post('area/azienda/domande/:id/ritira')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async withdraw(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [CONFIRMATION_FIELD, 'lang']);
    const applicationId = pathId(id);
    const token = confirmationToken(values);
    if (token === null) {
      // Withdrawing cannot be undone (a new application starts over): the page asks first.
      await this.applications.get(actor, applicationId);
      return this.confirmations.page(language, {
        act: 'withdrawApplication',
        facts: [],
        action: pageHref(`${applicationPath(applicationId)}/ritira`, {}, language),
        fields: {},
        cancel: applicationPath(applicationId),
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.applications.withdraw(actor, applicationId));
    return PageResult.afterForm(applicationPath(applicationId), language, { key: outcome.repeated ? 'confirm.repeated' : 'firm.ws.application.withdrawn' });
  }

  @Post('area/azienda/domande/:id/richieste/:requestId/risposta')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async answerRequest(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Req() request: FastifyRequest,
  ): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['answer', 'lang']);
    const applicationId = pathId(id);
    const audit = await this.audits.forFirm(actor, applicationId);
    const validated = await validateForm(AnswerInformationRequestDto, { answer: (values.answer ?? '').trim() });
    if (!validated.ok) {
      const errors = new FormErrors().add(requestFieldId('answer', requestId), translate(language, 'firm.ws.requests.error.answer'));
      return this.sendApplication(actor, applicationId, language, errors, 400, { requestId, values });
    }
    await this.auditWork.answerInformationRequest(actor, audit.id, pathId(requestId), validated.value.answer);
    return PageResult.afterForm(applicationPath(applicationId), language, { key: 'firm.ws.requests.answered' });
  }

  @Post('area/azienda/domande/:id/richieste/:requestId/documenti')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async addRequestEvidence(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Req() request: FastifyRequest,
  ): Promise<PageResult> {
    const { values, file, language } = await readWebForm(request, [...REQUEST_EVIDENCE_FIELDS, 'lang'], { maxFileBytes: this.config.evidenceMaxBytes });
    const applicationId = pathId(id);
    const audit = await this.audits.forFirm(actor, applicationId);
    const errors = new FormErrors();
    const fieldError = (field: string, key: string) => errors.add(requestFieldId(field, requestId), translate(language, key));
    const validated = await validateForm(InformationEvidenceFieldsDto, {
      itemCode: values.itemCode ?? '',
      effectiveDate: calendarDateFromForm(values.effectiveDate ?? ''),
      ...(optionalText(values.description) === null ? {} : { description: optionalText(values.description) }),
    });
    if (file === null) fieldError('file', 'firm.ws.evidence.error.file');
    if (!validated.ok) {
      if (validated.invalid.has('itemCode')) fieldError('itemCode', 'firm.ws.requests.error.itemCode');
      if (validated.invalid.has('effectiveDate')) fieldError('effectiveDate', 'firm.ws.evidence.error.effectiveDate');
      if (validated.invalid.has('description')) fieldError('description', 'firm.ws.evidence.error.description');
    }
    if (file === null || !validated.ok) return this.sendApplication(actor, applicationId, language, errors, 400, { requestId, values });
    try {
      const { itemCode, ...fields } = validated.value;
      await this.auditWork.attachEvidence(actor, audit.id, pathId(requestId), itemCode, { ...fields, bytes: file.bytes, clientFileName: file.clientFileName });
    } catch (error) {
      const refusal = evidenceRefusal(error);
      if (refusal === null || refusal.field === 'supersedesId' || refusal.field === 'expiresOn') throw error;
      fieldError(refusal.field, refusal.key);
      return this.sendApplication(actor, applicationId, language, errors, refusal.status, { requestId, values });
    }
    return PageResult.afterForm(applicationPath(applicationId), language, { key: 'firm.ws.requests.uploaded' });
  }

  private missingText(language: Language, entry: MissingForSubmission): string {
    const expired = entry.missing.length === 1 ? entry.expired?.[0] : undefined;
    if (expired !== undefined) return translate(language, 'evidence.missing.expired', { code: entry.itemCode, file: expired.fileName, date: formatDate(language, onCalendarDay(expired.expiresOn)) });
    const key = entry.missing.length > 1 ? 'both' : entry.missing[0];
    return translate(language, `firm.ws.application.missing.${key}`, { code: entry.itemCode });
  }

  private async sendList(actor: Actor, page: number, language: Language, errors: FormErrors, status = 200): Promise<PageResult> {
    const listed = await this.applications.list(actor, { page, pageSize: APPLICATIONS_PAGE_SIZE });
    const hasOpen = listed.items.some((item) => OPEN_APPLICATION_STATES.includes(item.state));
    return PageResult.view(language, {
      template: 'firm-applications',
      title: translate(language, 'firm.ws.applications.title'),
      status,
      view: {
        canStart: !hasOpen,
        applications: listed.items.map((item) => ({
          ...item,
          url: pageHref(applicationPath(item.id), {}, language),
          stateLabel: translate(language, `firm.ws.state.${item.state}`),
          outcomeLabel: item.outcome === null ? null : translate(language, `firm.ws.outcome.${item.outcome}`),
        })),
        pagination: pagination(APPLICATIONS_PATH, {}, page, hasMorePages(page, APPLICATIONS_PAGE_SIZE, listed.total), language),
        errors: errors.view(['start']),
      },
    });
  }

  private async sendApplication(
    actor: Actor,
    applicationId: string,
    language: Language,
    errors: FormErrors,
    status = 200,
    failed: FailedRequestForm | null = null,
  ): Promise<PageResult> {
    const application = await this.applications.get(actor, applicationId);
    const version = await this.checklist.getVersion(application.checklistVersionId);
    const evidence = await this.evidence.list(actor, applicationId);
    const audit = await this.auditOf(actor, application);
    const answers = new Map(application.answers.map((answer) => [answer.itemCode, answer]));
    const items = version.items.map((item) => ({
      code: item.code,
      text: language === 'it' ? item.textIt : item.textEn,
      computed: item.assessment === 'computed',
      answerLabel: answers.has(item.code) ? translate(language, `firm.ws.compliance.${answers.get(item.code)!.compliance}`) : null,
      documents: evidence.filter((each) => each.itemCode === item.code && each.supersededById === null).length,
      carried: evidence.filter((each) => each.itemCode === item.code && each.supersededById === null && each.carriedFromId !== null).length,
      url: pageHref(`${applicationPath(applicationId)}/voci/${item.code}`, {}, language),
    }));
    const itemOptions = version.items.filter((item) => item.assessment === 'declared').map((item) => item.code);
    const requestFieldIds = (audit?.informationRequests ?? []).flatMap((each) => ['answer', 'file', ...REQUEST_EVIDENCE_FIELDS].map((field) => requestFieldId(field, each.id)));
    const errorsView = errors.view([...version.items.map((item) => item.code), ...requestFieldIds]);
    return PageResult.view(language, {
      template: 'firm-application',
      title: translate(language, 'firm.ws.application.title', { date: formatDate(language, application.createdAt) }),
      status,
      view: {
        application: {
          ...application,
          stateLabel: translate(language, `firm.ws.state.${application.state}`),
          outcomeLabel: application.outcome === null ? null : translate(language, `firm.ws.outcome.${application.outcome}`),
          checklistVersion: version.version,
        },
        items,
        toRenew: application.renewsApplicationId === null || application.state !== 'draft' ? '' : await this.evidenceToRenew(actor, application, evidence),
        errors: errorsView,
        canSubmit: application.state === 'draft',
        canWithdraw: application.state === 'draft' || application.state === 'submitted',
        actions: { submit: `${applicationPath(applicationId)}/invia`, withdraw: `${applicationPath(applicationId)}/ritira` },
        audit: audit === null ? null : await this.auditView(actor, applicationId, audit, itemOptions, errorsView.field, failed, language),
        back: pageHref(APPLICATIONS_PATH, {}, language),
      },
    });
  }

  /** On a renewal draft: the items whose renewed evidence had expired and that still have no valid document. */
  private async evidenceToRenew(actor: Actor, application: ApplicationView, evidence: readonly EvidenceView[]): Promise<string> {
    const renewed = await this.evidence.list(actor, application.renewsApplicationId ?? '');
    const today = romeCalendarDate(this.clock.now());
    const valid = new Set(evidence.filter((each) => each.supersededById === null && (each.expiresOn === null || each.expiresOn >= today)).map((each) => each.itemCode));
    const expired = renewed.filter((each) => each.supersededById === null && each.expiresOn !== null && each.expiresOn < today).map((each) => each.itemCode);
    return [...new Set(expired)].filter((itemCode) => !valid.has(itemCode)).sort().join(', ');
  }

  /** The firm opens the renewal of its rating (the button on its home page): a pre-filled draft. */
  @Post('area/azienda/rating/:id/rinnovo')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async renew(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    try {
      const opened = await this.renewals.open(actor, pathId(id));
      return PageResult.afterForm(applicationPath(opened.application.id), language, { key: 'firm.ws.renewal.started' });
    } catch (error) {
      if (error instanceof OpenApplicationExistsError) return PageResult.afterForm(FIRM_HOME, language, { kind: 'error', key: 'firm.ws.applications.error.open' });
      if (error instanceof RenewalNotOpenError) return PageResult.afterForm(FIRM_HOME, language, { kind: 'error', key: 'firm.ws.renewal.error.notOpen' });
      throw error;
    }
  }

  private async auditOf(actor: Actor, application: ApplicationView): Promise<FirmAuditViewWithDecision | null> {
    if (application.state !== 'in_audit' && application.state !== 'decided') return null;
    try {
      return await this.decisions.forFirm(actor, application.id);
    } catch (error) {
      if (error instanceof AuditNotFoundError) return null;
      throw error;
    }
  }

  private async auditView(
    actor: Actor,
    applicationId: string,
    audit: FirmAuditViewWithDecision,
    itemOptions: readonly string[],
    fieldErrors: Record<string, string | null>,
    failed: FailedRequestForm | null,
    language: Language,
  ) {
    const rating = audit.decision?.ratingId ? await this.ratings.get(actor, audit.decision.ratingId) : null;
    const requestView = (each: InformationRequestView) => {
      const kept = failed?.requestId === each.id ? failed.values : {};
      const fields = ['answer', 'file', ...REQUEST_EVIDENCE_FIELDS];
      return {
        ...each,
        open: each.answer === null,
        evidenceCount: each.evidenceIds.length,
        ids: Object.fromEntries(fields.map((field) => [field, requestFieldId(field, each.id)])),
        errors: Object.fromEntries(fields.map((field) => [field, fieldErrors[requestFieldId(field, each.id)] ?? null])),
        form: { answer: kept.answer ?? '', effectiveDate: kept.effectiveDate ?? '', description: kept.description ?? '' },
        itemOptions: itemOptions.map((code) => ({ code, selected: (kept.itemCode ?? each.itemCode) === code })),
        answerAction: `${applicationPath(applicationId)}/richieste/${each.id}/risposta`,
        uploadAction: `${applicationPath(applicationId)}/richieste/${each.id}/documenti`,
      };
    };
    return {
      statusLabel: translate(language, `firm.ws.auditStatus.${audit.status}`),
      assignedAt: audit.assignedAt,
      informationRequests: audit.informationRequests.map(requestView),
      findings: audit.findings.map((finding) => ({
        ...finding,
        severityLabel: translate(language, `firm.ws.severity.${finding.severity}`),
        dueOn: romeDayStart(finding.followUp.dueOn),
        overdue: finding.followUp.overdue,
        stateLabel: translate(language, `ca.ws.state.${finding.followUp.state}`),
      })),
      correctiveActions: pageHref(CORRECTIVE_ACTIONS_PATH, {}, language),
      decision: audit.decision && {
        ...audit.decision,
        outcomeLabel: translate(language, `firm.ws.outcome.${audit.decision.outcome}`),
        certificateNumber: rating?.certificateNumber ?? null,
        certificatePdf: rating && rating.certificateSha256 !== null ? certificatePdfPath(rating.certificateNumber) : null,
      },
    };
  }
}
