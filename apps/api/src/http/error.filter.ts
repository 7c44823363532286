import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageErrorFilter } from '../pages/page-error.filter';
import { toErrorResponse } from './error-response';

/** A browser asking for a page (not the API, not health checks): it gets an error page, not JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url;
  if (path.startsWith('/api/') || path.startsWith('/health')) return false;
  return request.headers.accept?.includes('text/html') ?? false;
}

const logger = new Logger('Errors');

/** Answers an API request that failed with the platform's error shape; an unexpected error is logged with its stack. */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const response = toErrorResponse(error, request.id);
  if (response.unexpected) logger.error({ err: error, requestId: request.id }, 'Unexpected error');
  return reply.status(response.status).headers(response.headers).send(response.body);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly pages: PageErrorFilter) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (wantsPage(request)) return this.pages.respond(error, request, reply);
    void replyWithError(error, request, reply);
  }
}
