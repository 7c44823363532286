import { normalizeVatNumber, vatNumberProblem } from '@app/firms';
import { formatCertificateNumber, parseCertificateNumber, RATING_STATUSES, RatingStatus } from '@app/ratings';

/** Firms per page unless the client asks for another `pageSize`. */
export const REGISTRY_PAGE_SIZE = 20;
export const REGISTRY_MAX_PAGE_SIZE = 100;
/** Deep pages cost an ever larger OFFSET: past this many firms, narrow the search instead. */
export const REGISTRY_MAX_DEPTH = 5000;
/** The deepest page of REGISTRY_PAGE_SIZE firms; larger pages stop sooner, at REGISTRY_MAX_DEPTH firms. */
export const REGISTRY_MAX_PAGE = REGISTRY_MAX_DEPTH / REGISTRY_PAGE_SIZE;
/** pg_trgm indexes three-character grams: shorter text cannot use the index. */
export const SEARCH_MIN_LENGTH = 3;
export const SEARCH_MAX_LENGTH = 100;

/** What a visitor typed: every field as received, before any checking. */
export interface RegistrySearchInput {
  readonly q?: unknown;
  readonly status?: unknown;
  readonly province?: unknown;
  readonly page?: unknown;
  readonly pageSize?: unknown;
}

export type RegistrySearchCriteria =
  | { readonly kind: 'all' }
  | { readonly kind: 'vat'; readonly vatNumber: string }
  | { readonly kind: 'certificate'; readonly certificateNumber: string }
  | { readonly kind: 'text'; readonly text: string };

export interface RegistrySearch {
  readonly criteria: RegistrySearchCriteria;
  readonly status: RatingStatus | null;
  /** Province code (sigla), upper case. */
  readonly province: string | null;
  readonly page: number;
  /** Firms per page, 1 to REGISTRY_MAX_PAGE_SIZE. */
  readonly pageSize: number;
}

export type ParsedRegistrySearch =
  | { readonly ok: true; readonly search: RegistrySearch }
  | { readonly ok: false; readonly fields: Record<string, string[]> };

const CONTROL_CHARACTERS = /\p{Cc}/u;

/** Letters and digits only, accents removed: what the database's `registry_search_text` keeps, counted. */
export function searchableLength(text: string): number {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '').length;
}

/** A value that must be one plain string: repeated query parameters arrive as arrays and are refused. */
function optionalText(value: unknown, field: string, problems: Record<string, string[]>): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems[field] = [`${field} must be a single text value`];
    return null;
  }
  if (CONTROL_CHARACTERS.test(value)) {
    problems[field] = [`${field} must not contain control characters`];
    return null;
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A number given as a number (by code) or as digits (in a query string); NaN when it is neither. */
function wholeNumber(value: unknown, field: string, absent: number, problems: Record<string, string[]>): number {
  if (typeof value === 'number') return value;
  const text = optionalText(value, field, problems);
  if (text === null) return problems[field] ? NaN : absent;
  return /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
}

function criteriaOf(q: string | null, problems: Record<string, string[]>): RegistrySearchCriteria {
  if (q === null) return { kind: 'all' };
  if (q.length > SEARCH_MAX_LENGTH) {
    problems.q = [`q must be at most ${SEARCH_MAX_LENGTH} characters long`];
    return { kind: 'all' };
  }
  const certificate = parseCertificateNumber(q);
  if (certificate) return { kind: 'certificate', certificateNumber: formatCertificateNumber(certificate.year, certificate.sequence) };
  const vatNumber = normalizeVatNumber(q);
  if (/^[0-9]{11}$/.test(vatNumber)) {
    const problem = vatNumberProblem(vatNumber);
    if (problem) problems.q = [problem];
    return { kind: 'vat', vatNumber };
  }
  if (searchableLength(q) < SEARCH_MIN_LENGTH) {
    problems.q = [`q must contain at least ${SEARCH_MIN_LENGTH} letters or digits`];
  }
  return { kind: 'text', text: q };
}

/**
 * Reads a registry search: `q` is a VAT number (spaces, dots and an `IT` prefix allowed), a certificate
 * number, or part of a name or a city; `status` is a rating status; `province` a two-letter code;
 * `page` counts from 1 and `pageSize` (default 20) is 1 to 100. Every problem is named by its field.
 */
export function parseRegistrySearch(input: RegistrySearchInput): ParsedRegistrySearch {
  const problems: Record<string, string[]> = {};
  const criteria = criteriaOf(optionalText(input.q, 'q', problems), problems);

  const statusText = optionalText(input.status, 'status', problems);
  const status = statusText === null ? null : RATING_STATUSES.find((candidate) => candidate === statusText);
  if (status === undefined) problems.status = [`status must be one of: ${RATING_STATUSES.join(', ')}`];

  const provinceText = optionalText(input.province, 'province', problems);
  if (provinceText !== null && !/^[A-Za-z]{2}$/.test(provinceText)) problems.province = ['province must be a two-letter province code, such as RM'];

  const pageSize = wholeNumber(input.pageSize, 'pageSize', REGISTRY_PAGE_SIZE, problems);
  if (!problems.pageSize && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > REGISTRY_MAX_PAGE_SIZE)) {
    problems.pageSize = [`pageSize must be a whole number from 1 to ${REGISTRY_MAX_PAGE_SIZE}`];
  }
  // With a valid page size the deepest page is as deep as REGISTRY_MAX_PAGE pages of the default size.
  const maxPage = problems.pageSize ? REGISTRY_MAX_PAGE : Math.floor(REGISTRY_MAX_DEPTH / pageSize);
  const page = wholeNumber(input.page, 'page', 1, problems);
  if (!problems.page && (!Number.isInteger(page) || page < 1 || page > maxPage)) problems.page = [`page must be a whole number from 1 to ${maxPage}`];

  if (Object.keys(problems).length > 0) return { ok: false, fields: problems };
  return { ok: true, search: { criteria, status: status ?? null, province: provinceText?.toUpperCase() ?? null, page, pageSize } };
}
