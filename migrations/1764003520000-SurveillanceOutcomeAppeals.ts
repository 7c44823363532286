import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public rating event that a decided surveillance check `c` recorded: the first suspension or
 * revocation of its rating, for `failed_surveillance`, from the moment of the decision (the check and the
 * event are written in the same transaction, so nothing of that kind comes between them).
 */
const EVENT_OF_CHECK = (check: string) => `(
  SELECT e.id FROM rating_event e
  WHERE e.rating_id = ${check}.rating_id AND e.kind = CASE ${check}.outcome WHEN 'suspend' THEN 'suspended' ELSE 'revoked' END
    AND e.reason = 'failed_surveillance' AND e.occurred_at >= ${check}.decided_at
  ORDER BY e.id LIMIT 1)`;

/** The appeal's insert check: a public event of a rating, a reviewer's refusal, and (with `surveillance`) a check's outcome. */
const checkInsert = (surveillance: boolean) => `
  CREATE OR REPLACE FUNCTION appeal_check_insert() RETURNS trigger
  LANGUAGE plpgsql AS $$
  DECLARE
    appealed rating_event%ROWTYPE;
    taken_by uuid;
    refusal audit_decision%ROWTYPE;
    ${surveillance ? 'checked surveillance_check%ROWTYPE;' : ''}
  BEGIN
    IF NEW.status <> 'filed' THEN
      RAISE EXCEPTION 'appeal: a new appeal is filed' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.kind = 'refusal' THEN
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
    END IF;
    ${
      surveillance
        ? `IF NEW.kind = 'surveillance_outcome' THEN
      SELECT * INTO checked FROM surveillance_check WHERE id = NEW.surveillance_check_id;
      IF checked.status IS DISTINCT FROM 'decided' OR checked.outcome NOT IN ('suspend', 'revoke')
         OR checked.rating_id IS DISTINCT FROM NEW.rating_id OR checked.firm_id IS DISTINCT FROM NEW.firm_id THEN
        RAISE EXCEPTION 'appeal: check % did not suspend or revoke rating %', NEW.surveillance_check_id, NEW.rating_id USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.decision_taken_by_id IS DISTINCT FROM checked.decided_by_id OR NEW.audited_by_id IS DISTINCT FROM checked.auditor_id
         OR NEW.appealed_decision_at IS DISTINCT FROM checked.decided_at THEN
        RAISE EXCEPTION 'appeal: the check appealed was decided by %, run by % on %', checked.decided_by_id, checked.auditor_id, checked.decided_at USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.appealed_event_id IS DISTINCT FROM ${EVENT_OF_CHECK('checked')} THEN
        RAISE EXCEPTION 'appeal: event % is not the one check % recorded', NEW.appealed_event_id, NEW.surveillance_check_id USING ERRCODE = 'check_violation';
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
    ${
      surveillance
        ? `IF EXISTS (SELECT 1 FROM surveillance_check c WHERE c.rating_id = NEW.rating_id AND c.status = 'decided' AND c.outcome IN ('suspend', 'revoke')
                 AND ${EVENT_OF_CHECK('c')} = NEW.appealed_event_id) THEN
      RAISE EXCEPTION 'appeal: event % is the outcome of a surveillance check, appealed as such (its auditor is not on the panel)', NEW.appealed_event_id USING ERRCODE = 'check_violation';
    END IF;`
        : ''
    }
    SELECT actor_id INTO taken_by FROM history
      WHERE entity_type = 'rating' AND entity_id = NEW.rating_id::text AND action = 'rating.' || appealed.kind
      ORDER BY seq DESC LIMIT 1;
    IF NEW.decision_taken_by_id IS DISTINCT FROM taken_by THEN
      RAISE EXCEPTION 'appeal: the decision appealed was taken by %, not %', taken_by, NEW.decision_taken_by_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

/** What was appealed never changes, nor a decided appeal, except that an upheld one records once that it gave the rating back. */
const appealGuardUpdate = (surveillance: boolean) => `
  CREATE OR REPLACE FUNCTION appeal_guard_update() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'appeals are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.firm_id <> OLD.firm_id OR NEW.rating_id IS DISTINCT FROM OLD.rating_id OR NEW.kind <> OLD.kind OR NEW.appealed_event_id IS DISTINCT FROM OLD.appealed_event_id
       OR NEW.decision_taken_by_id IS DISTINCT FROM OLD.decision_taken_by_id OR NEW.filed_by_id <> OLD.filed_by_id
       OR NEW.reasons <> OLD.reasons OR NEW.filed_at <> OLD.filed_at
       OR NEW.appealed_decision_id IS DISTINCT FROM OLD.appealed_decision_id OR NEW.application_id IS DISTINCT FROM OLD.application_id OR NEW.audited_by_id IS DISTINCT FROM OLD.audited_by_id
       ${surveillance ? 'OR NEW.surveillance_check_id IS DISTINCT FROM OLD.surveillance_check_id' : ''} THEN
      RAISE EXCEPTION 'appeal %: what was appealed never changes', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.status = 'upheld' AND NOT OLD.rating_reinstated AND NEW.rating_reinstated AND NEW.status = OLD.status
       AND NEW.panel_decided_by_id = OLD.panel_decided_by_id AND NEW.outcome_reasons = OLD.outcome_reasons AND NEW.decided_at = OLD.decided_at
       AND NEW.panel_formed_by_id IS NOT DISTINCT FROM OLD.panel_formed_by_id AND NEW.panel_formed_at = OLD.panel_formed_at
       AND NEW.decision_reopened = OLD.decision_reopened THEN
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

const SUBJECT_BEFORE = `
  (kind IN ('suspension', 'revocation') AND rating_id IS NOT NULL AND appealed_event_id IS NOT NULL AND appealed_decision_id IS NULL AND application_id IS NULL AND audited_by_id IS NULL)
  OR (kind = 'refusal' AND appealed_decision_id IS NOT NULL AND application_id IS NOT NULL AND audited_by_id IS NOT NULL AND rating_id IS NULL AND appealed_event_id IS NULL)`;
const SUBJECT_WITH_CHECKS = `
  (kind IN ('suspension', 'revocation') AND rating_id IS NOT NULL AND appealed_event_id IS NOT NULL AND appealed_decision_id IS NULL AND application_id IS NULL AND audited_by_id IS NULL AND surveillance_check_id IS NULL)
  OR (kind = 'refusal' AND appealed_decision_id IS NOT NULL AND application_id IS NOT NULL AND audited_by_id IS NOT NULL AND rating_id IS NULL AND appealed_event_id IS NULL AND surveillance_check_id IS NULL)
  OR (kind = 'surveillance_outcome' AND surveillance_check_id IS NOT NULL AND rating_id IS NOT NULL AND appealed_event_id IS NOT NULL AND audited_by_id IS NOT NULL AND decision_taken_by_id IS NOT NULL AND appealed_decision_id IS NULL AND application_id IS NULL)`;

/**
 * Appeals of a surveillance outcome (README "Appeals"). The appeal names the decided check, the public
 * event its suspension or revocation recorded, and copies who decided and who ran the check, so the panel
 * trigger (unchanged: it already refuses the decider, the auditor and the firm's members) refuses them.
 * The rating's own guard already gives a revoked rating back only for an upheld appeal naming it. Such an
 * event may not be appealed as a plain suspension or revocation, which would let the check's auditor sit.
 */
export class SurveillanceOutcomeAppeals1764003520000 implements MigrationInterface {
  name = 'SurveillanceOutcomeAppeals1764003520000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE appeal ADD COLUMN surveillance_check_id uuid`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT uq_appeal_surveillance_check_id UNIQUE (surveillance_check_id)`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT fk_appeal_surveillance_check_id FOREIGN KEY (surveillance_check_id) REFERENCES surveillance_check (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_kind`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_kind CHECK (kind IN ('suspension', 'revocation', 'refusal', 'surveillance_outcome'))`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_subject`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_subject CHECK (${SUBJECT_WITH_CHECKS})`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_reversal`);
    await db.query(
      `ALTER TABLE appeal ADD CONSTRAINT chk_appeal_reversal CHECK ((NOT decision_reopened OR (kind = 'refusal' AND status = 'upheld')) AND (NOT rating_reinstated OR kind IN ('suspension', 'revocation', 'surveillance_outcome')))`,
    );
    for (const statement of [checkInsert(true), appealGuardUpdate(true)]) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const statement of [checkInsert(false), appealGuardUpdate(false)]) await db.query(statement);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_reversal`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_reversal CHECK ((NOT decision_reopened OR (kind = 'refusal' AND status = 'upheld')) AND (NOT rating_reinstated OR kind IN ('suspension', 'revocation')))`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_subject`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_subject CHECK (${SUBJECT_BEFORE})`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_kind`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_kind CHECK (kind IN ('suspension', 'revocation', 'refusal'))`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT fk_appeal_surveillance_check_id`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT uq_appeal_surveillance_check_id`);
    await db.query(`ALTER TABLE appeal DROP COLUMN surveillance_check_id`);
  }
}
