import type { Language } from '@app/core';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { languageOf } from './i18n';

/** The language a page is asked in: `?lang=en`, Italian otherwise. */
export function languageOfRequest(request: FastifyRequest): Language {
  return languageOf((request.query as Record<string, unknown> | undefined)?.lang);
}

/**
 * The page's language as a handler parameter, so a handler needs no request for it. A posted form's
 * `lang` field wins over the query: a form handler takes its language from `readWebForm` instead.
 */
export const PageLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): Language => languageOfRequest(context.switchToHttp().getRequest<FastifyRequest>()));
