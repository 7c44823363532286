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
 * of the normalised name or the whole normalised city. A name containing the text holds one of the few
 * words the text pins down (`registry_search_anchor`: the words containing a one-word text, say), and
 * `registry_name_word` lists each word's names in name order: only as many of each such word's names
 * as the page needs are read (index-only, the containment checked on the index entry), and merged with
 * as many of the city's, read in name order from the city's index. So a common word ("rossi": thousands
 * of names) reads a page of entries per word instead of every name that contains it. Only the page's
 * rows are then joined to their entry, firm and rating.
 */
export function searchQuery(search: RegistrySearch, now: Date): SearchQuery {
  const values: unknown[] = [];
  const conditions: string[] = [];
  const { criteria } = search;
  let text: string | null = null;
  let searched = '';
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
      // Computed once (an InitPlan) whatever the plan: a generic plan would otherwise call it for every row it filters.
      searched = `searched AS MATERIALIZED (SELECT registry_search_text($${values.length}) AS text)`;
      text = `(SELECT searched.text FROM searched)`;
      break;
  }
  const province = provinceFilter(search, values);
  const status = statusFilter(search, values, now);
  const offset = (search.page - 1) * search.pageSize;
  values.push(search.pageSize + 1, offset);
  const page = `ORDER BY e.search_name, e.firm_id LIMIT $${values.length - 1} OFFSET $${values.length}`;
  if (text === null) {
    const sql =
      status.length === 0
        ? `SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS}
           FROM (SELECT e.firm_id, e.rating_id, e.search_name FROM registry_entry e ${where([...conditions, ...province])} ${page}) e
           JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
           ORDER BY e.search_name, e.firm_id`
        : `SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS} FROM ${LISTED} ${where([...conditions, ...province, ...status])} ${page}`;
    return { statement: namedFor(criteria.kind, sql), values };
  }
  values.push(offset + search.pageSize + 1);
  const needed = `$${values.length}`;
  // registry_search_text keeps letters, digits and spaces only, so neither pattern holds a LIKE wildcard of the visitor's.
  const byWord = `SELECT n.firm_id, n.search_name FROM registry_name_word n ${status.length > 0 ? 'JOIN registry_entry e ON e.firm_id = n.firm_id JOIN rating r ON r.id = e.rating_id' : ''}
    ${where([`n.word = anchor.word`, `n.search_name LIKE '%' || ${text} || '%'`, ...province.map((condition) => condition.replace(/^e\./, 'n.')), ...status])}
    ORDER BY n.search_name, n.firm_id LIMIT ${needed}`;
  const seated = `SELECT e.firm_id, e.search_name FROM registry_entry e ${status.length > 0 ? 'JOIN rating r ON r.id = e.rating_id' : ''}
    ${where([`e.search_city = ${text}`, ...province, ...status])} ORDER BY e.search_name, e.firm_id LIMIT ${needed}`;
  // Every word's first names, then the city's: the page is among them (a name on it comes within the first of each word it holds).
  const ctes = `${searched},
    anchor AS MATERIALIZED (SELECT v.word FROM registry_name_vocabulary v WHERE v.word LIKE registry_search_anchor(${text})),
    matches AS (SELECT named.* FROM anchor CROSS JOIN LATERAL (${byWord}) named UNION (${seated}))`;
  const found = (position = '') => `SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS}${position}
    FROM (SELECT e.firm_id, e.search_name FROM matches e ${page}) m
    JOIN registry_entry e ON e.firm_id = m.firm_id JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
    ORDER BY m.search_name, m.firm_id`;
  if (search.page > 1) return { statement: namedFor(criteria.kind, `WITH ${ctes} ${found()}`), values };
  // A first page that finds nothing is followed by the misspelling fallback, which starts from the typed words' readings:
  // they come in the same round trip, as the `readings` of the one row (all else null) that says nothing was found.
  const readings = wordReadings(text);
  const sql = `WITH ${ctes}, found AS MATERIALIZED (${found(', row_number() OVER (ORDER BY m.search_name, m.firm_id) AS position')}), ${readings.ctes}
    SELECT found.*, read.readings FROM (VALUES (1)) AS one (n) LEFT JOIN found ON true
    LEFT JOIN LATERAL (SELECT json_agg(reading) AS readings FROM (${readings.select}) AS reading WHERE found."firmId" IS NULL) AS read ON true
    ORDER BY found.position`;
  return { statement: namedFor(criteria.kind, sql), values };
}

/** A row of a first page's search: a firm found, or, when none was, a row of nulls with the typed words' readings. */
export type FirstPageRow = ListedFirmRow & { readonly readings?: readonly WordResemblanceRow[] | null };

/** The typed words' readings, when the first page's search found no firm (an empty list if nothing resembles them); null when it found some. */
export function readingsOf(rows: readonly FirstPageRow[]): readonly WordResemblanceRow[] | null {
  if (rows.length !== 1 || rows[0].firmId !== null) return null;
  return rows[0].readings ?? [];
}

/** At most this many words of a misspelt text are looked up: its longest, which tell names apart best. */
export const RESEMBLANCE_MAX_WORDS = 6;
/** The registry's words taken as readings of one typed word, the most resembling first. */
export const RESEMBLANCES_PER_WORD = 8;
/** Names ranked per retrieval (all words, all but one): ranking is the costly part, so it is bounded. */
export const RESEMBLING_CANDIDATES = 200;

/**
 * How much less than a typed word's best reading another may resemble it and still be read: a word
 * typed exactly is read as itself, words it begins and words one edit away, not two; a word one edit
 * from its best reading, also as words two edits away. Fewer readings, fewer names to rank.
 */
const READING_SPREAD = 0.4;

/** Typed words this long may be more than two edits from the word meant: they are also compared by trigrams. */
const LONG_WORD = 8;

/** One of the registry's words that a typed word (its `slot`) may stand for, and how much it resembles it (0-1). */
export interface WordResemblanceRow {
  readonly slot: number;
  readonly word: string;
  readonly resemblance: number;
}

/**
 * The typed words, folded as names are (`registry_search_words`; a lone letter says nothing, a lone digit
 * tells numbered names apart), each with the words of the registry's
 * vocabulary it may stand for: the same word (1), a word it begins (0.8-0.9: still being typed), a word
 * one letter dropped, added, changed or swapped away (0.6-0.8), two such edits away (0.4-0.6), or, for
 * a long word, one sharing enough trigrams (pg_trgm `%`, below 0.4); within each kind, trigram
 * similarity breaks ties.
 * Edits are found where deletion neighbourhoods meet: each variant of a typed word is looked up in
 * `registry_word_variant`, and the letters both sides lost bound the edits between them. A word the
 * vocabulary holds is looked up by its one-deletion variants only: words two edits from it would not
 * be kept beside it (READING_SPREAD), and the lookups are most of this query's cost.
 */
function wordReadings(text: string): { readonly ctes: string; readonly select: string } {
  const ctes = `typed AS MATERIALIZED (
     SELECT typed.word, typed.slot::int AS slot FROM unnest(registry_search_words(${text})) WITH ORDINALITY AS typed(word, slot)
     WHERE length(typed.word) > 1 OR typed.word ~ '^[0-9]$'
     ORDER BY length(typed.word) DESC, typed.slot LIMIT ${RESEMBLANCE_MAX_WORDS}),
   looked_up AS MATERIALIZED (
     SELECT t.word, t.slot, CASE
         WHEN length(t.word) >= 3 AND EXISTS (SELECT FROM registry_word known WHERE known.word = t.word) THEN registry_word_variants(t.word, 1)
         ELSE registry_word_neighbourhood(t.word)
       END AS neighbourhood
     FROM typed t),
   readings AS (
     SELECT t.slot, t.word AS typed, v.word, greatest(length(t.word), length(v.word)) - length(v.variant) AS edits
     FROM looked_up t CROSS JOIN LATERAL unnest(t.neighbourhood) AS n(variant) JOIN registry_word_variant v ON v.variant = n.variant
     UNION ALL
     SELECT t.slot, t.word, w.word, NULL
     FROM typed t JOIN registry_word w ON w.word = t.word OR (length(t.word) >= 3 AND w.word LIKE t.word || '%')
       OR (length(t.word) >= ${LONG_WORD} AND w.word % t.word)),
   scored AS (
     SELECT slot, word, CASE
         WHEN word = typed THEN 1
         WHEN length(typed) >= 3 AND word LIKE typed || '%' THEN 0.8 + 0.1 * similarity(word, typed)
         WHEN min(edits) = 1 THEN 0.6 + 0.2 * similarity(word, typed)
         WHEN min(edits) = 2 THEN 0.4 + 0.2 * similarity(word, typed)
         ELSE 0.4 * similarity(word, typed)
       END::real AS resemblance
     FROM readings GROUP BY slot, typed, word)`;
  const select = `SELECT slot, word, resemblance
   FROM (SELECT *, row_number() OVER (PARTITION BY slot ORDER BY resemblance DESC, word) AS rank, max(resemblance) OVER (PARTITION BY slot) AS best
         FROM scored) AS ranked
   WHERE rank <= ${RESEMBLANCES_PER_WORD} AND resemblance >= best - ${READING_SPREAD}`;
  return { ctes, select };
}

/**
 * How many typed words a name may miss and still be ranked: none of one or two (one word left matches
 * thousands of names), one of three or four, two of five or six (three words left still tell names apart).
 */
function maxMissingWords(words: number): number {
  return words < 3 ? 0 : words < 5 ? 1 : 2;
}

/** Every choice of `size` items, each in the original order. */
function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...combinations(rest, size - 1).map((others) => [first, ...others]), ...combinations(rest, size)];
}

/** Names ranked by score (or a page of them, if more) whose likeness to the whole text is then compared, for the order within equal scores. */
export const LIKENESS_COMPARED = 60;

/**
 * Names holding the typed words as the vocabulary read them, best first: the fallback when no name or
 * city contains the text. Names are retrieved in tiers from the GIN index on the word sets (bitmap AND
 * and OR of its scans): first those holding a reading of every typed word, then, while fewer than a
 * page have been found, those missing one word, then two (`maxMissingWords`), so that a word misread or
 * absent from the name does not lose it. Each tier is MATERIALIZED and bounded, so a common word ranks
 * a few hundred names at most. Each name scores the sum, over typed words, of its best reading's
 * resemblance: exact words rank above words being typed, and these above misspellings. Among the best
 * by score, equal scores are ordered by likeness: how many trigrams the name's words share with the
 * typed words (pg_trgm similarity, blind to word order), which tells apart names that only a badly
 * misspelt word distinguishes; it is computed for those few names only, as it costs more than the rest.
 */
export function resemblingNamesQuery(search: RegistrySearch, text: string, resemblances: readonly WordResemblanceRow[], now: Date): SearchQuery {
  const values: unknown[] = [resemblances.map((row) => row.word), resemblances.map((row) => row.slot), resemblances.map((row) => row.resemblance), text];
  const holds = [...new Set(resemblances.map((row) => row.slot))].map((slot) => {
    values.push(resemblances.filter((row) => row.slot === slot).map((row) => row.word));
    return `e.search_words && $${values.length}::text[]`;
  });
  const filters = [...provinceFilter(search, values), ...statusFilter(search, values, now)];
  values.push(RESEMBLING_CANDIDATES, search.pageSize, Math.max(LIKENESS_COMPARED, search.pageSize));
  const [candidateLimit, pageSize, comparedLimit] = [values.length - 2, values.length - 1, values.length].map((index) => `$${index}`);
  const candidatesWhere = (conditions: string[]) =>
    `SELECT e.firm_id, e.rating_id, e.search_name, e.search_words FROM registry_entry e ${search.status === null ? '' : 'JOIN rating r ON r.id = e.rating_id'}
     ${where([...conditions, ...filters])} LIMIT ${candidateLimit}`;
  // Tier k holds names missing k typed words; it is read only while the tiers before it found less than a page.
  const tiers: string[] = [];
  for (let missing = 0; missing <= maxMissingWords(holds.length); missing += 1) {
    const held = combinations(holds, holds.length - missing).map((some) => `(${some.join(' AND ')})`);
    const foundBefore = tiers.map((_, tier) => `SELECT 1 FROM missing_${tier}`).join(' UNION ALL ');
    const fewFoundBefore = missing === 0 ? [] : [`(SELECT count(*) FROM (${foundBefore}) AS found) < ${pageSize}`];
    tiers.push(`missing_${missing} AS MATERIALIZED (${candidatesWhere([...fewFoundBefore, `(${held.join(' OR ')})`])})`);
  }
  const order = 'ORDER BY e.score DESC, e.likeness DESC, e.words, e.search_name, e.firm_id';
  const sql = `WITH resemblance AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::int[], $3::real[]) AS resemblance(word, slot, resemblance)),
    ${tiers.join(', ')},
    candidates AS (${tiers.map((_, tier) => `SELECT * FROM missing_${tier}`).join(' UNION ')}),
    scored AS (
      SELECT found.firm_id, sum(found.best) AS score
      FROM (SELECT c.firm_id, max(r.resemblance) AS best FROM candidates c CROSS JOIN LATERAL unnest(c.search_words) AS held(word)
            JOIN resemblance r ON r.word = held.word GROUP BY c.firm_id, r.slot) AS found
      GROUP BY found.firm_id),
    best AS (
      SELECT c.firm_id, c.rating_id, c.search_name, c.search_words, s.score, cardinality(c.search_words) AS words
      FROM candidates c JOIN scored s ON s.firm_id = c.firm_id
      ORDER BY s.score DESC, words, c.search_name, c.firm_id LIMIT ${comparedLimit}),
    liked AS (
      SELECT e.*, similarity(array_to_string(e.search_words, ' '), (SELECT array_to_string(registry_search_words(registry_search_text($4)), ' '))) AS likeness
      FROM best e),
    page AS (SELECT * FROM liked e ${order} LIMIT ${pageSize})
    SELECT ${FIRM_COLUMNS}, ${RATING_COLUMNS} FROM page e JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id ${order}`;
  return { statement: namedFor('resembling', sql), values };
}
