import { MigrationInterface, QueryRunner } from 'typeorm';

const FACTS_CHANGED = `
  IF NEW.id <> OLD.id OR NEW.firm_id <> OLD.firm_id OR NEW.application_id <> OLD.application_id
     OR NEW.certificate_number <> OLD.certificate_number OR NEW.issued_at <> OLD.issued_at
     OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until <> OLD.valid_until OR NEW.decided_by_id <> OLD.decided_by_id
     OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id) THEN`;

/** `revoked -> active` exists only for an upheld appeal, once: no reinstatement recorded since the event appealed. */
const guardFunction = (reinstatementOnAppeal: boolean) => `
  CREATE OR REPLACE FUNCTION rating_guard_update() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    ${FACTS_CHANGED}
      RAISE EXCEPTION 'rating %: the facts of issue never change', OLD.certificate_number USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.certificate_sha256 IS NOT NULL AND NEW.certificate_sha256 IS DISTINCT FROM OLD.certificate_sha256 THEN
      RAISE EXCEPTION 'rating %: an issued certificate never changes', OLD.certificate_number USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
         (OLD.status = 'active' AND NEW.status IN ('suspended', 'revoked', 'expired'))
      OR (OLD.status = 'suspended' AND NEW.status IN ('active', 'revoked', 'expired'))
      ${
        reinstatementOnAppeal
          ? `OR (OLD.status = 'revoked' AND NEW.status = 'active' AND EXISTS (
           SELECT 1 FROM appeal a WHERE a.rating_id = OLD.id AND a.status = 'upheld'
             AND NOT EXISTS (SELECT 1 FROM rating_event e WHERE e.rating_id = OLD.id AND e.kind = 'reinstated' AND e.id > a.appealed_event_id)))`
          : ''
      }
    ) THEN
      RAISE EXCEPTION 'rating %: illegal transition from % to %', OLD.certificate_number, OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

/**
 * Appeals (README "Certification cycle"). A firm appeals a suspension or a revocation of its rating; an
 * admin forms a panel of reviewers, none of whom took part in the decision appealed; one panel member
 * decides, upheld or dismissed, once. The database refuses a panel member who decided the act appealed
 * or belongs to the firm (as four-eyes does for audits), a decision by anyone outside the panel, a second
 * decision, and a revoked rating made active again except by an upheld appeal.
 */
export class Appeals1764002800000 implements MigrationInterface {
  name = 'Appeals1764002800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE appeal (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        firm_id uuid NOT NULL,
        rating_id uuid NOT NULL,
        kind text NOT NULL,
        appealed_event_id bigint NOT NULL,
        appealed_decision_at timestamptz NOT NULL,
        decision_taken_by_id uuid,
        filed_by_id uuid NOT NULL,
        reasons text NOT NULL,
        filed_at timestamptz NOT NULL,
        status text NOT NULL,
        panel_formed_by_id uuid,
        panel_formed_at timestamptz,
        panel_decided_by_id uuid,
        outcome_reasons text,
        decided_at timestamptz,
        rating_reinstated boolean NOT NULL DEFAULT false,
        CONSTRAINT pk_appeal PRIMARY KEY (id),
        CONSTRAINT uq_appeal_appealed_event_id UNIQUE (appealed_event_id),
        CONSTRAINT chk_appeal_kind CHECK (kind IN ('suspension', 'revocation')),
        CONSTRAINT chk_appeal_status CHECK (status IN ('filed', 'under_review', 'upheld', 'dismissed')),
        CONSTRAINT chk_appeal_panel CHECK ((status = 'filed') = (panel_formed_at IS NULL)),
        CONSTRAINT chk_appeal_decided CHECK ((status IN ('upheld', 'dismissed')) = (decided_at IS NOT NULL AND panel_decided_by_id IS NOT NULL AND outcome_reasons IS NOT NULL)),
        CONSTRAINT fk_appeal_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_rating_id FOREIGN KEY (rating_id) REFERENCES rating (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_appealed_event_id FOREIGN KEY (appealed_event_id) REFERENCES rating_event (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_filed_by_id FOREIGN KEY (filed_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_panel_formed_by_id FOREIGN KEY (panel_formed_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_panel_decided_by_id FOREIGN KEY (panel_decided_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_appeal_status_filed_at ON appeal (status, filed_at)`);
    await db.query(`CREATE INDEX idx_appeal_firm_id ON appeal (firm_id)`);
    await db.query(`
      CREATE TABLE appeal_panel_member (
        appeal_id uuid NOT NULL,
        reviewer_id uuid NOT NULL,
        CONSTRAINT pk_appeal_panel_member PRIMARY KEY (appeal_id, reviewer_id),
        CONSTRAINT fk_appeal_panel_member_appeal_id FOREIGN KEY (appeal_id) REFERENCES appeal (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_panel_member_reviewer_id FOREIGN KEY (reviewer_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    // The appeal names the event of its own rating and firm, of the kind appealed, and copies who took it from the history.
    await db.query(`
      CREATE FUNCTION appeal_check_insert() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        appealed rating_event%ROWTYPE;
        taken_by uuid;
      BEGIN
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
        IF NEW.status <> 'filed' THEN
          RAISE EXCEPTION 'appeal: a new appeal is filed' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_appeal_check_insert BEFORE INSERT ON appeal FOR EACH ROW EXECUTE FUNCTION appeal_check_insert()`);

    // A panel member is a reviewer who took no part in the decision appealed, added while the panel is being formed.
    await db.query(`
      CREATE FUNCTION appeal_panel_member_check() RETURNS trigger
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
        IF EXISTS (SELECT 1 FROM firm_member WHERE user_id = NEW.reviewer_id AND firm_id = appealed.firm_id) THEN
          RAISE EXCEPTION 'appeal panel: user % belongs to the appealing firm', NEW.reviewer_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_appeal_panel_member_check BEFORE INSERT OR UPDATE OR DELETE ON appeal_panel_member FOR EACH ROW EXECUTE FUNCTION appeal_panel_member_check()`);

    // filed -> under_review (with a panel) -> upheld | dismissed (by a panel member), once; the facts never change.
    await db.query(`
      CREATE FUNCTION appeal_guard_update() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'appeals are never deleted' USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.firm_id <> OLD.firm_id OR NEW.rating_id <> OLD.rating_id OR NEW.kind <> OLD.kind OR NEW.appealed_event_id <> OLD.appealed_event_id
           OR NEW.decision_taken_by_id IS DISTINCT FROM OLD.decision_taken_by_id OR NEW.filed_by_id <> OLD.filed_by_id
           OR NEW.reasons <> OLD.reasons OR NEW.filed_at <> OLD.filed_at THEN
          RAISE EXCEPTION 'appeal %: what was appealed never changes', OLD.id USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.status = 'upheld' AND NOT OLD.rating_reinstated AND NEW.rating_reinstated AND NEW.status = OLD.status
           AND NEW.panel_decided_by_id = OLD.panel_decided_by_id AND NEW.outcome_reasons = OLD.outcome_reasons AND NEW.decided_at = OLD.decided_at
           AND NEW.panel_formed_by_id IS NOT DISTINCT FROM OLD.panel_formed_by_id AND NEW.panel_formed_at = OLD.panel_formed_at THEN
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
      $$`);
    await db.query(`CREATE TRIGGER trg_appeal_guard_update BEFORE UPDATE OR DELETE ON appeal FOR EACH ROW EXECUTE FUNCTION appeal_guard_update()`);
    await db.query(guardFunction(true));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(guardFunction(false));
    await db.query(`DROP TABLE appeal_panel_member`);
    await db.query(`DROP TABLE appeal`);
    await db.query(`DROP FUNCTION appeal_guard_update()`);
    await db.query(`DROP FUNCTION appeal_panel_member_check()`);
    await db.query(`DROP FUNCTION appeal_check_insert()`);
  }
}
