import { MigrationInterface, QueryRunner } from 'typeorm';

const GUARD_WITHOUT_PERIOD = `
  IF NEW.id <> OLD.id OR NEW.firm_id <> OLD.firm_id OR NEW.application_id <> OLD.application_id
     OR NEW.certificate_number <> OLD.certificate_number OR NEW.issued_at <> OLD.issued_at
     OR NEW.valid_until <> OLD.valid_until OR NEW.decided_by_id <> OLD.decided_by_id THEN`;

const GUARD_WITH_PERIOD = `
  IF NEW.id <> OLD.id OR NEW.firm_id <> OLD.firm_id OR NEW.application_id <> OLD.application_id
     OR NEW.certificate_number <> OLD.certificate_number OR NEW.issued_at <> OLD.issued_at
     OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until <> OLD.valid_until OR NEW.decided_by_id <> OLD.decided_by_id
     OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id) THEN`;

const guardFunction = (factsChanged: string) => `
  CREATE OR REPLACE FUNCTION rating_guard_update() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    ${factsChanged}
      RAISE EXCEPTION 'rating %: the facts of issue never change', OLD.certificate_number USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.certificate_sha256 IS NOT NULL AND NEW.certificate_sha256 IS DISTINCT FROM OLD.certificate_sha256 THEN
      RAISE EXCEPTION 'rating %: an issued certificate never changes', OLD.certificate_number USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
         (OLD.status = 'active' AND NEW.status IN ('suspended', 'revoked', 'expired'))
      OR (OLD.status = 'suspended' AND NEW.status IN ('active', 'revoked', 'expired'))
    ) THEN
      RAISE EXCEPTION 'rating %: illegal transition from % to %', OLD.certificate_number, OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$`;

/**
 * Renewal with continuity (README "Certification cycle"). A rating gets the start of its certificate
 * period (`valid_from`: its issue, or for a renewal decided in time the day after the old rating's last
 * day); one rating replaces at most one; a renewal application names the application it renews, and a
 * rating's application is renewed at most once at a time (two concurrent renewals: one wins); evidence
 * carried over from the renewed application names the row it copies.
 */
export class RenewalContinuity1764002700000 implements MigrationInterface {
  name = 'RenewalContinuity1764002700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rating ADD COLUMN valid_from timestamptz`);
    await db.query(`UPDATE rating SET valid_from = issued_at`);
    await db.query(`ALTER TABLE rating ALTER COLUMN valid_from SET NOT NULL`);
    await db.query(`ALTER TABLE rating ADD CONSTRAINT chk_rating_period CHECK (valid_from >= issued_at AND valid_until > valid_from)`);
    await db.query(`CREATE UNIQUE INDEX uq_rating_superseded_by_id ON rating (superseded_by_id) WHERE superseded_by_id IS NOT NULL`);
    await db.query(guardFunction(GUARD_WITH_PERIOD));

    await db.query(`ALTER TABLE rating_event DROP CONSTRAINT chk_rating_event_kind`);
    await db.query(`ALTER TABLE rating_event ADD CONSTRAINT chk_rating_event_kind CHECK (kind IN ('issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired', 'superseded'))`);

    await db.query(`ALTER TABLE application ADD COLUMN renews_application_id uuid`);
    await db.query(`ALTER TABLE application ADD CONSTRAINT fk_application_renews_application_id FOREIGN KEY (renews_application_id) REFERENCES application (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE application ADD CONSTRAINT chk_application_renews_other CHECK (renews_application_id IS NULL OR renews_application_id <> id)`);
    await db.query(
      `CREATE UNIQUE INDEX uq_application_renewal ON application (renews_application_id) WHERE renews_application_id IS NOT NULL AND state <> 'withdrawn' AND outcome IS DISTINCT FROM 'refused'`,
    );

    await db.query(`ALTER TABLE evidence ADD COLUMN carried_from_id uuid`);
    await db.query(`ALTER TABLE evidence ADD CONSTRAINT fk_evidence_carried_from_id FOREIGN KEY (carried_from_id) REFERENCES evidence (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evidence DROP COLUMN carried_from_id`);
    await db.query(`DROP INDEX uq_application_renewal`);
    await db.query(`ALTER TABLE application DROP COLUMN renews_application_id`);
    await db.query(`UPDATE rating_event SET kind = 'issued' WHERE kind = 'renewed'`);
    await db.query(`ALTER TABLE rating_event DROP CONSTRAINT chk_rating_event_kind`);
    await db.query(`ALTER TABLE rating_event ADD CONSTRAINT chk_rating_event_kind CHECK (kind IN ('issued', 'suspended', 'reinstated', 'revoked', 'expired', 'superseded'))`);
    await db.query(guardFunction(GUARD_WITHOUT_PERIOD));
    await db.query(`DROP INDEX uq_rating_superseded_by_id`);
    await db.query(`ALTER TABLE rating DROP CONSTRAINT chk_rating_period`);
    await db.query(`ALTER TABLE rating DROP COLUMN valid_from`);
  }
}
