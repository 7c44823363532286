import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyWithError } from './http/error-reply';
import { PageErrorFilter } from './pages/page-error.filter';

/** A browser asking for a page (not the API, not health checks): it gets an error page, not JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url;
  if (path.startsWith('/api/') || path.startsWith('/health')) return false;
  return request.headers.accept?.includes('text/html') ?? false;
}

/** Every failure of the app: an error page for a browser's page, the platform's error shape for everything else. */
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
