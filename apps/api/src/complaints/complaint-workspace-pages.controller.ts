import { ComplaintsService, ComplaintView } from '@app/complaints';
import { Actor, type Language } from '@app/core';
import { Permission } from '@app/identity';
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
import { CloseComplaintDto } from './complaints.dto';

const COMPLAINTS_PATH = '/area/reclami';

/**
 * The staff's complaints page (admins and reviewers): every complaint with its facts, a button to take an
 * acknowledged one in hand, and the outcome's form on one in handling. Closing is irreversible and tells
 * the complainant, so it leads to a confirmation page that posts the same outcome to `…/conferma`.
 */
@ApiExcludeController()
@Controller()
export class ComplaintWorkspacePagesController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Get('area/reclami')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async list(@PageLanguage() language: Language): Promise<PageResult> {
    return this.sendList(language, new FormErrors());
  }

  @Post('area/reclami/:id/presa-in-carico')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async startHandling(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    await this.complaints.startHandling(actor, id);
    return PageResult.afterForm(COMPLAINTS_PATH, language, { key: 'complaint.ws.flash.handling' });
  }

  @Post('area/reclami/:id/chiusura')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async prepareClosure(@Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['outcome', 'lang']);
    const outcome = (values.outcome ?? '').trim();
    if (!(await validateForm(CloseComplaintDto, { outcome })).ok) return this.refuseOutcome(language, id, outcome);
    const complaint = await this.complaints.get(id);
    return PageResult.view(language, {
      template: 'complaint-confirm',
      title: translate(language, 'complaint.ws.confirm.title'),
      view: { text: translate(language, 'complaint.ws.confirm.text', { reference: complaint.reference }), outcome, action: `${COMPLAINTS_PATH}/${id}/chiusura/conferma`, back: pageHref(COMPLAINTS_PATH, {}, language) },
    });
  }

  @Post('area/reclami/:id/chiusura/conferma')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['outcome', 'lang']);
    const outcome = (values.outcome ?? '').trim();
    if (!(await validateForm(CloseComplaintDto, { outcome })).ok) return this.refuseOutcome(language, id, outcome);
    await this.complaints.close(actor, id, outcome);
    return PageResult.afterForm(COMPLAINTS_PATH, language, { key: 'complaint.ws.flash.closed' });
  }

  private refuseOutcome(language: Language, id: string, outcome: string): Promise<PageResult> {
    return this.sendList(language, new FormErrors().add(`outcome-${id}`, translate(language, 'complaint.ws.error.outcome')), { id, outcome }, 400);
  }

  private async sendList(language: Language, errors: FormErrors, posted?: { id: string; outcome: string }, status = 200): Promise<PageResult> {
    const complaints = await this.complaints.list();
    const ids = complaints.map((complaint) => `outcome-${complaint.id}`);
    const shown = errors.view(ids);
    const view = {
      complaints: complaints.map((complaint: ComplaintView) => ({
        headingId: `complaint-${complaint.id}`,
        reference: complaint.reference,
        subject: `complaint.ws.subject.${complaint.subject}`,
        status: `complaint.ws.status.${complaint.status}`,
        receivedAt: complaint.receivedAt,
        firm: complaint.subject === 'firm' ? [complaint.firmName, complaint.firmVatNumber].filter(Boolean).join(', ') : null,
        registered: complaint.firmId !== null,
        description: complaint.description,
        contactEmail: complaint.contactEmail,
        handlingStartedAt: complaint.handlingStartedAt,
        closedAt: complaint.closedAt,
        outcome: complaint.outcome,
        handleUrl: complaint.status === 'acknowledged' ? pageHref(`${COMPLAINTS_PATH}/${complaint.id}/presa-in-carico`, {}, language) : null,
        closeForm:
          complaint.status === 'in_handling'
            ? {
                url: pageHref(`${COMPLAINTS_PATH}/${complaint.id}/chiusura`, {}, language),
                id: `outcome-${complaint.id}`,
                error: shown.field[`outcome-${complaint.id}`],
                outcome: posted?.id === complaint.id ? posted.outcome : '',
              }
            : null,
      })),
    };
    return PageResult.view(language, { template: 'complaints', title: translate(language, 'complaint.ws.title'), status, view: { ...view, errorSummary: shown.summary } });
  }
}
