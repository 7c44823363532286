import { CERTIFICATE_RENDER_QUEUE } from '@app/ratings';

/**
 * Reads of pg-boss's own job table (`pgboss.job`, the schema JobQueue leaves at pg-boss's default) for
 * the certificate render queue. A render job names its rating in `data.ratingId`.
 */

export interface OrphanedRenderRow {
  readonly ratingId: string;
  readonly certificateNumber: string;
}

/**
 * Ratings still without their PDF whose render job has been `active` (fetched by some process) for at
 * least $1 seconds: a process that fetched it and died leaves it so until pg-boss expires it.
 */
export const ORPHANED_RENDERS = `
  SELECT r.id AS "ratingId", r.certificate_number AS "certificateNumber"
  FROM pgboss.job j JOIN rating r ON r.id::text = j.data->>'ratingId'
  WHERE j.name = '${CERTIFICATE_RENDER_QUEUE}' AND j.state = 'active'
    AND j.started_on <= now() - make_interval(secs => $1)
    AND r.certificate_sha256 IS NULL
  ORDER BY j.started_on
  LIMIT $2`;
