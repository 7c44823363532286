import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Applications and the firm's self-assessment answers. A firm has at most one open application
 * (a unique partial index); states and their dates are checked; answers can change only while
 * their application is a draft (a trigger), so submitting freezes them.
 *
 * checklist_version_id has no foreign key yet: the checklist's own migration runs after this one.
 */
export class Applications1764000210000 implements MigrationInterface {
  name = 'Applications1764000210000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE application (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        firm_id uuid NOT NULL,
        checklist_version_id uuid NOT NULL,
        state text NOT NULL,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        audit_started_at timestamptz,
        decided_at timestamptz,
        withdrawn_at timestamptz,
        CONSTRAINT pk_application PRIMARY KEY (id),
        CONSTRAINT chk_application_state CHECK (state IN ('draft', 'submitted', 'in_audit', 'decided', 'withdrawn')),
        CONSTRAINT chk_application_outcome CHECK ((state = 'decided' AND outcome IN ('approved', 'refused') AND decided_at IS NOT NULL) OR (state <> 'decided' AND outcome IS NULL)),
        CONSTRAINT chk_application_submitted_at CHECK (state IN ('draft', 'withdrawn') OR submitted_at IS NOT NULL),
        CONSTRAINT fk_application_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_application_open_per_firm ON application (firm_id) WHERE state IN ('draft', 'submitted', 'in_audit')`);
    await db.query(`CREATE INDEX idx_application_firm_id_created_at ON application (firm_id, created_at)`);

    await db.query(`
      CREATE TABLE application_answer (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        item_code text NOT NULL,
        compliance text NOT NULL,
        statement text NOT NULL,
        answered_at timestamptz NOT NULL,
        CONSTRAINT pk_application_answer PRIMARY KEY (id),
        CONSTRAINT uq_application_answer_application_id_item_code UNIQUE (application_id, item_code),
        CONSTRAINT chk_application_answer_compliance CHECK (compliance IN ('compliant', 'non_compliant', 'not_applicable')),
        CONSTRAINT chk_application_answer_item_code CHECK (item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'),
        CONSTRAINT fk_application_answer_application_id FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    // What the firm attached or answered is frozen once the application leaves draft.
    await db.query(`
      CREATE FUNCTION application_refuse_unless_draft() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        target uuid;
        current_state text;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          target := OLD.application_id;
        ELSE
          target := NEW.application_id;
        END IF;
        SELECT state INTO current_state FROM application WHERE id = target;
        IF current_state IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION 'application % is %: its answers and evidence are frozen', target, current_state USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER trg_application_answer_draft_only BEFORE INSERT OR UPDATE OR DELETE ON application_answer
      FOR EACH ROW EXECUTE FUNCTION application_refuse_unless_draft()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE application_answer`);
    await db.query(`DROP FUNCTION application_refuse_unless_draft()`);
    await db.query(`DROP TABLE application`);
  }
}
