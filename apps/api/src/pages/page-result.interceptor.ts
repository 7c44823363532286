import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * otherwise overwrite its status with the route's default and send a second, empty body).
 */
export class PagesFastifyAdapter extends FastifyAdapter {
  override reply(response: Parameters<FastifyAdapter['reply']>[0], body: unknown, statusCode?: number): ReturnType<FastifyAdapter['reply']> {
    if (body === PageAnswered.instance) return response as ReturnType<FastifyAdapter['reply']>;
    return super.reply(response, body, statusCode);
  }
}
