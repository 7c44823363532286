import { CERTIFICATE_RENDER_QUEUE } from '@app/ratings';

/**
 * The reads behind `verify-invariants`: each returns only the rows that break an invariant, so a sound
 * database answers with empty results. Read-only.
 */

export interface CounterMismatchRow {
  readonly year: number;
  /** `certificate_counter.last_sequence`, null when the year has ratings but no counter row. */
  readonly counter: number | null;
  readonly issued: number;
  readonly highest: number | null;
}

export interface MissingNumberRow {
  readonly year: number;
  readonly sequence: number;
}

export interface SeveralCurrentRatingsRow {
  readonly vatNumber: string;
  readonly certificateNumbers: string[];
}

export interface CertificateProblemRow {
  readonly certificateNumber: string;
  readonly sha256: string | null;
  readonly blobStored: boolean;
  readonly blobIntact: boolean;
  /** The state of the rating's newest render job (pg-boss), or null when it has none. */
  readonly renderJob: string | null;
}

/** Years whose counter does not equal both the number of ratings and the highest sequence issued. */
export const COUNTER_MISMATCHES = `
  SELECT coalesce(c.year, r.year) AS year, c.last_sequence AS counter, coalesce(r.issued, 0)::int AS issued, r.highest
  FROM certificate_counter c
  FULL JOIN (SELECT certificate_year AS year, count(*) AS issued, max(certificate_sequence) AS highest FROM rating GROUP BY certificate_year) r
    ON r.year = c.year
  WHERE c.last_sequence IS DISTINCT FROM r.highest OR c.last_sequence IS DISTINCT FROM r.issued::int
  ORDER BY 1`;

/** Numbers the counter has handed out that no rating holds, first $1 of them. */
export const MISSING_NUMBERS = `
  SELECT c.year, s.sequence
  FROM certificate_counter c CROSS JOIN LATERAL generate_series(1, c.last_sequence) AS s(sequence)
  WHERE NOT EXISTS (SELECT 1 FROM rating r WHERE r.certificate_year = c.year AND r.certificate_sequence = s.sequence)
  ORDER BY c.year, s.sequence
  LIMIT $1`;

/** Firms with more than one rating in force (`active` or `suspended`), which the unique index forbids. */
export const SEVERAL_CURRENT_RATINGS = `
  SELECT f.vat_number AS "vatNumber", array_agg(r.certificate_number ORDER BY r.certificate_number) AS "certificateNumbers"
  FROM rating r JOIN firm f ON f.id = r.firm_id
  WHERE r.status IN ('active', 'suspended')
  GROUP BY f.id, f.vat_number HAVING count(*) > 1
  ORDER BY f.vat_number`;

const certificateProblems = (renderJob: string) => `
  SELECT r.certificate_number AS "certificateNumber", r.certificate_sha256 AS sha256,
         b.sha256 IS NOT NULL AS "blobStored",
         coalesce(encode(sha256(b.bytes), 'hex') = b.sha256, false) AS "blobIntact",
         ${renderJob} AS "renderJob"
  FROM rating r LEFT JOIN stored_blob b ON b.sha256 = r.certificate_sha256
  WHERE r.certificate_sha256 IS NULL OR b.sha256 IS NULL OR encode(sha256(b.bytes), 'hex') <> b.sha256
  ORDER BY r.certificate_number`;

/** Whether pg-boss has created its job table here (it does when an API or worker first starts). */
export const HAS_JOB_TABLE = `SELECT to_regclass('pgboss.job') IS NOT NULL AS "hasJobTable"`;

/** Ratings without their PDF, or whose PDF is missing or altered in storage, with their render job's state. */
export const CERTIFICATE_PROBLEMS = certificateProblems(
  `(SELECT j.state::text FROM pgboss.job j WHERE j.name = '${CERTIFICATE_RENDER_QUEUE}' AND j.data->>'ratingId' = r.id::text ORDER BY j.created_on DESC LIMIT 1)`,
);

/** The same, on a database where no render job was ever queued. */
export const CERTIFICATE_PROBLEMS_WITHOUT_JOBS = certificateProblems('NULL::text');
