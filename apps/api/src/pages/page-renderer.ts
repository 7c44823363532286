import type { Language, Role } from '@app/core';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatCalendarDate, formatDateTime } from './formats';
import { formatDate, translate, translateCount } from './i18n';
import { WORKSPACE_NAVIGATION } from './workspace-navigation';

/** Who is looking at a page, and where: everything a page needs besides its own data. */
export interface PageRequest {
  readonly language: Language;
  /** The path of the page, without the query. */
  readonly path: string;
  /** The query to keep when the visitor switches language (without `lang`). */
  readonly query: Readonly<Record<string, string>>;
  /** The visitor's form token, on pages that have a form that posts (partial `csrf`). */
  readonly csrfToken?: string;
  /** Who is signed in, on pages for signed-in users: the layout shows their navigation and sign-out. */
  readonly viewer?: Viewer;
  /** The one-time message left by the previous action, already in the page's language. */
  readonly flash?: ShownFlash | null;
}

export interface Viewer {
  readonly email: string;
  readonly role: Role;
}

export interface ShownFlash {
  readonly kind: 'success' | 'error';
  readonly text: string;
}

export interface NavigationItem {
  readonly path: string;
  /** A page text key. */
  readonly label: string;
}

export class UnknownPageError extends Error {
  constructor(page: string) {
    super(`No template templates/pages/${page}.hbs`);
  }
}

const TEMPLATES_MARKER = join('templates', 'layouts', 'main.hbs');

/** Found walking up from this file, so the same code runs from `apps/` (tests) and `dist/apps/` (build). */
export function findTemplatesFolder(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, TEMPLATES_MARKER))) return join(folder, 'templates');
    if (dirname(folder) === folder) throw new Error(`No ${TEMPLATES_MARKER} above ${from}`);
  }
}

/** A link inside the site: the path, the non-empty parameters, and `lang=en` when the visitor reads English. */
export function pageHref(path: string, params: Readonly<Record<string, unknown>>, language: Language): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') query.set(name, String(value));
  }
  if (language === 'en') query.set('lang', 'en');
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The public menu, in the order a consumer needs it: find a firm, a number, a certificate; report; learn; sign in. */
const NAVIGATION: readonly NavigationItem[] = [
  { path: '/registro', label: 'nav.registry' },
  { path: '/chi-mi-ha-chiamato', label: 'nav.phone' },
  { path: '/verifica', label: 'nav.verify' },
  { path: '/segnala', label: 'nav.report' },
  { path: '/il-bollino', label: 'nav.seal' },
  { path: '/area', label: 'nav.workspace' },
];

/** Items as links; the current one is the item whose path holds the page's path most closely (a section, not its parent too). */
function navigationOf(items: readonly NavigationItem[], request: PageRequest): { url: string; label: string; current: boolean }[] {
  const holds = (item: NavigationItem) => request.path === item.path || request.path.startsWith(`${item.path}/`);
  const current = items.filter(holds).sort((left, right) => right.path.length - left.path.length)[0];
  return items.map((item) => ({ url: pageHref(item.path, {}, request.language), label: translate(request.language, item.label), current: item === current }));
}

/**
 * A sentence whose `{link}` placeholder becomes a link: `link` names the link's text, `url` its target.
 * Every piece is escaped here, since the result is inserted as HTML.
 */
function sentenceWithLink(language: Language, key: string, hash: Readonly<Record<string, unknown>>): Handlebars.SafeString {
  const { link, url, ...values } = hash;
  const [before, after = ''] = translate(language, key, values).split('{link}');
  const escape = Handlebars.escapeExpression;
  return new Handlebars.SafeString(`${escape(before)}<a href="${escape(String(url))}">${escape(translate(language, String(link)))}</a>${escape(after)}`);
}

interface HelperOptions {
  readonly hash: Readonly<Record<string, unknown>>;
  readonly data: { readonly root: { readonly language: Language } };
}

/** Public pages may be kept by a cache that asks again (`no-cache`); personal pages and errors are never stored (`no-store`). */
export type PageCaching = 'no-cache' | 'no-store';

/** The one way an HTML page leaves the server, so its type, language and caching headers are said alike everywhere. */
export function sendHtml(reply: FastifyReply, html: string, page: { readonly status: number; readonly language: Language; readonly caching: PageCaching }): void {
  void reply.status(page.status).header('content-type', 'text/html; charset=utf-8').header('content-language', page.language).header('cache-control', page.caching).send(html);
}

/**
 * Server-rendered pages: Handlebars templates in `templates/pages/`, inside `templates/layouts/main.hbs`,
 * with the partials of `templates/partials/`, all compiled once when the provider is built. Templates
 * receive plain view models; every value goes through `{{ }}` and is HTML-escaped. Helpers:
 * `t` (a text of the visitor's language, placeholders from the hash), `tlink` (a text with one link in it),
 * `date`, `datetime` (with the time in Rome), `day` (a YYYY-MM-DD calendar date), `tn` (a text about a count, singular or plural),
 * `iso`, `href` (a link that keeps the language), `eq`, `concat`. The stylesheet is inlined: one request per page, no script at all.
 */
@Injectable()
export class PageRenderer {
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly styles: string;

  constructor() {
    const folder = findTemplatesFolder();
    const handlebars = Handlebars.create();
    const options: CompileOptions = { strict: true, preventIndent: true };
    handlebars.registerHelper({
      t: (key: string, helper: HelperOptions) => translate(helper.data.root.language, key, helper.hash),
      date: (instant: Date | null, helper: HelperOptions) => (instant instanceof Date ? formatDate(helper.data.root.language, instant) : ''),
      datetime: (instant: Date | null, helper: HelperOptions) => (instant instanceof Date ? formatDateTime(helper.data.root.language, instant) : ''),
      day: (calendarDate: string | null, helper: HelperOptions) => (typeof calendarDate === 'string' ? formatCalendarDate(helper.data.root.language, calendarDate) : ''),
      tn: (key: string, count: number, helper: HelperOptions) => translateCount(helper.data.root.language, key, count, helper.hash),
      iso: (instant: Date) => instant.toISOString(),
      href: (path: string, helper: HelperOptions) => pageHref(path, helper.hash, helper.data.root.language),
      eq: (left: unknown, right: unknown) => left === right,
      concat: (...parts: unknown[]) => parts.slice(0, -1).join(''),
      tlink: (key: string, helper: HelperOptions) => sentenceWithLink(helper.data.root.language, key, helper.hash),
    });
    for (const file of readdirSync(join(folder, 'partials')).filter((name) => name.endsWith('.hbs'))) {
      // A partial's final line break would land inside the markup that includes it.
      const source = readFileSync(join(folder, 'partials', file), 'utf8').replace(/\n$/, '');
      handlebars.registerPartial(basename(file, '.hbs'), handlebars.compile(source, options));
    }
    for (const file of readdirSync(join(folder, 'pages')).filter((name) => name.endsWith('.hbs'))) {
      this.pages.set(basename(file, '.hbs'), handlebars.compile(readFileSync(join(folder, 'pages', file), 'utf8'), options));
    }
    this.layout = handlebars.compile(readFileSync(join(folder, 'layouts', 'main.hbs'), 'utf8'), options);
    this.styles = readFileSync(join(folder, 'assets', 'site.css'), 'utf8');
  }

  /** A whole HTML document: `templates/pages/<page>.hbs` with `view`, inside the layout. */
  render(page: string, request: PageRequest, title: string, view: object): string {
    const template = this.pages.get(page);
    if (template === undefined) throw new UnknownPageError(page);
    const { language } = request;
    const body = template({ ...view, language, csrfToken: request.csrfToken ?? null });
    const other: Language = language === 'it' ? 'en' : 'it';
    return this.layout({
      language,
      title,
      body: new Handlebars.SafeString(body),
      styles: new Handlebars.SafeString(this.styles),
      home: pageHref('/', {}, language),
      navigation: navigationOf(request.viewer ? NAVIGATION.filter((item) => item.path !== '/area') : NAVIGATION, request),
      workspace: request.viewer
        ? {
            email: request.viewer.email,
            role: translate(language, `role.${request.viewer.role}`),
            navigation: navigationOf(WORKSPACE_NAVIGATION[request.viewer.role], request),
            password: pageHref('/area/password', {}, language),
            signOut: pageHref('/esci', {}, language),
          }
        : null,
      csrfToken: request.csrfToken ?? null,
      flash: request.flash ?? null,
      alternate: { language: other, url: pageHref(request.path, request.query, other), label: translate(language, 'language.other') },
    });
  }
}
