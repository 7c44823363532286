import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public event's leaf is appended by the history row's own INSERT (README "Transparency log"), instead
 * of by an application listener that read the rating's facts and then inserted the leaf: two more round
 * trips inside every public decision, about 1 ms of a 7 ms decision, three times the 5 % allowed. The
 * trigger runs in the same statement as the event, so the leaf still commits with it or not at all, and
 * names its event by `NEW.seq` rather than by the newest one.
 *
 * `transparency_leaf_entry` is the SQL twin of `encodeLogEntry` (libs/transparency/src/log-entry.ts),
 * canonical JSON of the fields given: keys in code-point order, no whitespace, strings escaped as
 * JSON.stringify does (PostgreSQL's `to_json(text)` escapes the same characters the same way), times as
 * `YYYY-MM-DDTHH:mm:ss.sssZ`. A property test (test/integration/transparency/transparency-leaf-sql.int-spec.ts)
 * holds the two byte for byte on both databases; the JS encoder stays the one monitors decode with.
 */
export class TransparencyLeafFromHistory1764003530000 implements MigrationInterface {
  name = 'TransparencyLeafFromHistory1764003530000';

  async up(db: QueryRunner): Promise<void> {
    // Milliseconds, truncated as a JavaScript Date holds them; every time the log carries is written by the application, in milliseconds.
    await db.query(`
      CREATE FUNCTION transparency_leaf_time(value timestamptz) RETURNS text
      LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
        SELECT '"' || to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
      $$`);
    // The parameters are every field of every kind, in the keys' code-point order; a NULL field is left out (concat_ws skips it).
    await db.query(`
      CREATE FUNCTION transparency_leaf_entry(
        kind text, event_time timestamptz, certificate_number text, checklist_version text, deadline timestamptz, legal_name text,
        pdf_sha256 text, reason text, renews text, superseded_by text, valid_from timestamptz, valid_until timestamptz, vat_number text
      ) RETURNS bytea
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT convert_to('{' || concat_ws(',',
          '"certificateNumber":' || to_json(certificate_number)::text,
          '"checklistVersion":' || to_json(checklist_version)::text,
          '"deadline":' || transparency_leaf_time(deadline),
          '"kind":' || to_json(kind)::text,
          '"legalName":' || to_json(legal_name)::text,
          '"pdfSha256":' || to_json(pdf_sha256)::text,
          '"reason":' || to_json(reason)::text,
          '"renews":' || to_json(renews)::text,
          '"supersededBy":' || to_json(superseded_by)::text,
          '"time":' || transparency_leaf_time(event_time),
          '"v":1',
          '"validFrom":' || transparency_leaf_time(valid_from),
          '"validUntil":' || transparency_leaf_time(valid_until),
          '"vatNumber":' || to_json(vat_number)::text
        ) || '}', 'UTF8')
      $$`);

    // Which fields each kind publishes and where its time comes from: the rating row as the event left it.
    await db.query(`
      CREATE FUNCTION transparency_leaf_from_history() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        facts record;
        missing boolean;
        entry bytea;
      BEGIN
        SELECT r.certificate_number, f.vat_number, f.legal_name, r.checklist_version, r.issued_at, r.valid_from, r.valid_until,
               (SELECT previous.certificate_number FROM rating previous WHERE previous.superseded_by_id = r.id) AS renews,
               r.suspended_at, r.suspension_deadline, r.ended_at, r.revocation_reason, r.suspension_reason, r.certificate_sha256,
               next.certificate_number AS superseded_by,
               -- The registry publishes a reinstatement with its event's time; the firm's index finds it among a few rows.
               CASE WHEN NEW.action = 'rating.reinstated' THEN
                 (SELECT e.occurred_at FROM rating_event e WHERE e.firm_id = r.firm_id AND e.rating_id = r.id AND e.kind = 'reinstated' ORDER BY e.id DESC LIMIT 1)
               END AS reinstated_at
          INTO STRICT facts
          FROM rating r JOIN firm f ON f.id = r.firm_id LEFT JOIN rating next ON next.id = r.superseded_by_id
         WHERE r.id = NEW.entity_id::uuid;
        missing := CASE NEW.action
          WHEN 'rating.renewed' THEN facts.renews IS NULL
          WHEN 'rating.certificate_attached' THEN facts.certificate_sha256 IS NULL
          WHEN 'rating.suspended' THEN facts.suspension_reason IS NULL OR facts.suspension_deadline IS NULL
          WHEN 'rating.reinstated' THEN facts.reinstated_at IS NULL
          WHEN 'rating.revoked' THEN facts.revocation_reason IS NULL
          WHEN 'rating.superseded' THEN facts.superseded_by IS NULL
          ELSE false
        END;
        IF missing THEN
          RAISE EXCEPTION 'Rating %: % without the fact its leaf publishes', NEW.entity_id, NEW.action USING ERRCODE = 'not_null_violation';
        END IF;
        entry := CASE NEW.action
          WHEN 'rating.issued' THEN transparency_leaf_entry(NEW.action, facts.issued_at, facts.certificate_number, facts.checklist_version, NULL, facts.legal_name,
            NULL, NULL, NULL, NULL, facts.valid_from, facts.valid_until, facts.vat_number)
          WHEN 'rating.renewed' THEN transparency_leaf_entry(NEW.action, facts.issued_at, facts.certificate_number, facts.checklist_version, NULL, facts.legal_name,
            NULL, NULL, facts.renews, NULL, facts.valid_from, facts.valid_until, facts.vat_number)
          -- No registry event: the time the history recorded it.
          WHEN 'rating.certificate_attached' THEN transparency_leaf_entry(NEW.action, NEW.occurred_at, facts.certificate_number, NULL, NULL, NULL,
            facts.certificate_sha256, NULL, NULL, NULL, NULL, NULL, NULL)
          WHEN 'rating.suspended' THEN transparency_leaf_entry(NEW.action, coalesce(facts.suspended_at, NEW.occurred_at), facts.certificate_number, NULL, facts.suspension_deadline, NULL,
            NULL, facts.suspension_reason, NULL, NULL, NULL, NULL, NULL)
          WHEN 'rating.reinstated' THEN transparency_leaf_entry(NEW.action, facts.reinstated_at, facts.certificate_number, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL)
          WHEN 'rating.revoked' THEN transparency_leaf_entry(NEW.action, coalesce(facts.ended_at, NEW.occurred_at), facts.certificate_number, NULL, NULL, NULL,
            NULL, facts.revocation_reason, NULL, NULL, NULL, NULL, NULL)
          -- An expiry's time is the end of validity, whenever the lapse recorder gets to it.
          WHEN 'rating.expired' THEN transparency_leaf_entry(NEW.action, coalesce(facts.ended_at, facts.valid_until), facts.certificate_number, NULL, NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL)
          WHEN 'rating.superseded' THEN transparency_leaf_entry(NEW.action, coalesce(facts.ended_at, NEW.occurred_at), facts.certificate_number, NULL, NULL, NULL,
            NULL, NULL, NULL, facts.superseded_by, NULL, NULL, NULL)
        END;
        INSERT INTO transparency_leaf (entry, kind, certificate_number, history_seq) VALUES (entry, NEW.action, facts.certificate_number, NEW.seq);
        RETURN NULL;
      END
      $$`);
    // The WHEN clause keeps every other event free of the call.
    await db.query(`
      CREATE TRIGGER trg_history_transparency_leaf AFTER INSERT ON history FOR EACH ROW
      WHEN (NEW.entity_type = 'rating' AND NEW.action IN ('rating.issued', 'rating.renewed', 'rating.certificate_attached', 'rating.suspended',
                                                           'rating.reinstated', 'rating.revoked', 'rating.expired', 'rating.superseded'))
      EXECUTE FUNCTION transparency_leaf_from_history()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_history_transparency_leaf ON history`);
    await db.query(`DROP FUNCTION transparency_leaf_from_history()`);
    await db.query(`DROP FUNCTION transparency_leaf_entry(text, timestamptz, text, text, timestamptz, text, text, text, text, text, timestamptz, timestamptz, text)`);
    await db.query(`DROP FUNCTION transparency_leaf_time(timestamptz)`);
  }
}
