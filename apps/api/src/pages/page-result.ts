import type { Language } from '@app/core';
import type { DownloadableFile } from '../http/content-disposition';
import { pageHref, PageCaching, PageRequest } from './page-renderer';
import type { FlashKind } from './web-session';

/** A workspace page (and a public page that has a form): the template, its title and view, in one language. */
export interface PageToSend {
  readonly template: string;
  /** Already in the page's language. */
  readonly title: string;
  readonly view: object;
  readonly status?: number;
  /** The query to keep when the visitor switches language. */
  readonly query?: Readonly<Record<string, string>>;
}

/** A public page: rendered for the path and query given (its canonical address), without a viewer or a flash. */
export interface PublicPageToSend {
  readonly page: PageRequest;
  readonly template: string;
  readonly title: string;
  readonly view: object;
  readonly status?: number;
  /** `no-cache` (a cache may keep it and ask again) unless the page is personal. */
  readonly caching?: PageCaching;
  /** The page has a form that posts: the visitor's form token is given to it. */
  readonly withForm?: boolean;
}

/** The one-time message shown on the page a form's redirect leads to. */
export interface PageFlash {
  readonly kind?: FlashKind;
  /** A page text key. */
  readonly key: string;
  readonly values?: Readonly<Record<string, string>>;
}

export type PageAnswer =
  | { readonly kind: 'page'; readonly language: Language; readonly page: PageToSend }
  | ({ readonly kind: 'public' } & PublicPageToSend)
  | { readonly kind: 'after-form'; readonly path: string; readonly language: Language; readonly flash?: PageFlash }
  | { readonly kind: 'redirect'; readonly url: string; readonly status: 301 | 302 | 303 }
  | { readonly kind: 'download'; readonly file: DownloadableFile };

/**
 * What a page handler returns: a page to render, where to send the visitor, or a file to save. `PageResultInterceptor`
 * answers it through `WebPages.answer`, so handlers take neither the raw reply nor its headers.
 */
export class PageResult {
  private constructor(readonly answer: PageAnswer) {}

  /** A workspace page: the visitor's form token, the previous action's flash, the role's navigation; never cached. */
  static view(language: Language, page: PageToSend): PageResult {
    return new PageResult({ kind: 'page', language, page });
  }

  /** A public page of the site (home, registry, reports' pages), for its canonical path. */
  static publicView(page: PublicPageToSend): PageResult {
    return new PageResult({ kind: 'public', ...page });
  }

  /** After a form: to `path` (303, so the browser GETs it), in the visitor's language, with a one-time message. */
  static afterForm(path: string, language: Language, flash?: PageFlash): PageResult {
    return new PageResult({ kind: 'after-form', path, language, flash });
  }

  /** To a URL as given (already carrying its language). */
  static redirect(url: string, status: 301 | 302 | 303 = 302): PageResult {
    return new PageResult({ kind: 'redirect', url, status });
  }

  /** A file to save (a document of the workspace, a list as CSV), sent as the API sends downloads. */
  static download(file: DownloadableFile): PageResult {
    return new PageResult({ kind: 'download', file });
  }

  /** An English address of a page: for good to the Italian page read in English. */
  static toEnglish(path: string): PageResult {
    return PageResult.redirect(pageHref(path, {}, 'en'), 301);
  }
}
