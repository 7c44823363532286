import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { map, Observable } from 'rxjs';
import { PageResult } from './page-result';
import { WebPages } from './web-pages';

/** What the interceptor hands on once it has answered a page itself: nothing more is sent. */
export class PageAnswered {
  static readonly instance = new PageAnswered();
  private constructor() {}
}

/**
 * Answers a `PageResult` returned by a handler (rendered, or a redirect) through `WebPages.answer`; any
 * other value (every API route's) passes on untouched, after one `instanceof`.
 */
@Injectable()
export class PageResultInterceptor implements NestInterceptor {
  constructor(private readonly pages: WebPages) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof PageResult)) return value;
        const http = context.switchToHttp();
        const answered = this.pages.answer(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), value);
        // A download's promise is awaited by Nest with the handler's result, so its failure reaches the error filters.
        return answered instanceof Promise ? answered.then(() => PageAnswered.instance) : PageAnswered.instance;
      }),
    );
  }
}

/**
 * Nest's Fastify adapter, except that a page the interceptor answered is not sent again (Nest would
 * otherwise overwrite its status with the route's default and send a second, empty body). The method is
 * wrapped on the instance rather than overridden in a subclass: nestjs-cls tells Fastify from Express by
 * the adapter's class name, and under another name it mounts its middleware where Fastify never calls
 * it, so requests would run without their context (no request id in the history).
 */
export function pagesFastifyAdapter(options: FastifyServerOptions): FastifyAdapter {
  const adapter = new FastifyAdapter(options);
  const reply = adapter.reply.bind(adapter);
  adapter.reply = (response, body, statusCode) => (body === PageAnswered.instance ? (response as ReturnType<FastifyAdapter['reply']>) : reply(response, body, statusCode));
  return adapter;
}
