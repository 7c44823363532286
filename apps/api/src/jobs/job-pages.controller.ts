import { Permission } from '@app/identity';
import { type FailedJob, JobQueue } from '@app/jobs';
import type { Language } from '@app/core';
import { Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { hasMorePages, pageNumber, pagination, RawQuery } from '../pages/web-lists';
import { hasText, translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { JobParams } from './jobs.controller';

const JOBS = `${ADMIN_AREA}/job`;
const PAGE_SIZE = 25;
/** Enough of a job's last error to tell what went wrong; the whole of it is in the logs. */
const ERROR_PREVIEW_CHARS = 300;

function errorPreview(lastError: unknown): string | null {
  if (lastError === null || lastError === undefined) return null;
  const text = typeof lastError === 'object' && 'message' in lastError ? String(lastError.message) : JSON.stringify(lastError);
  return text.length > ERROR_PREVIEW_CHARS ? `${text.slice(0, ERROR_PREVIEW_CHARS)}…` : text;
}

/** Dead-lettered background jobs and their retry, on the same queue as /api/v1/jobs. */
@ApiExcludeController()
@Controller()
export class JobPagesController {
  constructor(private readonly jobs: JobQueue) {}

  @Get('area/amministrazione/job')
  @BrowserPage()
  @RequirePermission(Permission.JobManage)
  async list(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendList(language, pageNumber(query.pagina), new FormErrors());
  }

  @Post('area/amministrazione/job/riprova')
  @BrowserPage()
  @RequirePermission(Permission.JobManage)
  async retry(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['queue', 'id', 'lang']);
    const validated = await validateForm(JobParams, { queue: values.queue ?? '', id: values.id ?? '' });
    if (!validated.ok) return this.sendList(language, 1, new FormErrors().add('job', translate(language, 'admin.ws.jobs.error.job')), 400);
    await this.jobs.retry(validated.value.queue, validated.value.id);
    return PageResult.afterForm(JOBS, language, { key: 'admin.ws.jobs.retried' });
  }

  private async sendList(language: Language, page: number, errors: FormErrors, status = 200): Promise<PageResult> {
    // The queue returns at most its 500 latest failures, so paging them here costs nothing more.
    const failed = await this.jobs.failedJobs();
    const shown = failed.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((job: FailedJob) => ({
      id: job.id,
      queue: job.queue,
      // A queue by what it does; one without a label yet (a test's, a new one) by its name.
      queueLabel: hasText(language, `admin.ws.jobs.queueName.${job.queue}`) ? translate(language, `admin.ws.jobs.queueName.${job.queue}`) : job.queue,
      attempts: job.attempts,
      failedAt: job.failedAt,
      lastError: errorPreview(job.lastError),
    }));
    const view = {
      jobs: shown.length > 0 ? shown : null,
      retryAction: `${JOBS}/riprova`,
      pagination: pagination(JOBS, {}, page, hasMorePages(page, PAGE_SIZE, failed.length), language),
      errors: errors.view([]),
    };
    return PageResult.view(language, { template: 'admin-jobs', title: translate(language, 'admin.ws.jobs.title'), status, view });
  }
}
