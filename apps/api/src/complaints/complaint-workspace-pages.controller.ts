import { ComplaintsService, ComplaintView } from '@app/complaints';
import { Actor, type Language } from '@app/core';
import { Permission } from '@app/identity';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { WebPages } from '../pages/web-pages';
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
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly pages: WebPages,
  ) {}

  @Get('area/reclami')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.sendList(request, reply, this.pages.languageOf(request), new FormErrors());
  }

  @Post('area/reclami/:id/presa-in-carico')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async startHandling(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, ['lang']);
    const language = this.pages.languageOf(request, values);
    await this.complaints.startHandling(actor, id);
    this.pages.redirect(request, reply, COMPLAINTS_PATH, language, { key: 'complaint.ws.flash.handling' });
  }

  @Post('area/reclami/:id/chiusura')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async prepareClosure(@Param() { id }: IdParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, ['outcome', 'lang']);
    const language = this.pages.languageOf(request, values);
    const outcome = (values.outcome ?? '').trim();
    if (!(await validateForm(CloseComplaintDto, { outcome })).ok) return this.refuseOutcome(request, reply, language, id, outcome);
    const complaint = await this.complaints.get(id);
    this.pages.send(
      request,
      reply,
      {
        template: 'complaint-confirm',
        title: translate(language, 'complaint.ws.confirm.title'),
        view: { text: translate(language, 'complaint.ws.confirm.text', { reference: complaint.reference }), outcome, action: `${COMPLAINTS_PATH}/${id}/chiusura/conferma`, back: pageHref(COMPLAINTS_PATH, {}, language) },
      },
      language,
    );
  }

  @Post('area/reclami/:id/chiusura/conferma')
  @BrowserPage()
  @RequirePermission(Permission.ComplaintHandle)
  async close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, ['outcome', 'lang']);
    const language = this.pages.languageOf(request, values);
    const outcome = (values.outcome ?? '').trim();
    if (!(await validateForm(CloseComplaintDto, { outcome })).ok) return this.refuseOutcome(request, reply, language, id, outcome);
    await this.complaints.close(actor, id, outcome);
    this.pages.redirect(request, reply, COMPLAINTS_PATH, language, { key: 'complaint.ws.flash.closed' });
  }

  private refuseOutcome(request: FastifyRequest, reply: FastifyReply, language: Language, id: string, outcome: string): Promise<void> {
    return this.sendList(request, reply, language, new FormErrors().add(`outcome-${id}`, translate(language, 'complaint.ws.error.outcome')), { id, outcome }, 400);
  }

  private async sendList(request: FastifyRequest, reply: FastifyReply, language: Language, errors: FormErrors, posted?: { id: string; outcome: string }, status = 200): Promise<void> {
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
    this.pages.send(request, reply, { template: 'complaints', title: translate(language, 'complaint.ws.title'), status, view: { ...view, errorSummary: shown.summary } }, language);
  }
}
