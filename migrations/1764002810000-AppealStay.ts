import { MigrationInterface, QueryRunner } from 'typeorm';

const FACTS_CHANGED = `
  IF NEW.id <> OLD.id OR NEW.firm_id <> OLD.firm_id OR NEW.application_id <> OLD.application_id
     OR NEW.certificate_number <> OLD.certificate_number OR NEW.issued_at <> OLD.issued_at
     OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until <> OLD.valid_until OR NEW.decided_by_id <> OLD.decided_by_id
     OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id) THEN`;

const REINSTATEMENT_ON_APPEAL = `
      OR (OLD.status = 'revoked' AND NEW.status = 'active' AND EXISTS (
           SELECT 1 FROM appeal a WHERE a.rating_id = OLD.id AND a.status = 'upheld'
             AND NOT EXISTS (SELECT 1 FROM rating_event e WHERE e.rating_id = OLD.id AND e.kind = 'reinstated' AND e.id > a.appealed_event_id)))`;

const STAY_ON_APPEAL = `
      OR (OLD.status = 'revoked' AND NEW.status = 'suspended' AND EXISTS (
           SELECT 1 FROM appeal a WHERE a.rating_id = OLD.id AND a.status = 'under_review' AND a.kind = 'revocation' AND a.revocation_stayed_at IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM rating_event e WHERE e.rating_id = OLD.id AND e.kind = 'suspended' AND e.id > a.appealed_event_id)))`;

const guardFunction = (stay: boolean) => `
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
      ${REINSTATEMENT_ON_APPEAL}
      ${stay ? STAY_ON_APPEAL : ''}
    ) THEN
      RAISE EXCEPTION 'rating %: illegal transition from % to %', OLD.certificate_number, OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

/**
 * A revocation stays in force while it is appealed, unless the panel stays it (README "Appeals"): the
 * appeal records when, once, while under review, and only for a revocation; the rating trigger then
 * allows `revoked -> suspended` once for that appeal (the public timeline shows the suspension).
 */
export class AppealStay1764002810000 implements MigrationInterface {
  name = 'AppealStay1764002810000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE appeal ADD COLUMN revocation_stayed_at timestamptz`);
    await db.query(`ALTER TABLE appeal ADD CONSTRAINT chk_appeal_stay CHECK (revocation_stayed_at IS NULL OR kind = 'revocation')`);
    await db.query(`
      CREATE FUNCTION appeal_guard_stay() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.revocation_stayed_at IS NOT NULL AND NEW.revocation_stayed_at IS DISTINCT FROM OLD.revocation_stayed_at THEN
          RAISE EXCEPTION 'appeal %: a stay is recorded once', OLD.id USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.revocation_stayed_at IS NULL AND NEW.revocation_stayed_at IS NOT NULL AND OLD.status <> 'under_review' THEN
          RAISE EXCEPTION 'appeal %: only the panel of an appeal under review stays the revocation', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_appeal_guard_stay BEFORE UPDATE ON appeal FOR EACH ROW EXECUTE FUNCTION appeal_guard_stay()`);
    await db.query(guardFunction(true));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(guardFunction(false));
    await db.query(`DROP TRIGGER trg_appeal_guard_stay ON appeal`);
    await db.query(`DROP FUNCTION appeal_guard_stay()`);
    await db.query(`ALTER TABLE appeal DROP CONSTRAINT chk_appeal_stay`);
    await db.query(`ALTER TABLE appeal DROP COLUMN revocation_stayed_at`);
  }
}
