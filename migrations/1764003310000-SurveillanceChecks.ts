import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Surveillance checks (README "Surveillance"): a smaller audit of one rating on the checklist items its
 * plan names, from a plan entry (yearly or, when drawn, unannounced) or from a report-triggered review
 * task, run by an auditor and decided by a reviewer who did not run it: maintain, suspend or revoke.
 * The database checks the people (an auditor outside the firm; a reviewer outside the firm who is not
 * the auditor), that results are given only for the check's items and only while it runs, and that a
 * decided check never changes.
 */
export class SurveillanceChecks1764003310000 implements MigrationInterface {
  name = 'SurveillanceChecks1764003310000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE surveillance_check (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        rating_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        kind text NOT NULL,
        plan_entry_id uuid,
        review_task_id uuid,
        item_codes text[] NOT NULL,
        auditor_id uuid NOT NULL,
        assigned_by_id uuid NOT NULL,
        assigned_at timestamptz NOT NULL,
        status text NOT NULL,
        proposed_outcome text,
        proposal_reasons text,
        proposed_at timestamptz,
        outcome text,
        decision_reasons text,
        decided_by_id uuid,
        decided_at timestamptz,
        CONSTRAINT pk_surveillance_check PRIMARY KEY (id),
        CONSTRAINT chk_surveillance_check_kind CHECK (kind IN ('yearly', 'unannounced', 'reports')),
        CONSTRAINT chk_surveillance_check_source CHECK ((kind = 'reports') = (review_task_id IS NOT NULL) AND (plan_entry_id IS NULL) = (review_task_id IS NOT NULL)),
        CONSTRAINT chk_surveillance_check_items CHECK (cardinality(item_codes) >= 1),
        CONSTRAINT chk_surveillance_check_status CHECK (status IN ('in_progress', 'proposed', 'decided')),
        CONSTRAINT chk_surveillance_check_proposal CHECK ((status IN ('proposed', 'decided')) = (proposed_outcome IS NOT NULL AND proposed_at IS NOT NULL AND proposal_reasons IS NOT NULL) AND (proposed_outcome IS NULL OR proposed_outcome IN ('maintain', 'suspend', 'revoke'))),
        CONSTRAINT chk_surveillance_check_decision CHECK ((status = 'decided') = (outcome IS NOT NULL AND decided_at IS NOT NULL AND decided_by_id IS NOT NULL AND decision_reasons IS NOT NULL) AND (outcome IS NULL OR outcome IN ('maintain', 'suspend', 'revoke'))),
        CONSTRAINT chk_surveillance_check_four_eyes CHECK (decided_by_id IS NULL OR decided_by_id <> auditor_id),
        CONSTRAINT fk_surveillance_check_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_plan_entry_id FOREIGN KEY (plan_entry_id) REFERENCES surveillance_plan_entry (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_review_task_id FOREIGN KEY (review_task_id) REFERENCES review_task (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_auditor_id FOREIGN KEY (auditor_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_assigned_by_id FOREIGN KEY (assigned_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_surveillance_check_decided_by_id FOREIGN KEY (decided_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    // One check of each kind per plan entry, one per review task.
    await db.query(`CREATE UNIQUE INDEX uq_surveillance_check_plan_entry_id_kind ON surveillance_check (plan_entry_id, kind) WHERE plan_entry_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX uq_surveillance_check_review_task_id ON surveillance_check (review_task_id) WHERE review_task_id IS NOT NULL`);
    await db.query(`CREATE INDEX idx_surveillance_check_auditor_id_status ON surveillance_check (auditor_id, status)`);
    await db.query(`CREATE INDEX idx_surveillance_check_rating_id ON surveillance_check (rating_id)`);
    await db.query(`
      CREATE TABLE surveillance_check_item (
        check_id uuid NOT NULL,
        item_code text NOT NULL,
        result text NOT NULL,
        note text,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT pk_surveillance_check_item PRIMARY KEY (check_id, item_code),
        CONSTRAINT chk_surveillance_check_item_result CHECK (result IN ('met', 'minor_nc', 'major_nc', 'not_applicable')),
        CONSTRAINT fk_surveillance_check_item_check_id FOREIGN KEY (check_id) REFERENCES surveillance_check (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    await db.query(`
      CREATE FUNCTION surveillance_check_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'surveillance checks are never deleted' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'UPDATE' THEN
          IF OLD.status = 'decided' THEN
            RAISE EXCEPTION 'surveillance check %: already decided', OLD.id USING ERRCODE = 'restrict_violation';
          END IF;
          IF NEW.rating_id <> OLD.rating_id OR NEW.firm_id <> OLD.firm_id OR NEW.kind <> OLD.kind OR NEW.auditor_id <> OLD.auditor_id
             OR NEW.plan_entry_id IS DISTINCT FROM OLD.plan_entry_id OR NEW.review_task_id IS DISTINCT FROM OLD.review_task_id OR NEW.item_codes <> OLD.item_codes THEN
            RAISE EXCEPTION 'surveillance check %: what is checked, and by whom, never changes', OLD.id USING ERRCODE = 'restrict_violation';
          END IF;
        END IF;
        IF (SELECT firm_id FROM rating WHERE id = NEW.rating_id) IS DISTINCT FROM NEW.firm_id
           OR (NEW.plan_entry_id IS NOT NULL AND (SELECT rating_id FROM surveillance_plan_entry WHERE id = NEW.plan_entry_id) IS DISTINCT FROM NEW.rating_id)
           OR (NEW.review_task_id IS NOT NULL AND (SELECT rating_id FROM review_task WHERE id = NEW.review_task_id) IS DISTINCT FROM NEW.rating_id) THEN
          RAISE EXCEPTION 'surveillance check: its rating, firm and source disagree' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.kind = 'unannounced' AND NOT (SELECT drawn FROM surveillance_plan_entry WHERE id = NEW.plan_entry_id) THEN
          RAISE EXCEPTION 'surveillance check: only a rating drawn in the plan has an unannounced check' USING ERRCODE = 'check_violation';
        END IF;
        IF (SELECT role FROM user_account WHERE id = NEW.auditor_id) IS DISTINCT FROM 'auditor'
           OR EXISTS (SELECT 1 FROM firm_member WHERE user_id = NEW.auditor_id AND firm_id = NEW.firm_id) THEN
          RAISE EXCEPTION 'surveillance check: user % may not run it', NEW.auditor_id USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.decided_by_id IS NOT NULL AND ((SELECT role FROM user_account WHERE id = NEW.decided_by_id) IS DISTINCT FROM 'reviewer'
           OR EXISTS (SELECT 1 FROM firm_member WHERE user_id = NEW.decided_by_id AND firm_id = NEW.firm_id)) THEN
          RAISE EXCEPTION 'surveillance check: user % may not decide it', NEW.decided_by_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_surveillance_check_guard BEFORE INSERT OR UPDATE OR DELETE ON surveillance_check FOR EACH ROW EXECUTE FUNCTION surveillance_check_guard()`);

    // Results only for the check's own items, only while it runs; kept once the check is proposed.
    await db.query(`
      CREATE FUNCTION surveillance_check_item_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        owner surveillance_check%ROWTYPE;
      BEGIN
        SELECT * INTO owner FROM surveillance_check WHERE id = (CASE TG_OP WHEN 'DELETE' THEN OLD.check_id ELSE NEW.check_id END);
        IF owner.status IS DISTINCT FROM 'in_progress' THEN
          RAISE EXCEPTION 'surveillance check %: results change only while it runs', owner.id USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        IF NOT NEW.item_code = ANY (owner.item_codes) THEN
          RAISE EXCEPTION 'surveillance check %: % is not one of its items', owner.id, NEW.item_code USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_surveillance_check_item_guard BEFORE INSERT OR UPDATE OR DELETE ON surveillance_check_item FOR EACH ROW EXECUTE FUNCTION surveillance_check_item_guard()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE surveillance_check_item`);
    await db.query(`DROP TABLE surveillance_check`);
    await db.query(`DROP FUNCTION surveillance_check_item_guard()`);
    await db.query(`DROP FUNCTION surveillance_check_guard()`);
  }
}
