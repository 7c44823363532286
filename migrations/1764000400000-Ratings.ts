import { MigrationInterface, QueryRunner } from 'typeorm';

const REASONS = `('irregularities', 'new_definitive_sanction', 'false_declarations', 'failed_surveillance', 'firm_request')`;

/**
 * Ratings, their public timeline, the gapless certificate counter and revocation reviews.
 * The database enforces the lifecycle too: one current rating per firm, legal transitions only,
 * and facts of issue (number, firm, dates, certificate hash once set) never change.
 */
export class Ratings1764000400000 implements MigrationInterface {
  name = 'Ratings1764000400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rating (
        id uuid NOT NULL,
        firm_id uuid NOT NULL,
        application_id uuid NOT NULL,
        decided_by_id uuid NOT NULL,
        certificate_number text NOT NULL,
        certificate_year integer NOT NULL,
        certificate_sequence integer NOT NULL,
        checklist_version text NOT NULL,
        status text NOT NULL,
        issued_at timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        suspended_at timestamptz,
        suspension_deadline timestamptz,
        suspension_reason text,
        ended_at timestamptz,
        revocation_reason text,
        public_note text,
        superseded_by_id uuid,
        certificate_sha256 text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_rating PRIMARY KEY (id),
        CONSTRAINT uq_rating_certificate_number UNIQUE (certificate_number),
        CONSTRAINT uq_rating_certificate_year_certificate_sequence UNIQUE (certificate_year, certificate_sequence),
        CONSTRAINT uq_rating_application_id UNIQUE (application_id),
        CONSTRAINT chk_rating_status CHECK (status IN ('active', 'suspended', 'revoked', 'expired')),
        CONSTRAINT chk_rating_validity CHECK (valid_until > issued_at),
        CONSTRAINT chk_rating_suspension CHECK ((status = 'suspended') = (suspended_at IS NOT NULL AND suspension_deadline IS NOT NULL)),
        CONSTRAINT chk_rating_revocation CHECK ((status = 'revoked') = (revocation_reason IS NOT NULL)),
        CONSTRAINT chk_rating_ended CHECK ((status IN ('revoked', 'expired')) = (ended_at IS NOT NULL)),
        CONSTRAINT chk_rating_revocation_reason CHECK (revocation_reason IS NULL OR revocation_reason IN ${REASONS}),
        CONSTRAINT chk_rating_suspension_reason CHECK (suspension_reason IS NULL OR suspension_reason IN ${REASONS}),
        CONSTRAINT fk_rating_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_rating_application_id FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_rating_decided_by_id FOREIGN KEY (decided_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_rating_superseded_by_id FOREIGN KEY (superseded_by_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_rating_certificate_sha256 FOREIGN KEY (certificate_sha256) REFERENCES stored_blob (sha256) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_rating_firm_current ON rating (firm_id) WHERE status IN ('active', 'suspended')`);
    await db.query(`CREATE INDEX idx_rating_firm_id_issued_at ON rating (firm_id, issued_at)`);

    await db.query(`
      CREATE FUNCTION rating_guard_update() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id <> OLD.id OR NEW.firm_id <> OLD.firm_id OR NEW.application_id <> OLD.application_id
           OR NEW.certificate_number <> OLD.certificate_number OR NEW.issued_at <> OLD.issued_at
           OR NEW.valid_until <> OLD.valid_until OR NEW.decided_by_id <> OLD.decided_by_id THEN
          RAISE EXCEPTION 'rating %: the facts of issue never change', OLD.certificate_number USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.certificate_sha256 IS NOT NULL AND NEW.certificate_sha256 IS DISTINCT FROM OLD.certificate_sha256 THEN
          RAISE EXCEPTION 'rating %: an issued certificate never changes', OLD.certificate_number USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.status <> OLD.status AND NOT (
             (OLD.status = 'active' AND NEW.status IN ('suspended', 'revoked', 'expired'))
          OR (OLD.status = 'suspended' AND NEW.status IN ('active', 'revoked', 'expired'))
        ) THEN
          RAISE EXCEPTION 'rating %: illegal transition from % to %', OLD.certificate_number, OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_rating_guard_update BEFORE UPDATE ON rating FOR EACH ROW EXECUTE FUNCTION rating_guard_update()`);
    await db.query(`
      CREATE FUNCTION rating_refuse_delete() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ratings are never deleted: revoke instead' USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_rating_refuse_delete BEFORE DELETE ON rating FOR EACH ROW EXECUTE FUNCTION rating_refuse_delete()`);

    await db.query(`
      CREATE TABLE rating_event (
        id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        rating_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        kind text NOT NULL,
        occurred_at timestamptz NOT NULL,
        reason text,
        public_note text,
        CONSTRAINT pk_rating_event PRIMARY KEY (id),
        CONSTRAINT chk_rating_event_kind CHECK (kind IN ('issued', 'suspended', 'reinstated', 'revoked', 'expired', 'superseded')),
        CONSTRAINT fk_rating_event_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_rating_event_firm_id_occurred_at ON rating_event (firm_id, occurred_at)`);
    await db.query(`CREATE INDEX idx_rating_event_occurred_at ON rating_event (occurred_at)`);

    await db.query(`
      CREATE TABLE certificate_counter (
        year integer NOT NULL,
        last_sequence integer NOT NULL,
        CONSTRAINT pk_certificate_counter PRIMARY KEY (year),
        CONSTRAINT chk_certificate_counter_last_sequence CHECK (last_sequence > 0 AND last_sequence <= 999999)
      )`);

    await db.query(`
      CREATE TABLE review_task (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        rating_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        kind text NOT NULL,
        source_ref text NOT NULL,
        summary text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by_id uuid,
        outcome text,
        note text,
        CONSTRAINT pk_review_task PRIMARY KEY (id),
        CONSTRAINT chk_review_task_kind CHECK (kind IN ('sanction', 'surveillance')),
        CONSTRAINT chk_review_task_outcome CHECK ((closed_at IS NULL) = (outcome IS NULL) AND (outcome IS NULL OR outcome IN ('revoked', 'suspended', 'no_action'))),
        CONSTRAINT fk_review_task_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_review_task_closed_by_id FOREIGN KEY (closed_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_review_task_open ON review_task (rating_id, kind, source_ref) WHERE closed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE review_task`);
    await db.query(`DROP TABLE certificate_counter`);
    await db.query(`DROP TABLE rating_event`);
    await db.query(`DROP TABLE rating`);
    await db.query(`DROP FUNCTION rating_refuse_delete()`);
    await db.query(`DROP FUNCTION rating_guard_update()`);
  }
}
