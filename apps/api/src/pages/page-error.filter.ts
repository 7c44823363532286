import { RateLimitedError } from '@app/core';
import { FirmNotInRegistryError } from '@app/registry';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../http/error-response';
import { languageOf, translate } from './i18n';
import { PageRenderer } from './page-renderer';

type ErrorText = 'error.notFound' | 'error.firm' | 'error.badRequest' | 'error.rateLimited' | 'error.unexpected';

function textOf(error: unknown, status: number): ErrorText {
  if (error instanceof FirmNotInRegistryError) return 'error.firm';
  if (error instanceof RateLimitedError) return 'error.rateLimited';
  if (status === 404) return 'error.notFound';
  if (status >= 500) return 'error.unexpected';
  return 'error.badRequest';
}

/**
 * Errors of the public pages as pages in the same layout and language, with the status and headers
 * (Retry-After) the JSON API would give; unexpected errors are logged and shown with their request id.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: PageRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(error, request.id);
    if (response.unexpected) this.logger.error({ err: error, requestId: request.id }, 'Unexpected error on a page');
    const language = languageOf((request.query as Record<string, unknown> | undefined)?.lang);
    const key = textOf(error, response.status);
    const values = {
      seconds: error instanceof RateLimitedError ? error.retryAfterSeconds : 60,
      requestId: request.id,
    };
    const heading = translate(language, `${key}.title`);
    const html = this.pages.render('error', { language, path: request.url.split('?')[0], query: {} }, heading, { heading, text: translate(language, `${key}.text`, values) });
    void reply.status(response.status).headers(response.headers).header('content-type', 'text/html; charset=utf-8').header('content-language', language).send(html);
  }
}
