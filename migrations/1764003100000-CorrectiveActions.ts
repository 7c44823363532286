import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The follow-up of each finding's corrective action (README "Findings and corrective actions"): a
 * due date (a Rome day), the firm's answer with documents, and the auditor's acceptance or reopening.
 * A table of its own rather than columns on `audit_finding`, because the finding is frozen with its
 * audit's decision while the follow-up goes on after it. Triggers allow only the lifecycle's
 * transitions, freeze an accepted action, and take documents only while the firm has to answer.
 * An overdue major finding opens one review task, once for ever (unique on its source).
 */
export class CorrectiveActions1764003100000 implements MigrationInterface {
  name = 'CorrectiveActions1764003100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_corrective_action (
        finding_id uuid NOT NULL,
        due_on date NOT NULL,
        state text NOT NULL,
        answer text,
        answered_by_id uuid,
        answered_at timestamptz,
        review_reason text,
        reviewed_by_id uuid,
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_audit_corrective_action PRIMARY KEY (finding_id),
        CONSTRAINT chk_audit_corrective_action_state CHECK (state IN ('open', 'answered', 'accepted', 'reopened')),
        CONSTRAINT chk_audit_corrective_action_answer CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by_id IS NULL) AND (state = 'open') = (answer IS NULL)),
        CONSTRAINT chk_audit_corrective_action_review CHECK ((reviewed_at IS NULL) = (reviewed_by_id IS NULL) AND (state <> 'open' OR reviewed_at IS NULL) AND (state NOT IN ('accepted', 'reopened') OR reviewed_at IS NOT NULL) AND (state <> 'reopened' OR review_reason IS NOT NULL) AND (state <> 'answered' OR reviewed_at IS NULL OR answered_at >= reviewed_at)),
        CONSTRAINT fk_audit_corrective_action_finding_id FOREIGN KEY (finding_id) REFERENCES audit_finding (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_corrective_action_answered_by_id FOREIGN KEY (answered_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_corrective_action_reviewed_by_id FOREIGN KEY (reviewed_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    // The overdue sweep reads actions not yet accepted, by due date.
    await db.query(`CREATE INDEX idx_audit_corrective_action_pending ON audit_corrective_action (due_on) WHERE state <> 'accepted'`);
    await db.query(`
      CREATE FUNCTION audit_corrective_action_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'corrective actions are never deleted' USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.finding_id <> OLD.finding_id OR NEW.due_on <> OLD.due_on OR NEW.created_at <> OLD.created_at THEN
          RAISE EXCEPTION 'corrective action %: its finding and due date never change', OLD.finding_id USING ERRCODE = 'restrict_violation';
        END IF;
        IF NOT ((OLD.state = 'open' AND NEW.state = 'answered') OR (OLD.state = 'answered' AND NEW.state IN ('accepted', 'reopened'))
                OR (OLD.state = 'reopened' AND NEW.state = 'answered')) THEN
          RAISE EXCEPTION 'corrective action %: % to % is not a transition', OLD.finding_id, OLD.state, NEW.state USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_audit_corrective_action_guard BEFORE UPDATE OR DELETE ON audit_corrective_action FOR EACH ROW EXECUTE FUNCTION audit_corrective_action_guard()`);

    await db.query(`
      CREATE TABLE audit_corrective_document (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        finding_id uuid NOT NULL,
        sha256 text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        uploaded_by_id uuid NOT NULL,
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT pk_audit_corrective_document PRIMARY KEY (id),
        CONSTRAINT fk_audit_corrective_document_finding_id FOREIGN KEY (finding_id) REFERENCES audit_corrective_action (finding_id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_corrective_document_sha256 FOREIGN KEY (sha256) REFERENCES stored_blob (sha256) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_corrective_document_uploaded_by_id FOREIGN KEY (uploaded_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_audit_corrective_document_finding_id ON audit_corrective_document (finding_id, uploaded_at)`);
    await db.query(`
      CREATE FUNCTION audit_corrective_document_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        current_state text;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'a corrective action document never changes: % refused', TG_OP USING ERRCODE = 'restrict_violation';
        END IF;
        -- The share lock makes an upload wait for an answer being given, and then see it.
        SELECT state INTO current_state FROM audit_corrective_action WHERE finding_id = NEW.finding_id FOR SHARE;
        IF current_state NOT IN ('open', 'reopened') THEN
          RAISE EXCEPTION 'corrective action %: documents are added only while the firm has to answer', NEW.finding_id USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_audit_corrective_document_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_corrective_document FOR EACH ROW EXECUTE FUNCTION audit_corrective_document_guard()`);

    // Findings raised before this migration get the default period of 30 days from the day they were raised.
    await db.query(`
      INSERT INTO audit_corrective_action (finding_id, due_on, state, created_at)
      SELECT id, (raised_at AT TIME ZONE 'Europe/Rome')::date + 30, 'open', raised_at FROM audit_finding`);

    await db.query(`ALTER TABLE review_task DROP CONSTRAINT chk_review_task_kind`);
    await db.query(`ALTER TABLE review_task ADD CONSTRAINT chk_review_task_kind CHECK (kind IN ('sanction', 'surveillance', 'corrective_action'))`);
    await db.query(`CREATE UNIQUE INDEX uq_review_task_corrective_action ON review_task (source_ref) WHERE kind = 'corrective_action'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX uq_review_task_corrective_action`);
    await db.query(`DELETE FROM review_task WHERE kind = 'corrective_action'`);
    await db.query(`ALTER TABLE review_task DROP CONSTRAINT chk_review_task_kind`);
    await db.query(`ALTER TABLE review_task ADD CONSTRAINT chk_review_task_kind CHECK (kind IN ('sanction', 'surveillance'))`);
    await db.query(`DROP TABLE audit_corrective_document`);
    await db.query(`DROP FUNCTION audit_corrective_document_guard()`);
    await db.query(`DROP TABLE audit_corrective_action`);
    await db.query(`DROP FUNCTION audit_corrective_action_guard()`);
  }
}
