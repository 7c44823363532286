import { effectiveRatingStatusSql } from '@app/ratings';
import type { EntityManager } from 'typeorm';

/** What the plan reads about each active rating to weigh its risk (README "Surveillance"). */
export interface RatingRiskFacts {
  readonly ratingId: string;
  readonly firmId: string;
  readonly substantiatedReports: number;
  readonly minorFindings: number;
  /** Countries of the firm's operating sites open now. */
  readonly siteCountries: string[];
  readonly numbersAddedSinceDecision: number;
  /** The last decided surveillance check of the rating, or its issue when it has had none. */
  readonly lastCheckAt: Date;
}

/**
 * Every rating active at `now`, with the facts its risk weight is made of, in one query: reports
 * closed as substantiated since the rating was issued, minor findings of the audit that obtained it,
 * open sites, numbers declared after its decision.
 */
export function activeRatingRiskFacts(manager: EntityManager, now: Date): Promise<RatingRiskFacts[]> {
  return manager.query<RatingRiskFacts[]>(
    `SELECT r.id AS "ratingId", r.firm_id AS "firmId",
       (SELECT count(*)::int FROM consumer_report c
        WHERE c.firm_id = r.firm_id AND c.status = 'closed' AND c.substantiated AND c.called_at >= r.issued_at) AS "substantiatedReports",
       (SELECT count(*)::int FROM audit_finding f JOIN audit a ON a.id = f.audit_id
        WHERE a.application_id = r.application_id AND f.severity = 'minor') AS "minorFindings",
       ARRAY(SELECT s.country FROM operating_site s WHERE s.firm_id = r.firm_id AND s.closed_at IS NULL ORDER BY s.country) AS "siteCountries",
       (SELECT count(*)::int FROM calling_number n WHERE n.firm_id = r.firm_id AND n.declared_at > r.issued_at) AS "numbersAddedSinceDecision",
       COALESCE((SELECT max(k.decided_at) FROM surveillance_check k WHERE k.rating_id = r.id AND k.status = 'decided'), r.issued_at) AS "lastCheckAt"
     FROM rating r
     WHERE ${effectiveRatingStatusSql('r', '$1')} = 'active'
     ORDER BY r.id`,
    [now],
  );
}
