import { type Language, NotFoundError } from '@app/core';
import { isUUID } from 'class-validator';
import { translate } from './i18n';
import { pageHref } from './page-renderer';

/** The query of a page as Fastify parsed it, before any checking (a repeated parameter is an array). */
export type RawQuery = Readonly<Record<string, unknown>>;

/** The page number of a paged list, from its `?pagina=` parameter: a positive whole number, else the first page. */
export function pageNumber(raw: unknown): number {
  return typeof raw === 'string' && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : 1;
}

export interface Pagination {
  readonly page: number;
  readonly previous: string | null;
  readonly next: string | null;
}

/**
 * The `pagination` partial's links for one page of a list, keeping the list's filters and the
 * language (`pagina` is left out for the first page); null when one page holds everything.
 */
export function pagination(path: string, filters: Readonly<Record<string, unknown>>, page: number, hasMore: boolean, language: Language): Pagination | null {
  if (page <= 1 && !hasMore) return null;
  const link = (target: number) => pageHref(path, { ...filters, pagina: target === 1 ? '' : target }, language);
  return { page, previous: page > 1 ? link(page - 1) : null, next: hasMore ? link(page + 1) : null };
}

/** Whether a list of `total` items has a page after `page`. */
export const hasMorePages = (page: number, pageSize: number, total: number): boolean => page * pageSize < total;

/** The options of a `<select>`, labelled from the page texts, with the current value selected. */
export function selectOptions(language: Language, values: readonly string[], labelPrefix: string, selected: string | null): { value: string; label: string; selected: boolean }[] {
  return values.map((value) => ({ value, label: translate(language, `${labelPrefix}${value}`), selected: value === selected }));
}

/**
 * An id from the path. Page routes read their path parameters themselves, after the form token is
 * checked, so a malformed id is a missing page rather than a validation error.
 */
export function pathId(value: string): string {
  if (!isUUID(value)) throw new NotFoundError('Page');
  return value;
}

/** A form's text field, trimmed; a blank optional field is no value. */
export function optionalText(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
