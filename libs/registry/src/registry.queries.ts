import { createHash } from 'node:crypto';
import { effectiveRatingStatusSql } from '@app/ratings';
import type { RatingEventKind, RevocationReason } from '@app/ratings';
import type { NamedStatement } from './registry-database';
import type { RecordedRating } from './registry-rules';
import type { RegistrySearch } from './registry-search';

/**
 * Every read of the public registry, as parameterised SQL over `registry_entry` (the firms the registry
 * lists, each with its latest rating). Columns are aliased to the names of the view types they fill.
 */

export interface FirmRow {
  readonly firmId: string;
  readonly vatNumber: string;
  readonly legalName: string;
  readonly city: string;
  readonly province: string;
}

export type ListedFirmRow = FirmRow & RecordedRating;

export interface FirmDetailRow extends ListedFirmRow {
  readonly website: string | null;
}

export interface TimelineRow {
  readonly kind: RatingEventKind;
  readonly occurredAt: Date;
  readonly certificateNumber: string;
  readonly reason: RevocationReason | null;
  readonly publicNote: string | null;
}

export interface CallingNumberRow {
  readonly e164: string;
  readonly declaredAt: Date;
}

export interface VerificationRow extends ListedFirmRow {
  readonly replacedBy: string | null;
}

export interface PhoneRow extends ListedFirmRow {
  readonly e164: string;
  readonly declaredAt: Date;
}

export interface OpenDataRow extends FirmDetailRow {
  readonly callingNumbers: string | null;
}

export interface FeedEventRow extends TimelineRow {
  readonly vatNumber: string;
  readonly legalName: string;
}

const FIRM_COLUMNS = `f.id AS "firmId", f.vat_number AS "vatNumber", f.legal_name AS "legalName", f.office_city AS "city", f.office_province AS "province"`;
const RATING_COLUMNS = `r.certificate_number AS "certificateNumber", r.status, r.issued_at AS "issuedAt", r.valid_from AS "validFrom", r.valid_until AS "validUntil",
  r.suspended_at AS "suspendedAt", r.suspension_deadline AS "suspensionDeadline", r.suspension_reason AS "suspensionReason",
  r.ended_at AS "endedAt", r.revocation_reason AS "revocationReason", r.public_note AS "publicNote", r.certificate_sha256 AS "certificateSha256"`;
const LISTED = `registry_entry e JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id`;

const statement = (name: string, text: string): NamedStatement => ({ name: `registry_${name}`, text });

export const FIRM_BY_VAT_NUMBER = statement('firm_by_vat_number', `SELECT ${FIRM_COLUMNS}, f.website, ${RATING_COLUMNS} FROM ${LISTED} WHERE f.vat_number = $1`);

/**
 * Events of one instant (a renewal supersedes the old rating as it issues the new one) in the order
 * the lifecycle makes them happen: newest first is the reverse of this.
 */
const LIFECYCLE_ORDER = `array_position(ARRAY['issued', 'renewed', 'suspended', 'reinstated', 'superseded', 'expired', 'revoked'], ev.kind)`;

/** Newest first; on a renewal the new rating's issue sorts above the old one's supersession. */
export const FIRM_TIMELINE = statement(
  'firm_timeline',
  `SELECT ev.kind, ev.occurred_at AS "occurredAt", r.certificate_number AS "certificateNumber", ev.reason, ev.public_note AS "publicNote"
   FROM rating_event ev JOIN rating r ON r.id = ev.rating_id
   WHERE ev.firm_id = $1 ORDER BY ev.occurred_at DESC, r.issued_at DESC, ${LIFECYCLE_ORDER} DESC, ev.id`,
);

export const FIRM_CALLING_NUMBERS = statement(
  'firm_calling_numbers',
  `SELECT c.e164, c.declared_at AS "declaredAt" FROM calling_number c WHERE c.firm_id = $1 AND c.retired_at IS NULL ORDER BY c.e164`,
);

export const VERIFY_CERTIFICATE = statement(
  'verify_certificate',
  `SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS}, successor.certificate_number AS "replacedBy"
   FROM rating r JOIN firm f ON f.id = r.firm_id LEFT JOIN rating successor ON successor.id = r.superseded_by_id
   WHERE r.certificate_number = $1`,
);

/** Only active numbers, and only of firms the registry lists: a firm without a rating is not public. */
export const LOOKUP_PHONE = statement(
  'lookup_phone',
  `SELECT c.e164, c.declared_at AS "declaredAt", ${FIRM_COLUMNS}, ${RATING_COLUMNS}
   FROM calling_number c JOIN registry_entry e ON e.firm_id = c.firm_id JOIN firm f ON f.id = c.firm_id JOIN rating r ON r.id = e.rating_id
   WHERE c.e164 = $1 AND c.retired_at IS NULL`,
);

export const OPEN_DATA = statement(
  'open_data',
  `SELECT ${FIRM_COLUMNS}, f.website, ${RATING_COLUMNS},
     (SELECT string_agg(c.e164, ' ' ORDER BY c.e164) FROM calling_number c WHERE c.firm_id = f.id AND c.retired_at IS NULL) AS "callingNumbers"
   FROM ${LISTED} ORDER BY f.vat_number`,
);

/**
 * The last change to what the open data holds, as of $1: a rating event, a lapse time has already
 * decided, a calling number declared or retired, or a listed firm's details. Capped at $1, since a
 * firm's `updated_at` is the database's time, not the application's clock.
 */
export const OPEN_DATA_LAST_CHANGE = statement(
  'open_data_last_change',
  `SELECT least($1::timestamptz, greatest(
     (SELECT max(ev.occurred_at) FROM rating_event ev),
     (SELECT max(least(r.valid_until, r.suspension_deadline)) FROM registry_entry e JOIN rating r ON r.id = e.rating_id
      WHERE r.status IN ('active', 'suspended') AND least(r.valid_until, r.suspension_deadline) <= $1),
     (SELECT max(greatest(c.declared_at, c.retired_at)) FROM calling_number c JOIN registry_entry e ON e.firm_id = c.firm_id),
     (SELECT max(f.updated_at) FROM firm f JOIN registry_entry e ON e.firm_id = f.id)
   )) AS "lastChange"`,
);

/** The listed firms by the status of their latest rating as of $1 (lapses applied). */
export const FIRMS_BY_STATUS = statement(
  'firms_by_status',
  `SELECT ${effectiveRatingStatusSql('r', '$1::timestamptz')} AS status, count(*)::int AS firms FROM ${LISTED} GROUP BY 1`,
);

/** Rating events of the kinds $3 from $1 to $2, per calendar month in Rome: what the firms' public timelines show. */
export const RATING_EVENTS_PER_MONTH = statement(
  'rating_events_per_month',
  `SELECT ev.kind, to_char(ev.occurred_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, count(*)::int AS events
   FROM rating_event ev WHERE ev.kind = ANY($3::text[]) AND ev.occurred_at >= $1 AND ev.occurred_at <= $2 GROUP BY 1, 2`,
);

/** Renewals (`superseded`) are left out: the new rating's issue says it. */
export const FEED_EVENTS = statement(
  'feed_events',
  `SELECT ev.kind, ev.occurred_at AS "occurredAt", r.certificate_number AS "certificateNumber", ev.reason, ev.public_note AS "publicNote",
     f.vat_number AS "vatNumber", f.legal_name AS "legalName"
   FROM rating_event ev JOIN rating r ON r.id = ev.rating_id JOIN firm f ON f.id = ev.firm_id
   WHERE ev.kind <> 'superseded' ORDER BY ev.occurred_at DESC, r.issued_at DESC, ${LIFECYCLE_ORDER} DESC, ev.id LIMIT $1`,
);

/** Current ratings that time has already ended but no job has recorded yet (index `idx_rating_next_change`). */
export const UNRECORDED_LAPSES = statement(
  'unrecorded_lapses',
  `SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS}
   FROM rating r JOIN firm f ON f.id = r.firm_id
   WHERE r.status IN ('active', 'suspended') AND least(r.valid_until, r.suspension_deadline) <= $1
   ORDER BY least(r.valid_until, r.suspension_deadline) DESC LIMIT $2`,
);

/** The next instant at which time alone changes some rating (index `idx_rating_next_change`). */
export const NEXT_REGISTRY_CHANGE = statement(
  'next_registry_change',
  `SELECT min(least(valid_until, suspension_deadline)) AS "nextChange"
   FROM rating WHERE status IN ('active', 'suspended') AND least(valid_until, suspension_deadline) > $1`,
);

/** The most approximate candidates ranked for a misspelt name: ranking is the costly part, so it is bounded. */
export const FUZZY_CANDIDATES = 200;

export interface SearchQuery {
  readonly statement: NamedStatement;
  readonly values: readonly unknown[];
}

function namedFor(kind: string, text: string): NamedStatement {
  return statement(`search_${kind}_${createHash('sha256').update(text).digest('hex').slice(0, 12)}`, text);
}

function provinceFilter(search: RegistrySearch, values: unknown[]): string[] {
  if (search.province === null) return [];
  values.push(search.province);
  return [`e.province = $${values.length}`];
}

function statusFilter(search: RegistrySearch, values: unknown[], now: Date): string[] {
  if (search.status === null) return [];
  values.push(now, search.status);
  return [`${effectiveRatingStatusSql('r', `$${values.length - 1}::timestamptz`)} = $${values.length}`];
}

const where = (conditions: string[]): string => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');

/**
 * One page of firms, by name, plus one row that says whether a next page exists. A text matches part
 * of the normalised name (trigram index) or the whole normalised city. Matching names are found first
 * (a MATERIALIZED CTE, through the trigram index) and then sorted: walking the name index in order
 * instead, as the planner may choose when it overestimates a text's matches, can read most of the
 * registry for a rare text. A city holds thousands of firms, so only as many of its entries as the page
 * needs are read, in name order from the city's index, and merged with the matching names. Without a
 * status filter the page is cut from `registry_entry` alone and only its rows are joined to their firm
 * and rating: a common word matches thousands of entries.
 */
export function searchQuery(search: RegistrySearch, now: Date): SearchQuery {
  const values: unknown[] = [];
  const conditions: string[] = [];
  const { criteria } = search;
  let text: string | null = null;
  switch (criteria.kind) {
    case 'all':
      break;
    case 'vat':
      values.push(criteria.vatNumber);
      conditions.push(`e.firm_id = (SELECT holder.id FROM firm holder WHERE holder.vat_number = $${values.length})`);
      break;
    case 'certificate':
      values.push(criteria.certificateNumber);
      conditions.push(`e.firm_id = (SELECT issued.firm_id FROM rating issued WHERE issued.certificate_number = $${values.length})`);
      break;
    case 'text':
      values.push(criteria.text);
      text = `registry_search_text($${values.length})`;
      break;
  }
  conditions.push(...provinceFilter(search, values));
  const status = statusFilter(search, values, now);
  const offset = (search.page - 1) * search.pageSize;
  values.push(search.pageSize + 1, offset);
  const page = `ORDER BY e.search_name, e.firm_id LIMIT $${values.length - 1} OFFSET $${values.length}`;
  let prefix = '';
  if (text !== null) {
    values.push(offset + search.pageSize + 1);
    // registry_search_text keeps letters, digits and spaces only, so the pattern holds no LIKE wildcard.
    const named = `SELECT e.firm_id, e.rating_id, e.search_name FROM registry_entry e ${where([`e.search_name LIKE '%' || ${text} || '%'`, ...conditions])}`;
    const seated = `SELECT e.firm_id, e.rating_id, e.search_name FROM registry_entry e ${status.length > 0 ? 'JOIN rating r ON r.id = e.rating_id' : ''}
      ${where([`e.search_city = ${text}`, ...conditions, ...status])} ORDER BY e.search_name, e.firm_id LIMIT $${values.length}`;
    // Without a status filter only the first names of each side can be on the page: the union then dedupes dozens, not thousands.
    const namedFirst = status.length === 0 ? `(SELECT * FROM named ORDER BY search_name, firm_id LIMIT $${values.length}) named` : 'named';
    prefix = `WITH named AS MATERIALIZED (${named}), seated AS MATERIALIZED (${seated}), matches AS (SELECT * FROM ${namedFirst} UNION SELECT * FROM seated) `;
  }
  const source = text !== null ? 'matches e' : 'registry_entry e';
  const filters = text !== null ? [] : conditions;
  const sql =
    status.length === 0
      ? `${prefix}SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS}
         FROM (SELECT e.firm_id, e.rating_id, e.search_name FROM ${source} ${where(filters)} ${page}) e
         JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
         ORDER BY e.search_name, e.firm_id`
      : `${prefix}SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS} FROM ${source} JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
         ${where([...filters, ...status])} ${page}`;
  return { statement: namedFor(criteria.kind, sql), values };
}

/**
 * Names that resemble the text (pg_trgm word similarity), best first: the fallback when nothing contains
 * it. The candidates are a MATERIALIZED CTE so that they are found through the trigram index: with the
 * candidate LIMIT in the same query, the planner expected enough matches to stop a sequential scan early,
 * and for a text with only a few dozen resembling names it read the whole registry (450 ms at 100,000 firms).
 */
export function fuzzySearchQuery(search: RegistrySearch, text: string, now: Date): SearchQuery {
  const values: unknown[] = [text];
  const candidateConditions = [`e.search_name %> registry_search_text($1)`, ...provinceFilter(search, values)];
  const conditions = statusFilter(search, values, now);
  values.push(search.pageSize);
  const sql = `WITH candidates AS MATERIALIZED (SELECT e.firm_id, e.rating_id, e.search_name FROM registry_entry e ${where(candidateConditions)})
    SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS}
    FROM (SELECT * FROM candidates LIMIT ${FUZZY_CANDIDATES}) e
    JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
    ${where(conditions)}
    ORDER BY word_similarity(registry_search_text($1), e.search_name) DESC, e.search_name, e.firm_id LIMIT $${values.length}`;
  return { statement: namedFor('fuzzy', sql), values };
}
