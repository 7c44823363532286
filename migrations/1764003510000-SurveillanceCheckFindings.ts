import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Findings of a surveillance check (README "Surveillance"): a non-conformity the auditor raises on one
 * of the check's items while it runs, with the corrective action the firm owes and its due date. Its
 * own table because `audit_finding` belongs to an audit. The database refuses a finding on another
 * item or once the check is proposed, and any change or deletion: a finding stays as raised.
 */
export class SurveillanceCheckFindings1764003510000 implements MigrationInterface {
  name = 'SurveillanceCheckFindings1764003510000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE surveillance_check_finding (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        check_id uuid NOT NULL,
        item_code text NOT NULL,
        severity text NOT NULL,
        description text NOT NULL,
        corrective_action text NOT NULL,
        due_on date NOT NULL,
        raised_by_id uuid NOT NULL,
        raised_at timestamptz NOT NULL,
        CONSTRAINT pk_surveillance_check_finding PRIMARY KEY (id),
        CONSTRAINT chk_surveillance_check_finding_severity CHECK (severity IN ('minor', 'major')),
        CONSTRAINT fk_surveillance_check_finding_check_id FOREIGN KEY (check_id) REFERENCES surveillance_check (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_finding_raised_by_id FOREIGN KEY (raised_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_surveillance_check_finding_check_id ON surveillance_check_finding (check_id)`);
    await db.query(`
      CREATE FUNCTION surveillance_check_finding_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        owner surveillance_check%ROWTYPE;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'surveillance check findings never change' USING ERRCODE = 'restrict_violation';
        END IF;
        SELECT * INTO owner FROM surveillance_check WHERE id = NEW.check_id;
        IF owner.status IS DISTINCT FROM 'in_progress' THEN
          RAISE EXCEPTION 'surveillance check %: findings are raised only while it runs', owner.id USING ERRCODE = 'restrict_violation';
        END IF;
        IF NOT NEW.item_code = ANY (owner.item_codes) OR NEW.raised_by_id <> owner.auditor_id THEN
          RAISE EXCEPTION 'surveillance check %: a finding is raised by its auditor on one of its items', owner.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_surveillance_check_finding_guard BEFORE INSERT OR UPDATE OR DELETE ON surveillance_check_finding FOR EACH ROW EXECUTE FUNCTION surveillance_check_finding_guard()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE surveillance_check_finding`);
    await db.query(`DROP FUNCTION surveillance_check_finding_guard()`);
  }
}
