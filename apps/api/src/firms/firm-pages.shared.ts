import { NotFoundError } from '@app/core';
import type { Language } from '@app/registry';
import { isUUID } from 'class-validator';
import { pageHref } from '../pages/page-renderer';

/** The firm's workspace home: the registration form, or the firm's summary once registered. */
export const FIRM_HOME = '/area/azienda';

/** A page number from the query (`?pagina=2`); anything else is the first page. */
export function pageNumber(raw: unknown): number {
  return typeof raw === 'string' && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : 1;
}

/** The `pagination` partial's view for a paged list, or null when it fits on one page. */
export function paginationOf(path: string, page: number, pageSize: number, total: number, language: Language) {
  const hasMore = page * pageSize < total;
  if (page === 1 && !hasMore) return null;
  const link = (target: number) => pageHref(path, { pagina: target === 1 ? '' : target }, language);
  return { page, previous: page > 1 ? link(page - 1) : null, next: hasMore ? link(page + 1) : null };
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
