import { MigrationInterface, QueryRunner } from 'typeorm';

/** The appeal's insert check, for the two subjects: a public event of a rating, or a reviewer's refusal of an application. */
const checkInsert = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION appeal_check_insert() RETURNS trigger
  LANGUAGE plpgsql AS $$
  DECLARE
    appealed rating_event%ROWTYPE;
    taken_by uuid;
    ${refusals ? 'refusal audit_decision%ROWTYPE;' : ''}
  BEGIN
    IF NEW.status <> 'filed' THEN
      RAISE EXCEPTION 'appeal: a new appeal is filed' USING ERRCODE = 'check_violation';
    END IF;
    ${
      refusals
        ? `IF NEW.kind = 'refusal' THEN
      SELECT * INTO refusal FROM audit_decision WHERE id = NEW.appealed_decision_id;
      IF refusal.outcome IS DISTINCT FROM 'refused' OR refusal.annulled_by_appeal_id IS NOT NULL OR refusal.firm_id IS DISTINCT FROM NEW.firm_id
         OR NEW.application_id IS DISTINCT FROM (SELECT application_id FROM audit WHERE id = refusal.audit_id) THEN
        RAISE EXCEPTION 'appeal: decision % is not a standing refusal of application %', NEW.appealed_decision_id, NEW.application_id USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.decision_taken_by_id IS DISTINCT FROM refusal.decided_by_id OR NEW.audited_by_id IS DISTINCT FROM refusal.auditor_id
         OR NEW.appealed_decision_at IS DISTINCT FROM refusal.decided_at THEN
        RAISE EXCEPTION 'appeal: the refusal appealed was taken by %, audited by % on %', refusal.decided_by_id, refusal.auditor_id, refusal.decided_at USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END IF;`
        : ''
    }
    SELECT * INTO appealed FROM rating_event WHERE id = NEW.appealed_event_id;
    IF appealed.rating_id IS DISTINCT FROM NEW.rating_id OR appealed.firm_id IS DISTINCT FROM NEW.firm_id
       OR appealed.kind IS DISTINCT FROM (CASE NEW.kind WHEN 'suspension' THEN 'suspended' ELSE 'revoked' END) THEN
      RAISE EXCEPTION 'appeal: event % is not a % of rating %', NEW.appealed_event_id, NEW.kind, NEW.rating_id USING ERRCODE = 'check_violation';
    END IF;
    SELECT actor_id INTO taken_by FROM history
      WHERE entity_type = 'rating' AND entity_id = NEW.rating_id::text AND action = 'rating.' || appealed.kind
      ORDER BY seq DESC LIMIT 1;
    IF NEW.decision_taken_by_id IS DISTINCT FROM taken_by THEN
      RAISE EXCEPTION 'appeal: the decision appealed was taken by %, not %', taken_by, NEW.decision_taken_by_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

const panelMemberCheck = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION appeal_panel_member_check() RETURNS trigger
  LANGUAGE plpgsql AS $$
  DECLARE
    appealed appeal%ROWTYPE;
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      RAISE EXCEPTION 'an appeal panel never changes: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END IF;
    SELECT * INTO appealed FROM appeal WHERE id = NEW.appeal_id FOR UPDATE;
    IF appealed.status IS DISTINCT FROM 'filed' THEN
      RAISE EXCEPTION 'appeal %: the panel is formed once', NEW.appeal_id USING ERRCODE = 'restrict_violation';
    END IF;
    IF (SELECT role FROM user_account WHERE id = NEW.reviewer_id) IS DISTINCT FROM 'reviewer' THEN
      RAISE EXCEPTION 'appeal panel: user % is not a reviewer', NEW.reviewer_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.reviewer_id = appealed.decision_taken_by_id THEN
      RAISE EXCEPTION 'appeal panel: user % took the decision appealed', NEW.reviewer_id USING ERRCODE = 'check_violation';
    END IF;
    ${
      refusals
        ? `IF NEW.reviewer_id = appealed.audited_by_id THEN
      RAISE EXCEPTION 'appeal panel: user % audited the firm for the decision appealed', NEW.reviewer_id USING ERRCODE = 'check_violation';
    END IF;`
        : ''
    }
    IF EXISTS (SELECT 1 FROM firm_member WHERE user_id = NEW.reviewer_id AND firm_id = appealed.firm_id) THEN
      RAISE EXCEPTION 'appeal panel: user % belongs to the appealing firm', NEW.reviewer_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

const APPEAL_FACTS = (refusals: boolean) => `
    IF NEW.firm_id <> OLD.firm_id OR NEW.rating_id IS DISTINCT FROM OLD.rating_id OR NEW.kind <> OLD.kind OR NEW.appealed_event_id IS DISTINCT FROM OLD.appealed_event_id
       OR NEW.decision_taken_by_id IS DISTINCT FROM OLD.decision_taken_by_id OR NEW.filed_by_id <> OLD.filed_by_id
       OR NEW.reasons <> OLD.reasons OR NEW.filed_at <> OLD.filed_at
       ${refusals ? 'OR NEW.appealed_decision_id IS DISTINCT FROM OLD.appealed_decision_id OR NEW.application_id IS DISTINCT FROM OLD.application_id OR NEW.audited_by_id IS DISTINCT FROM OLD.audited_by_id' : ''} THEN`;

const appealGuardUpdate = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION appeal_guard_update() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'appeals are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    ${APPEAL_FACTS(refusals)}
      RAISE EXCEPTION 'appeal %: what was appealed never changes', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.status = 'upheld' AND NOT OLD.rating_reinstated AND NEW.rating_reinstated AND NEW.status = OLD.status
       AND NEW.panel_decided_by_id = OLD.panel_decided_by_id AND NEW.outcome_reasons = OLD.outcome_reasons AND NEW.decided_at = OLD.decided_at
       AND NEW.panel_formed_by_id IS NOT DISTINCT FROM OLD.panel_formed_by_id AND NEW.panel_formed_at = OLD.panel_formed_at
       ${refusals ? 'AND NEW.decision_reopened = OLD.decision_reopened' : ''} THEN
      RETURN NEW; -- the upheld appeal records, once, that it gave the rating back (which needed it upheld first)
    END IF;
    IF OLD.status IN ('upheld', 'dismissed') THEN
      RAISE EXCEPTION 'appeal %: already decided (%)', OLD.id, OLD.status USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.status = OLD.status THEN
      RETURN NEW;
    END IF;
    IF OLD.status = 'filed' AND NEW.status = 'under_review' THEN
      IF NOT EXISTS (SELECT 1 FROM appeal_panel_member WHERE appeal_id = OLD.id) THEN
        RAISE EXCEPTION 'appeal %: a panel has at least one member', OLD.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END IF;
    IF OLD.status = 'under_review' AND NEW.status IN ('upheld', 'dismissed') THEN
      IF NOT EXISTS (SELECT 1 FROM appeal_panel_member WHERE appeal_id = OLD.id AND reviewer_id = NEW.panel_decided_by_id) THEN
        RAISE EXCEPTION 'appeal %: only a member of its panel decides', OLD.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'appeal %: illegal transition from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END
  $$`;

/** A decision never changes, except that an upheld appeal of a refusal records, once, that it annulled it. */
const decisionImmutable = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION audit_decision_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    ${
      refusals
        ? `IF TG_OP = 'UPDATE' AND OLD.annulled_by_appeal_id IS NULL AND NEW.annulled_by_appeal_id IS NOT NULL
       AND to_jsonb(NEW) - 'annulled_by_appeal_id' = to_jsonb(OLD) - 'annulled_by_appeal_id'
       AND EXISTS (SELECT 1 FROM appeal a WHERE a.id = NEW.annulled_by_appeal_id AND a.kind = 'refusal'
                     AND a.appealed_decision_id = OLD.id AND a.status = 'upheld' AND a.decision_reopened) THEN
      RETURN NEW;
    END IF;`
        : ''
    }
    RAISE EXCEPTION 'a decision is final: % refused', TG_OP USING ERRCODE = 'restrict_violation';
  END
  $$`;

/** Four-eyes on the decision, and (with appeals of refusals) nobody decides an audit twice: a reopened audit needs a new reviewer. */
const decisionCheck = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION audit_decision_check() RETURNS trigger
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
    ${
      refusals
        ? `IF EXISTS (SELECT 1 FROM audit_decision WHERE audit_id = NEW.audit_id AND decided_by_id = NEW.decided_by_id) THEN
      RAISE EXCEPTION 'four-eyes: user % already decided on audit %, annulled on appeal', NEW.decided_by_id, NEW.audit_id USING ERRCODE = 'check_violation';
    END IF;`
        : ''
    }
    IF NEW.rating_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rating WHERE id = NEW.rating_id AND application_id = decided.application_id) THEN
      RAISE EXCEPTION 'rating % was not issued on the application of audit %', NEW.rating_id, NEW.audit_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

const decidedHasDecision = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION audit_decided_has_decision() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_decision WHERE audit_id = NEW.id ${refusals ? 'AND annulled_by_appeal_id IS NULL' : ''}) THEN
      RAISE EXCEPTION 'audit % is marked decided without a decision', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
  END
  $$`;

/** A decided audit is locked; with appeals of refusals, one whose decision was annulled goes back to `proposed`, nothing else changing. */
const auditGuard = (refusals: boolean) => `
  CREATE OR REPLACE FUNCTION audit_guard_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'audits are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    ${
      refusals
        ? `IF OLD.status = 'decided' AND NEW.status = 'proposed' AND NEW.decided_at IS NULL
       AND to_jsonb(NEW) - 'status' - 'decided_at' - 'updated_at' = to_jsonb(OLD) - 'status' - 'decided_at' - 'updated_at'
       AND NOT EXISTS (SELECT 1 FROM audit_decision WHERE audit_id = OLD.id AND annulled_by_appeal_id IS NULL) THEN
      RETURN NEW; -- reopened for a new decision: its refusal was annulled on appeal
    END IF;`
        : ''
    }
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
  $$`;

/**
 * Appeals of a refusal (README "Appeals"). The appeal names the reviewer's refusal (`audit_decision`) and
 * its application, and copies who refused and who audited, so the panel trigger refuses both as it does
 * the firm's members. Upheld, the refusal is annulled (recorded on the decision, once), the audit goes back
 * to `proposed` and the application back `in_audit`, for a new decision by a reviewer who never decided
 * on that audit: the database allows each of these steps only in that case.
 */
export class RefusalAppeals1764003200000 implements MigrationInterface {
  name = 'RefusalAppeals1764003200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE appeal ALTER COLUMN rating_id DROP NOT NULL`);
    await db.query(`ALTER TABLE appeal ALTER COLUMN appealed_event_id DROP NOT NULL`);
    await db.query(`ALTER TABLE appeal ADD COLUMN appealed_decision_id uuid`);
    await db.query(`ALTER TABLE appeal ADD COLUMN application_id uuid`);
    await db.query(`ALTER TABLE appeal ADD COLUMN audited_by_id uuid`);
    await db.query(`ALTER TABLE appeal ADD COLUMN decision_reopened boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT uq_appeal_appealed_decision_id UNIQUE (appealed_decision_id)`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT fk_appeal_appealed_decision_id FOREIGN KEY (appealed_decision_id) REFERENCES audit_decision (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT fk_appeal_application_id FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT fk_appeal_audited_by_id FOREIGN KEY (audited_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_kind`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_kind CHECK (kind IN ('suspension', 'revocation', 'refusal'))`);
    await db.query(`
      ALTER TABLE appeal ADD CONSTRAINT chk_appeal_subject CHECK (
        (kind IN ('suspension', 'revocation') AND rating_id IS NOT NULL AND appealed_event_id IS NOT NULL AND appealed_decision_id IS NULL AND application_id IS NULL AND audited_by_id IS NULL)
        OR (kind = 'refusal' AND appealed_decision_id IS NOT NULL AND application_id IS NOT NULL AND audited_by_id IS NOT NULL AND rating_id IS NULL AND appealed_event_id IS NULL))`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_reversal CHECK ((NOT decision_reopened OR (kind = 'refusal' AND status = 'upheld')) AND (NOT rating_reinstated OR kind IN ('suspension', 'revocation')))`);
    await db.query(`CREATE INDEX idx_appeal_application_id ON appeal (application_id)`);

    await db.query(`ALTER TABLE audit_decision ADD COLUMN annulled_by_appeal_id uuid`);
    // No foreign key: decisions sit below appeals in the libraries' order; the trigger below admits only an upheld appeal of this very refusal, and appeals are never deleted.
    await db.query(`ALTER TABLE audit_decision DROP CONSTRAINT uq_audit_decision_audit_id`);
    await db.query(`CREATE UNIQUE INDEX uq_audit_decision_audit_id ON audit_decision (audit_id) WHERE annulled_by_appeal_id IS NULL`);

    // Leaving `decided` was never possible for an application; now once, back in audit, after its refusal was annulled on appeal.
    await db.query(`
      CREATE FUNCTION application_guard_decided() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state = 'decided' AND NEW.state IS DISTINCT FROM 'decided' AND NOT (
             NEW.state = 'in_audit' AND OLD.outcome = 'refused'
             AND EXISTS (SELECT 1 FROM audit a JOIN audit_decision d ON d.audit_id = a.id
                         WHERE a.application_id = OLD.id AND d.annulled_by_appeal_id IS NOT NULL)
             AND NOT EXISTS (SELECT 1 FROM audit a JOIN audit_decision d ON d.audit_id = a.id
                             WHERE a.application_id = OLD.id AND d.annulled_by_appeal_id IS NULL)) THEN
          RAISE EXCEPTION 'application % is decided: % refused', OLD.id, NEW.state USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_application_guard_decided BEFORE UPDATE ON application FOR EACH ROW EXECUTE FUNCTION application_guard_decided()`);

    for (const statement of [checkInsert(true), panelMemberCheck(true), appealGuardUpdate(true), decisionImmutable(true), decisionCheck(true), decidedHasDecision(true), auditGuard(true)]) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const statement of [checkInsert(false), panelMemberCheck(false), appealGuardUpdate(false), decisionImmutable(false), decisionCheck(false), decidedHasDecision(false), auditGuard(false)]) await db.query(statement);
    await db.query(`DROP TRIGGER trg_application_guard_decided ON application`);
    await db.query(`DROP FUNCTION application_guard_decided()`);
    await db.query(`DROP INDEX uq_audit_decision_audit_id`);
    await db.query(`ALTER TABLE audit_decision ADD CONSTRAINT uq_audit_decision_audit_id UNIQUE (audit_id)`);
    await db.query(`ALTER TABLE audit_decision DROP COLUMN annulled_by_appeal_id`);
    await db.query(`DROP INDEX idx_appeal_application_id`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_reversal`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_subject`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_kind`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_kind CHECK (kind IN ('suspension', 'revocation'))`);
    await db.query(`ALTER TABLE appeal DROP COLUMN decision_reopened`);
    await db.query(`ALTER TABLE appeal DROP COLUMN audited_by_id`);
    await db.query(`ALTER TABLE appeal DROP COLUMN application_id`);
    await db.query(`ALTER TABLE appeal DROP COLUMN appealed_decision_id`);
    await db.query(`ALTER TABLE appeal ALTER COLUMN appealed_event_id SET NOT NULL`);
    await db.query(`ALTER TABLE appeal ALTER COLUMN rating_id SET NOT NULL`);
  }
}
