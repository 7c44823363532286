import type { Language } from '@app/core';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../http/access.decorators';
import { sendDownload } from '../http/content-disposition';
import { translate, UnknownMessageError } from './i18n';
import { PageRenderer, sendHtml, ShownFlash } from './page-renderer';
import type { PageFlash, PageResult, PageToSend } from './page-result';
import { csrfTokenFor, Flash, setFlash, takeFlash } from './web-session';

/**
 * Sends the workspace's pages (and the public pages that have forms): every page gets the visitor's
 * form token, the flash left by the previous action, and, once signed in, the role's navigation.
 * Pages are personal, so never cached.
 */
@Injectable()
export class WebPages {
  constructor(private readonly renderer: PageRenderer) {}

  /**
   * The one way a page is answered: what a handler's `PageResult` says, with the headers every page gets.
   * Only a download is sent asynchronously (its promise settles once the file is handed over).
   */
  answer(request: FastifyRequest, reply: FastifyReply, result: PageResult): void | Promise<void> {
    const answer = result.answer;
    switch (answer.kind) {
      case 'page':
        return this.send(request, reply, answer.page, answer.language);
      case 'public': {
        const page = answer.withForm === true ? { ...answer.page, csrfToken: csrfTokenFor(request, reply) } : answer.page;
        const html = this.renderer.render(answer.template, page, answer.title, answer.view);
        return sendHtml(reply, html, { status: answer.status ?? 200, language: page.language, caching: answer.caching ?? 'no-cache' });
      }
      case 'after-form':
        return this.redirect(request, reply, answer.path, answer.language, answer.flash);
      case 'redirect':
        return void reply.redirect(answer.url, answer.status);
      case 'download':
        return sendDownload(reply, answer.file);
    }
  }

  private send(request: FastifyRequest, reply: FastifyReply, page: PageToSend, language: Language): void {
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
  private redirect(
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    language: Language,
    flash?: PageFlash,
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
