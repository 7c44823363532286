import type { Language } from '@app/core';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../http/access.decorators';
import { languageOf, translate, UnknownMessageError } from './i18n';
import { PageRenderer, sendHtml, ShownFlash } from './page-renderer';
import { csrfTokenFor, Flash, FlashKind, setFlash, takeFlash } from './web-session';

export interface PageToSend {
  readonly template: string;
  /** Already in the page's language. */
  readonly title: string;
  readonly view: object;
  readonly status?: number;
  /** The query to keep when the visitor switches language. */
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * Sends the workspace's pages (and the public pages that have forms): every page gets the visitor's
 * form token, the flash left by the previous action, and, once signed in, the role's navigation.
 * Pages are personal, so never cached.
 */
@Injectable()
export class WebPages {
  constructor(private readonly renderer: PageRenderer) {}

  /** `?lang=en` on a page, or the `lang` field of a posted form: Italian otherwise. */
  languageOf(request: FastifyRequest, form?: Readonly<Record<string, string>>): Language {
    return languageOf(form?.lang ?? (request.query as Record<string, unknown> | undefined)?.lang);
  }

  send(request: FastifyRequest, reply: FastifyReply, page: PageToSend, language: Language = this.languageOf(request)): void {
    const actor = (request as AuthenticatedRequest).actor;
    const html = this.renderer.render(
      page.template,
      {
        language,
        path: request.url.split('?')[0],
        query: page.query ?? {},
        csrfToken: csrfTokenFor(request, reply),
        viewer: actor ? { email: actor.email, role: actor.role } : undefined,
        flash: this.shownFlash(language, takeFlash(request, reply)),
      },
      page.title,
      page.view,
    );
    sendHtml(reply, html, { status: page.status ?? 200, language, caching: 'no-store' });
  }

  /** After a form: to `path` (303, so the browser GETs it), with a one-time message in the visitor's language. */
  redirect(
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    language: Language,
    flash?: { readonly kind?: FlashKind; readonly key: string; readonly values?: Readonly<Record<string, string>> },
  ): void {
    if (flash) setFlash(request, reply, { kind: flash.kind ?? 'success', key: flash.key, values: flash.values ?? {} });
    void reply.redirect(language === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path, 303);
  }

  private shownFlash(language: Language, flash: Flash | null): ShownFlash | null {
    if (flash === null) return null;
    try {
      return { kind: flash.kind, text: translate(language, flash.key, flash.values) };
    } catch (error) {
      if (error instanceof UnknownMessageError) return null;
      throw error;
    }
  }
}
