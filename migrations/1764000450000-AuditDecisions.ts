import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reviewers' decisions on audits (after the ratings, which an approval issues). One decision per
 * audit, never changed. Four-eyes is enforced here as well as in the service: the decider is not
 * the audit's auditor (CHECK) and not a member of the audited firm (trigger). A decision needs a
 * proposed audit, and an audit cannot be marked decided without its decision (checked at commit).
 */
export class AuditDecisions1764000450000 implements MigrationInterface {
  name = 'AuditDecisions1764000450000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_decision (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        audit_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        auditor_id uuid NOT NULL,
        decided_by_id uuid NOT NULL,
        outcome text NOT NULL,
        reasons text,
        rating_id uuid,
        sanction_criterion jsonb NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT pk_audit_decision PRIMARY KEY (id),
        CONSTRAINT uq_audit_decision_audit_id UNIQUE (audit_id),
        CONSTRAINT uq_audit_decision_rating_id UNIQUE (rating_id),
        CONSTRAINT chk_audit_decision_four_eyes CHECK (decided_by_id <> auditor_id),
        CONSTRAINT chk_audit_decision_outcome CHECK ((outcome = 'approved' AND rating_id IS NOT NULL) OR (outcome = 'refused' AND rating_id IS NULL AND reasons IS NOT NULL)),
        CONSTRAINT fk_audit_decision_audit_id FOREIGN KEY (audit_id) REFERENCES audit (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_decision_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_decision_auditor_id FOREIGN KEY (auditor_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_decision_decided_by_id FOREIGN KEY (decided_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_decision_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    await db.query(`
      CREATE FUNCTION audit_decision_check() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        decided audit%ROWTYPE;
        decider_role text;
      BEGIN
        SELECT * INTO decided FROM audit WHERE id = NEW.audit_id FOR UPDATE;
        IF decided.status IS DISTINCT FROM 'proposed' THEN
          RAISE EXCEPTION 'audit % is %: only a proposed audit is decided', NEW.audit_id, decided.status USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.auditor_id <> decided.auditor_id OR NEW.firm_id <> decided.firm_id THEN
          RAISE EXCEPTION 'the decision on audit % must name the audit''s own auditor and firm', NEW.audit_id USING ERRCODE = 'check_violation';
        END IF;
        SELECT role INTO decider_role FROM user_account WHERE id = NEW.decided_by_id;
        IF decider_role IS DISTINCT FROM 'reviewer' THEN
          RAISE EXCEPTION 'user % is not a reviewer and cannot decide', NEW.decided_by_id USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM firm_member WHERE user_id = NEW.decided_by_id AND firm_id = NEW.firm_id) THEN
          RAISE EXCEPTION 'four-eyes: user % belongs to the audited firm and cannot decide on it', NEW.decided_by_id USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.rating_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rating WHERE id = NEW.rating_id AND application_id = decided.application_id) THEN
          RAISE EXCEPTION 'rating % was not issued on the application of audit %', NEW.rating_id, NEW.audit_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_audit_decision_check BEFORE INSERT ON audit_decision FOR EACH ROW EXECUTE FUNCTION audit_decision_check()`);

    await db.query(`
      CREATE FUNCTION audit_decision_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a decision is final: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_audit_decision_immutable BEFORE UPDATE OR DELETE ON audit_decision FOR EACH ROW EXECUTE FUNCTION audit_decision_refuse_change()`);

    await db.query(`
      CREATE FUNCTION audit_decided_has_decision() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM audit_decision WHERE audit_id = NEW.id) THEN
          RAISE EXCEPTION 'audit % is marked decided without a decision', NEW.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER trg_audit_decided_has_decision AFTER UPDATE ON audit
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'decided')
      EXECUTE FUNCTION audit_decided_has_decision()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_audit_decided_has_decision ON audit`);
    await db.query(`DROP FUNCTION audit_decided_has_decision()`);
    await db.query(`DROP TABLE audit_decision`);
    await db.query(`DROP FUNCTION audit_decision_refuse_change()`);
    await db.query(`DROP FUNCTION audit_decision_check()`);
  }
}
