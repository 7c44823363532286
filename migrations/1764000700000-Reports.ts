import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `('unwanted_call', 'aggressive_selling', 'opposition_register_ignored', 'operator_location_refused', 'other')`;
const TRANSITIONS = `(('new', 'forwarded_to_firm'), ('new', 'closed'), ('new', 'dismissed'), ('forwarded_to_firm', 'answered'), ('forwarded_to_firm', 'closed'), ('forwarded_to_firm', 'dismissed'), ('answered', 'closed'), ('answered', 'dismissed'))`;

/**
 * Consumer reports (segnalazioni) and the steps of their handling. Duplicates collapse on a unique
 * index; the database refuses illegal status changes and deletions, and every step's pair of statuses
 * is checked against the same transition map as the service's.
 */
export class Reports1764000700000 implements MigrationInterface {
  name = 'Reports1764000700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE consumer_report (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        e164 text NOT NULL,
        firm_id uuid,
        called_at timestamptz NOT NULL,
        call_day date NOT NULL,
        kind text NOT NULL,
        description text,
        reporter_email text,
        reporter_key text,
        contact_consent_text text,
        duplicate_count integer NOT NULL DEFAULT 0,
        received_at timestamptz NOT NULL,
        last_submitted_at timestamptz NOT NULL,
        status text NOT NULL,
        substantiated boolean,
        forwarded_at timestamptz,
        answer_due_at timestamptz,
        firm_answer text,
        answered_at timestamptz,
        answered_by_id uuid,
        finished_at timestamptz,
        personal_data_purged_at timestamptz,
        CONSTRAINT pk_consumer_report PRIMARY KEY (id),
        CONSTRAINT uq_consumer_report_reference UNIQUE (reference),
        CONSTRAINT chk_consumer_report_reference CHECK (reference ~ '^SGN-[0-9A-HJKMNP-TV-Z]{10}$'),
        CONSTRAINT chk_consumer_report_e164 CHECK (e164 ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT chk_consumer_report_kind CHECK (kind IN ${KINDS}),
        CONSTRAINT chk_consumer_report_status CHECK (status IN ('new', 'forwarded_to_firm', 'answered', 'closed', 'dismissed')),
        CONSTRAINT chk_consumer_report_description CHECK (char_length(description) BETWEEN 1 AND 2000),
        CONSTRAINT chk_consumer_report_duplicate_count CHECK (duplicate_count >= 0),
        CONSTRAINT chk_consumer_report_consent CHECK (contact_consent_text IS NULL OR reporter_email IS NOT NULL),
        CONSTRAINT chk_consumer_report_substantiated CHECK ((status = 'closed') = (substantiated IS NOT NULL)),
        CONSTRAINT chk_consumer_report_finished CHECK ((status IN ('closed', 'dismissed')) = (finished_at IS NOT NULL)),
        CONSTRAINT chk_consumer_report_forwarded CHECK ((forwarded_at IS NULL) = (answer_due_at IS NULL) AND (forwarded_at IS NULL OR firm_id IS NOT NULL)),
        CONSTRAINT chk_consumer_report_in_firm_hands CHECK (status NOT IN ('forwarded_to_firm', 'answered') OR forwarded_at IS NOT NULL),
        CONSTRAINT chk_consumer_report_answered CHECK ((answered_at IS NULL) = (answered_by_id IS NULL) AND (status <> 'answered' OR answered_at IS NOT NULL)),
        CONSTRAINT chk_consumer_report_purged CHECK (personal_data_purged_at IS NULL OR (reporter_email IS NULL AND reporter_key IS NULL AND contact_consent_text IS NULL AND description IS NULL)),
        CONSTRAINT fk_consumer_report_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_consumer_report_answered_by_id FOREIGN KEY (answered_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_consumer_report_duplicate ON consumer_report (e164, reporter_key, call_day)`);
    await db.query(`CREATE INDEX idx_consumer_report_firm_id_called_at ON consumer_report (firm_id, called_at)`);
    await db.query(`CREATE INDEX idx_consumer_report_status_received_at ON consumer_report (status, received_at)`);
    await db.query(`CREATE INDEX idx_consumer_report_retention ON consumer_report (received_at) WHERE personal_data_purged_at IS NULL`);

    await db.query(`
      CREATE FUNCTION consumer_report_guard_update() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id <> OLD.id OR NEW.reference <> OLD.reference OR NEW.e164 <> OLD.e164 OR NEW.called_at <> OLD.called_at
           OR NEW.firm_id IS DISTINCT FROM OLD.firm_id OR NEW.received_at <> OLD.received_at THEN
          RAISE EXCEPTION 'report %: what was reported never changes', OLD.reference USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.status <> OLD.status AND (OLD.status, NEW.status) NOT IN ${TRANSITIONS} THEN
          RAISE EXCEPTION 'report %: illegal transition from % to %', OLD.reference, OLD.status, NEW.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_consumer_report_guard_update BEFORE UPDATE ON consumer_report FOR EACH ROW EXECUTE FUNCTION consumer_report_guard_update()`);
    await db.query(`
      CREATE FUNCTION consumer_report_refuse_delete() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'consumer reports are never deleted: their personal data is erased, the statistic stays' USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_consumer_report_refuse_delete BEFORE DELETE ON consumer_report FOR EACH ROW EXECUTE FUNCTION consumer_report_refuse_delete()`);

    await db.query(`
      CREATE TABLE consumer_report_transition (
        id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        report_id uuid NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        substantiated boolean,
        note text,
        actor_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        CONSTRAINT pk_consumer_report_transition PRIMARY KEY (id),
        CONSTRAINT chk_consumer_report_transition_allowed CHECK ((from_status, to_status) IN ${TRANSITIONS}),
        CONSTRAINT chk_consumer_report_transition_substantiated CHECK ((to_status = 'closed') = (substantiated IS NOT NULL)),
        CONSTRAINT fk_consumer_report_transition_report_id FOREIGN KEY (report_id) REFERENCES consumer_report (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_consumer_report_transition_actor_id FOREIGN KEY (actor_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_consumer_report_transition_report_id ON consumer_report_transition (report_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE consumer_report_transition`);
    await db.query(`DROP TABLE consumer_report`);
    await db.query(`DROP FUNCTION consumer_report_refuse_delete()`);
    await db.query(`DROP FUNCTION consumer_report_guard_update()`);
  }
}
