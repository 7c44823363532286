import { RateLimitedError } from '@app/core';
import { FirmNotInRegistryError } from '@app/registry';
import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../http/error-response';
import { translate } from './i18n';
import { languageOfRequest } from './page-language.decorator';
import { pageHref, PageRenderer, sendHtml } from './page-renderer';
import { CsrfRejectedError } from './web-session';

type ErrorText =
  | 'error.notFound'
  | 'error.firm'
  | 'error.badRequest'
  | 'error.rateLimited'
  | 'error.unexpected'
  | 'error.forbidden'
  | 'error.csrf'
  | 'error.conflict'
  | 'error.tooLarge';

function textOf(error: unknown, status: number): ErrorText {
  if (error instanceof FirmNotInRegistryError) return 'error.firm';
  if (error instanceof RateLimitedError) return 'error.rateLimited';
  if (error instanceof CsrfRejectedError) return 'error.csrf';
  if (status === 403) return 'error.forbidden';
  if (status === 404) return 'error.notFound';
  if (status === 409) return 'error.conflict';
  if (status === 413) return 'error.tooLarge';
  if (status >= 500) return 'error.unexpected';
  return 'error.badRequest';
}

/** A path of this site to come back to after signing in; anything else (another host, `//x`) is dropped. */
export function localPath(candidate: unknown): string | null {
  return typeof candidate === 'string' && /^\/(?![/\\])[^\s]*$/.test(candidate) && candidate.length <= 500 ? candidate : null;
}

/**
 * Errors of the pages as pages in the same layout and language, with the status and headers
 * (Retry-After) the JSON API would give, never internals: unexpected errors are logged and shown with
 * their request id only. A visitor who is not signed in is sent to the sign-in page, and back after.
 */
@Injectable()
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: PageRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  respond(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const response = toErrorResponse(error, request.id);
    const language = languageOfRequest(request);
    if (response.status === 401) {
      const next = request.method === 'GET' ? localPath(request.url) : null;
      return void reply.redirect(pageHref('/accedi', { next: next ?? '' }, language), 303);
    }
    if (response.unexpected) this.logger.error({ err: error, requestId: request.id }, 'Unexpected error on a page');
    const key = textOf(error, response.status);
    const values = {
      seconds: error instanceof RateLimitedError ? error.retryAfterSeconds : 60,
      requestId: request.id,
    };
    const heading = translate(language, `${key}.title`);
    const html = this.pages.render('error', { language, path: request.url.split('?')[0], query: {} }, heading, { heading, text: translate(language, `${key}.text`, values) });
    void reply.headers(response.headers);
    sendHtml(reply, html, { status: response.status, language, caching: 'no-store' });
  }
}
