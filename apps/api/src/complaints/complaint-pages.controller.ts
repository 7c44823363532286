import { COMPLAINT_REFERENCE_PATTERN, COMPLAINT_SUBJECTS, ComplaintsService } from '@app/complaints';
import { DomainError, type Language, NotFoundError } from '@app/core';
import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { WebPages } from '../pages/web-pages';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { FileComplaintDto } from './complaints.dto';

const FIELDS = ['subject', 'firmVatNumber', 'firmName', 'description', 'contactEmail'] as const;
type ComplaintForm = Record<(typeof FIELDS)[number], string>;

const ERROR_OF_FIELD: Readonly<Record<string, string>> = {
  subject: 'complaint.error.subject',
  firmVatNumber: 'complaint.error.firm',
  firmName: 'complaint.error.firm',
  description: 'complaint.error.description',
  contactEmail: 'complaint.error.email',
};

/**
 * The public complaint form, without an account or script: `/reclami` posts to itself and answers with
 * a redirect to `/reclami/ricevuto/{reference}`, the acknowledgement. Under the public per-IP rate limit,
 * like the consumer report's form; it accepts exactly what POST /api/v1/complaints accepts.
 */
@ApiExcludeController()
@UseGuards(PublicRateLimitGuard)
@Controller('reclami')
export class ComplaintPagesController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  @Public()
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const empty: ComplaintForm = { subject: '', firmVatNumber: '', firmName: '', description: '', contactEmail: '' };
    this.sendForm(request, reply, this.pages.languageOf(request), empty, new FormErrors(), 200);
  }

  @Post()
  @Public()
  async file(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, [...FIELDS, 'lang']);
    const language = this.pages.languageOf(request, values);
    const form = Object.fromEntries(FIELDS.map((name) => [name, (values[name] ?? '').trim()])) as ComplaintForm;
    const errors = new FormErrors();
    const body = { ...Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')), language };
    const validated = await validateForm(FileComplaintDto, body);
    // The service's rule too (a firm is named by its VAT number or its name), so every error shows at once.
    const firmUnnamed = form.subject === 'firm' && form.firmVatNumber === '' && form.firmName === '';
    if (!validated.ok || firmUnnamed) {
      for (const name of FIELDS) {
        if ((!validated.ok && validated.invalid.has(name)) || (firmUnnamed && name === 'firmVatNumber')) errors.add(name === 'firmName' ? 'firmVatNumber' : name, translate(language, ERROR_OF_FIELD[name]));
      }
      return this.sendForm(request, reply, language, form, errors, 400);
    }
    try {
      const dto = validated.value;
      const filed = await this.complaints.file({ subject: dto.subject, firmVatNumber: dto.firmVatNumber, firmName: dto.firmName, description: dto.description, contactEmail: dto.contactEmail, language });
      this.pages.redirect(request, reply, `/reclami/ricevuto/${filed.reference}`, language);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'bad_request') throw error;
      errors.add('firmVatNumber', translate(language, 'complaint.error.firm'));
      this.sendForm(request, reply, language, form, errors, 400);
    }
  }

  /** The acknowledgement: only the reference, which the visitor already holds, so showing it reveals nothing. */
  @Get('ricevuto/:reference')
  @Public()
  received(@Param('reference') reference: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!COMPLAINT_REFERENCE_PATTERN.test(reference)) throw new NotFoundError('Complaint');
    const language = this.pages.languageOf(request);
    this.pages.send(request, reply, { template: 'complaint-received', title: translate(language, 'complaint.received.title'), view: { reference } }, language);
  }

  private sendForm(request: FastifyRequest, reply: FastifyReply, language: Language, form: ComplaintForm, errors: FormErrors, status: number): void {
    this.pages.send(
      request,
      reply,
      {
        template: 'complaint-form',
        title: translate(language, 'complaint.form.title'),
        status,
        view: {
          form,
          errors: errors.view([...FIELDS]),
          subjects: COMPLAINT_SUBJECTS.map((value) => ({ value, label: `complaint.form.subject.${value}`, checked: form.subject === value })),
        },
      },
      language,
    );
  }
}
