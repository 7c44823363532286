import { COMPLAINT_REFERENCE_PATTERN, COMPLAINT_SUBJECTS, ComplaintNotFoundError, ComplaintsService, PublicComplaintStatus } from '@app/complaints';
import { DomainError, type Language, NotFoundError } from '@app/core';
import { Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { ComplaintStatusLookupDto, FileComplaintDto } from './complaints.dto';

const LOOKUP_FIELDS = ['reference', 'statusCode'] as const;

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
 * a redirect to `/reclami/ricevuto/{reference}`, the acknowledgement, which shows the status code once;
 * `/reclami/stato` shows where a complaint stands to whoever gives its reference and code. Under the
 * public per-IP rate limit, like the consumer report's form; it accepts exactly what the API accepts.
 */
@ApiExcludeController()
@UseGuards(PublicRateLimitGuard)
@Controller('reclami')
export class ComplaintPagesController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Get()
  @Public()
  form(@PageLanguage() language: Language): PageResult {
    const empty: ComplaintForm = { subject: '', firmVatNumber: '', firmName: '', description: '', contactEmail: '' };
    return this.sendForm(language, empty, new FormErrors(), 200);
  }

  @Post()
  @Public()
  async file(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...FIELDS, 'lang']);
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
      return this.sendForm(language, form, errors, 400);
    }
    try {
      const dto = validated.value;
      const filed = await this.complaints.file({ subject: dto.subject, firmVatNumber: dto.firmVatNumber, firmName: dto.firmName, description: dto.description, contactEmail: dto.contactEmail, language });
      // The status code travels in the one-minute flash, shown once on the acknowledgement: never in an address.
      return PageResult.afterForm(`/reclami/ricevuto/${filed.reference}`, language, { key: 'complaint.received.code', values: { code: filed.statusCode } });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'bad_request') throw error;
      errors.add('firmVatNumber', translate(language, 'complaint.error.firm'));
      return this.sendForm(language, form, errors, 400);
    }
  }

  /** The acknowledgement: only the reference, which the visitor already holds, so showing it reveals nothing. */
  @Get('ricevuto/:reference')
  @Public()
  received(@Param('reference') reference: string, @PageLanguage() language: Language): PageResult {
    if (!COMPLAINT_REFERENCE_PATTERN.test(reference)) throw new NotFoundError('Complaint');
    return PageResult.view(language, { template: 'complaint-received', title: translate(language, 'complaint.received.title'), view: { reference } });
  }

  /** The status page's form; the reference may come filled in from the acknowledgement's link (the code never does). */
  @Get('stato')
  @Public()
  lookupForm(@Query('riferimento') reference: unknown, @PageLanguage() language: Language): PageResult {
    const given = typeof reference === 'string' && COMPLAINT_REFERENCE_PATTERN.test(reference) ? reference : '';
    return this.sendLookup(language, { reference: given, statusCode: '' }, new FormErrors(), null, 200);
  }

  /**
   * Where the complaint stands: posted, so that the code stays out of addresses, histories and logs. An
   * unknown reference and a wrong code get the same 404 page and message.
   */
  @Post('stato')
  @Public()
  async lookup(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...LOOKUP_FIELDS, 'lang']);
    const form = { reference: (values.reference ?? '').trim(), statusCode: (values.statusCode ?? '').trim() };
    const validated = await validateForm(ComplaintStatusLookupDto, form);
    if (!validated.ok) {
      const errors = new FormErrors();
      if (validated.invalid.has('reference')) errors.add('reference', translate(language, 'complaint.status.error.reference'));
      if (validated.invalid.has('statusCode')) errors.add('statusCode', translate(language, 'complaint.status.error.code'));
      return this.sendLookup(language, form, errors, null, 400);
    }
    try {
      const found = await this.complaints.publicStatus(validated.value.reference, validated.value.statusCode);
      return this.sendLookup(language, { reference: found.reference, statusCode: '' }, new FormErrors(), found, 200);
    } catch (error) {
      if (!(error instanceof ComplaintNotFoundError)) throw error;
      return this.sendLookup(language, { reference: form.reference, statusCode: '' }, new FormErrors().add('statusCode', translate(language, 'complaint.status.error.notFound')), null, 404);
    }
  }

  private sendLookup(
    language: Language,
    form: Record<(typeof LOOKUP_FIELDS)[number], string>,
    errors: FormErrors,
    found: PublicComplaintStatus | null,
    status: number,
  ): PageResult {
    const complaint =
      found === null
        ? null
        : {
            reference: found.reference,
            status: `complaint.status.state.${found.status}`,
            steps: found.steps.map((each) => ({ label: `complaint.status.step.${each.step}`, at: each.at })),
            outcome: found.outcome,
          };
    return PageResult.view(language, { template: 'complaint-status', title: translate(language, 'complaint.status.title'), status, view: { form, errors: errors.view([...LOOKUP_FIELDS]), complaint } });
  }

  private sendForm(language: Language, form: ComplaintForm, errors: FormErrors, status: number): PageResult {
    return PageResult.view(language, {
      template: 'complaint-form',
      title: translate(language, 'complaint.form.title'),
      status,
      view: {
        form,
        errors: errors.view([...FIELDS]),
        subjects: COMPLAINT_SUBJECTS.map((value) => ({ value, label: `complaint.form.subject.${value}`, checked: form.subject === value })),
      },
    });
  }
}
