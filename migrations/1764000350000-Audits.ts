import { MigrationInterface, QueryRunner } from 'typeorm';

const ITEM_CODE = `'^[A-Z]{2,4}-[0-9]{2,3}$'`;

/**
 * Audits: one per application, by an auditor who is not a member of the firm, against the
 * application's checklist version; the auditor's item results (with the evidence they rest on),
 * findings, and information requests to the firm (with the evidence the firm added in answer).
 * Once an audit is decided, triggers refuse any change to it and to everything recorded in it.
 * The firm may add evidence to an application in audit only while a question to it is open.
 */
export class Audits1764000350000 implements MigrationInterface {
  name = 'Audits1764000350000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        checklist_version_id uuid NOT NULL,
        auditor_id uuid NOT NULL,
        assigned_by_id uuid NOT NULL,
        status text NOT NULL,
        proposed_outcome text,
        proposal_reasons text,
        proposed_at timestamptz,
        assigned_at timestamptz NOT NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit PRIMARY KEY (id),
        CONSTRAINT uq_audit_application_id UNIQUE (application_id),
        CONSTRAINT chk_audit_status CHECK (status IN ('in_progress', 'awaiting_firm', 'proposed', 'decided')),
        CONSTRAINT chk_audit_proposal CHECK ((status IN ('proposed', 'decided')) = (proposed_outcome IS NOT NULL AND proposed_at IS NOT NULL) AND (proposed_outcome IS NULL OR proposed_outcome IN ('approve', 'refuse')) AND (proposed_outcome IS DISTINCT FROM 'refuse' OR proposal_reasons IS NOT NULL)),
        CONSTRAINT chk_audit_decided_at CHECK ((status = 'decided') = (decided_at IS NOT NULL)),
        CONSTRAINT fk_audit_application_id FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_checklist_version_id FOREIGN KEY (checklist_version_id) REFERENCES checklist_version (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_auditor_id FOREIGN KEY (auditor_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_assigned_by_id FOREIGN KEY (assigned_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_audit_auditor_id_status ON audit (auditor_id, status)`);
    await db.query(`CREATE INDEX idx_audit_status ON audit (status)`);
    await db.query(`CREATE INDEX idx_audit_firm_id ON audit (firm_id)`);

    await db.query(`
      CREATE TABLE audit_item_result (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        audit_id uuid NOT NULL,
        item_code text NOT NULL,
        result text NOT NULL,
        note text NOT NULL,
        recorded_by_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT pk_audit_item_result PRIMARY KEY (id),
        CONSTRAINT uq_audit_item_result_audit_id_item_code UNIQUE (audit_id, item_code),
        CONSTRAINT chk_audit_item_result_result CHECK (result IN ('met', 'minor_nc', 'major_nc', 'not_applicable')),
        CONSTRAINT chk_audit_item_result_item_code CHECK (item_code ~ ${ITEM_CODE}),
        CONSTRAINT fk_audit_item_result_audit_id FOREIGN KEY (audit_id) REFERENCES audit (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_item_result_recorded_by_id FOREIGN KEY (recorded_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    await db.query(`
      CREATE TABLE audit_item_evidence (
        audit_item_result_id uuid NOT NULL,
        evidence_id uuid NOT NULL,
        CONSTRAINT pk_audit_item_evidence PRIMARY KEY (audit_item_result_id, evidence_id),
        CONSTRAINT fk_audit_item_evidence_audit_item_result_id FOREIGN KEY (audit_item_result_id) REFERENCES audit_item_result (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_item_evidence_evidence_id FOREIGN KEY (evidence_id) REFERENCES evidence (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    await db.query(`
      CREATE TABLE audit_finding (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        audit_id uuid NOT NULL,
        item_code text,
        severity text NOT NULL,
        description text NOT NULL,
        corrective_action text NOT NULL,
        raised_by_id uuid NOT NULL,
        raised_at timestamptz NOT NULL,
        CONSTRAINT pk_audit_finding PRIMARY KEY (id),
        CONSTRAINT chk_audit_finding_severity CHECK (severity IN ('minor', 'major')),
        CONSTRAINT chk_audit_finding_item_code CHECK (item_code IS NULL OR item_code ~ ${ITEM_CODE}),
        CONSTRAINT fk_audit_finding_audit_id FOREIGN KEY (audit_id) REFERENCES audit (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_finding_raised_by_id FOREIGN KEY (raised_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_audit_finding_audit_id ON audit_finding (audit_id)`);

    await db.query(`
      CREATE TABLE audit_information_request (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        audit_id uuid NOT NULL,
        item_code text,
        question text NOT NULL,
        asked_by_id uuid NOT NULL,
        asked_at timestamptz NOT NULL,
        answer text,
        answered_by_id uuid,
        answered_at timestamptz,
        CONSTRAINT pk_audit_information_request PRIMARY KEY (id),
        CONSTRAINT chk_audit_information_request_item_code CHECK (item_code IS NULL OR item_code ~ ${ITEM_CODE}),
        CONSTRAINT chk_audit_information_request_answer CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by_id IS NULL)),
        CONSTRAINT fk_audit_information_request_audit_id FOREIGN KEY (audit_id) REFERENCES audit (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_information_request_asked_by_id FOREIGN KEY (asked_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_information_request_answered_by_id FOREIGN KEY (answered_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_audit_information_request_audit_id ON audit_information_request (audit_id)`);

    await db.query(`
      CREATE TABLE audit_information_evidence (
        information_request_id uuid NOT NULL,
        evidence_id uuid NOT NULL,
        CONSTRAINT pk_audit_information_evidence PRIMARY KEY (information_request_id, evidence_id),
        CONSTRAINT fk_audit_information_evidence_information_request_id FOREIGN KEY (information_request_id) REFERENCES audit_information_request (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_audit_information_evidence_evidence_id FOREIGN KEY (evidence_id) REFERENCES evidence (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    // The assignment itself: the application's firm and checklist version, and an auditor account outside the firm.
    await db.query(`
      CREATE FUNCTION audit_check_assignment() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        audited application%ROWTYPE;
        auditor_role text;
      BEGIN
        SELECT * INTO audited FROM application WHERE id = NEW.application_id;
        IF NEW.firm_id IS DISTINCT FROM audited.firm_id OR NEW.checklist_version_id IS DISTINCT FROM audited.checklist_version_id THEN
          RAISE EXCEPTION 'audit of application %: firm and checklist version must be the application''s', NEW.application_id USING ERRCODE = 'check_violation';
        END IF;
        SELECT role INTO auditor_role FROM user_account WHERE id = NEW.auditor_id;
        IF auditor_role IS DISTINCT FROM 'auditor' THEN
          RAISE EXCEPTION 'user % is not an auditor', NEW.auditor_id USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM firm_member WHERE user_id = NEW.auditor_id AND firm_id = NEW.firm_id) THEN
          RAISE EXCEPTION 'user % belongs to the audited firm and cannot audit it', NEW.auditor_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_audit_check_assignment BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_check_assignment()`);

    // A decided audit is locked; audits are never deleted, and who audits what never changes.
    await db.query(`
      CREATE FUNCTION audit_guard_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'audits are never deleted' USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.status = 'decided' THEN
          RAISE EXCEPTION 'audit % is decided and locked: UPDATE refused', OLD.id USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.id <> OLD.id OR NEW.application_id <> OLD.application_id OR NEW.firm_id <> OLD.firm_id
           OR NEW.checklist_version_id <> OLD.checklist_version_id OR NEW.auditor_id <> OLD.auditor_id
           OR NEW.assigned_by_id <> OLD.assigned_by_id OR NEW.assigned_at <> OLD.assigned_at THEN
          RAISE EXCEPTION 'audit %: the assignment never changes', OLD.id USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_audit_guard_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_guard_change()`);

    // Results, findings and questions change only while their audit is undecided. The share lock
    // makes a change wait for a decision being taken on the audit, and then see it.
    await db.query(`
      CREATE FUNCTION audit_refuse_when_decided(target uuid, operation text) RETURNS audit
      LANGUAGE plpgsql AS $$
      DECLARE
        locked audit%ROWTYPE;
      BEGIN
        SELECT * INTO locked FROM audit WHERE id = target FOR SHARE;
        IF locked.status = 'decided' THEN
          RAISE EXCEPTION 'audit % is decided and locked: % refused', target, operation USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN locked;
      END
      $$`);
    await db.query(`
      CREATE FUNCTION audit_work_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        audited audit%ROWTYPE;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM audit_refuse_when_decided(OLD.audit_id, TG_OP);
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.audit_id <> OLD.audit_id THEN
          RAISE EXCEPTION '% of audit % cannot move to another audit', TG_TABLE_NAME, OLD.audit_id USING ERRCODE = 'restrict_violation';
        END IF;
        audited := audit_refuse_when_decided(NEW.audit_id, TG_OP);
        -- Item codes refer to the audit's own checklist version; results only to items the firm declares.
        IF NEW.item_code IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM checklist_item i
          WHERE i.version_id = audited.checklist_version_id AND i.code = NEW.item_code
            AND (TG_TABLE_NAME <> 'audit_item_result' OR i.assessment = 'declared')
        ) THEN
          RAISE EXCEPTION '% is not an item of audit %''s checklist version that takes this record', NEW.item_code, NEW.audit_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    for (const table of ['audit_item_result', 'audit_finding', 'audit_information_request']) {
      await db.query(`CREATE TRIGGER trg_${table}_guard BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_work_guard()`);
    }

    // Evidence links stay within the audited application, and are locked with their audit.
    await db.query(`
      CREATE FUNCTION audit_evidence_link_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        link_row jsonb;
        target uuid;
        audited audit%ROWTYPE;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          link_row := to_jsonb(OLD);
        ELSE
          link_row := to_jsonb(NEW);
        END IF;
        IF TG_TABLE_NAME = 'audit_item_evidence' THEN
          SELECT audit_id INTO target FROM audit_item_result WHERE id = (link_row->>'audit_item_result_id')::uuid;
        ELSE
          SELECT audit_id INTO target FROM audit_information_request WHERE id = (link_row->>'information_request_id')::uuid;
        END IF;
        audited := audit_refuse_when_decided(target, TG_OP);
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM evidence WHERE id = NEW.evidence_id AND application_id = audited.application_id) THEN
          RAISE EXCEPTION 'evidence % is not evidence of the application audited by audit %', NEW.evidence_id, target USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    for (const table of ['audit_item_evidence', 'audit_information_evidence']) {
      await db.query(`CREATE TRIGGER trg_${table}_guard BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_evidence_link_guard()`);
    }

    // Evidence was accepted only on drafts; an application in audit now also takes evidence while
    // the auditor waits for an answer from the firm.
    await db.query(`DROP TRIGGER trg_evidence_draft_only ON evidence`);
    await db.query(`
      CREATE FUNCTION evidence_accept_only_when_open() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        current_state text;
      BEGIN
        SELECT state INTO current_state FROM application WHERE id = NEW.application_id;
        IF current_state = 'draft' THEN
          RETURN NEW;
        END IF;
        IF current_state = 'in_audit' AND EXISTS (
          SELECT 1 FROM audit a JOIN audit_information_request r ON r.audit_id = a.id
          WHERE a.application_id = NEW.application_id AND a.status = 'awaiting_firm' AND r.answered_at IS NULL
        ) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'application % is %: its evidence is frozen, except in answer to an open information request', NEW.application_id, current_state
          USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_evidence_accept_only_when_open BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION evidence_accept_only_when_open()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_evidence_accept_only_when_open ON evidence`);
    await db.query(`DROP FUNCTION evidence_accept_only_when_open()`);
    await db.query(`CREATE TRIGGER trg_evidence_draft_only BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION application_refuse_unless_draft()`);
    await db.query(`DROP TABLE audit_information_evidence`);
    await db.query(`DROP TABLE audit_information_request`);
    await db.query(`DROP TABLE audit_finding`);
    await db.query(`DROP TABLE audit_item_evidence`);
    await db.query(`DROP TABLE audit_item_result`);
    await db.query(`DROP FUNCTION audit_evidence_link_guard()`);
    await db.query(`DROP FUNCTION audit_work_guard()`);
    // Returns the audit row type, so it goes before the table.
    await db.query(`DROP FUNCTION audit_refuse_when_decided(uuid, text)`);
    await db.query(`DROP TABLE audit`);
    await db.query(`DROP FUNCTION audit_guard_change()`);
    await db.query(`DROP FUNCTION audit_check_assignment()`);
  }
}
