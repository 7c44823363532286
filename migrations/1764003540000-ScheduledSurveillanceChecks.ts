import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The guard of surveillance checks as the migration that created them wrote it (`scheduling` false,
 * for `down`) or, with scheduling, also refusing any change to a cancelled check or to the day a check
 * was scheduled for, and any move of a scheduled check but opening or cancelling it.
 */
function guard(scheduling: boolean): string {
  return `
      CREATE OR REPLACE FUNCTION surveillance_check_guard() RETURNS trigger
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
          END IF;${
            scheduling
              ? `
          IF OLD.status = 'cancelled' THEN
            RAISE EXCEPTION 'surveillance check %: already cancelled', OLD.id USING ERRCODE = 'restrict_violation';
          END IF;
          IF NEW.scheduled_on IS DISTINCT FROM OLD.scheduled_on THEN
            RAISE EXCEPTION 'surveillance check %: the day it was scheduled for never changes', OLD.id USING ERRCODE = 'restrict_violation';
          END IF;
          IF (NEW.status = 'scheduled' AND OLD.status <> 'scheduled')
             OR (OLD.status = 'scheduled' AND NEW.status NOT IN ('scheduled', 'in_progress', 'cancelled'))
             OR (NEW.status = 'cancelled' AND OLD.status <> 'scheduled') THEN
            RAISE EXCEPTION 'surveillance check %: cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
          END IF;`
              : ''
          }
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
      $$`;
}

/**
 * Surveillance checks scheduled for a Rome day (README "Surveillance"): an admin may give a plan-entry
 * check a later day; it waits as `scheduled` (no results, no findings: their guards accept only a
 * running check) until the due-checks job opens it, or cancels it (`cancelled`, with the reason) when
 * the rating is no longer current by then. A scheduled check holds its entry's place as a running one
 * does (a second check of the same entry and kind is refused); a cancelled one gives it back, so the
 * unique index leaves cancelled checks out. The guard keeps the day, refuses any change to a cancelled
 * check, and allows a scheduled check only to open or be cancelled.
 */
export class ScheduledSurveillanceChecks1764003540000 implements MigrationInterface {
  name = 'ScheduledSurveillanceChecks1764003540000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE surveillance_check ADD COLUMN scheduled_on date`);
    await db.query(`ALTER TABLE surveillance_check ADD COLUMN cancelled_at timestamptz`);
    await db.query(`ALTER TABLE surveillance_check ADD COLUMN cancellation_reason text`);
    await db.query(`ALTER TABLE surveillance_check DROP CONSTRAINT chk_surveillance_check_status`);
    await db.query(`ALTER TABLE surveillance_check ADD CONSTRAINT chk_surveillance_check_status CHECK (status IN ('scheduled', 'in_progress', 'proposed', 'decided', 'cancelled'))`);
    await db.query(
      `ALTER TABLE surveillance_check ADD CONSTRAINT chk_surveillance_check_scheduled CHECK ((status <> 'scheduled' OR scheduled_on IS NOT NULL) AND (scheduled_on IS NULL OR plan_entry_id IS NOT NULL))`,
    );
    await db.query(
      `ALTER TABLE surveillance_check ADD CONSTRAINT chk_surveillance_check_cancellation CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL) AND (cancellation_reason IS NULL OR cancellation_reason IN ('rating_not_current')))`,
    );
    await db.query(`DROP INDEX uq_surveillance_check_plan_entry_id_kind`);
    await db.query(`CREATE UNIQUE INDEX uq_surveillance_check_plan_entry_id_kind ON surveillance_check (plan_entry_id, kind) WHERE plan_entry_id IS NOT NULL AND status <> 'cancelled'`);
    // The due-checks job looks for scheduled checks by day.
    await db.query(`CREATE INDEX idx_surveillance_check_scheduled_on ON surveillance_check (scheduled_on) WHERE status = 'scheduled'`);
    await db.query(guard(true));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM surveillance_check WHERE status IN ('scheduled', 'cancelled')) THEN
          RAISE EXCEPTION 'scheduled or cancelled surveillance checks exist: the schema before scheduling has no place for them';
        END IF;
      END
      $$`);
    await db.query(guard(false));
    await db.query(`DROP INDEX idx_surveillance_check_scheduled_on`);
    await db.query(`DROP INDEX uq_surveillance_check_plan_entry_id_kind`);
    await db.query(`CREATE UNIQUE INDEX uq_surveillance_check_plan_entry_id_kind ON surveillance_check (plan_entry_id, kind) WHERE plan_entry_id IS NOT NULL`);
    await db.query(`ALTER TABLE surveillance_check DROP CONSTRAINT chk_surveillance_check_cancellation`);
    await db.query(`ALTER TABLE surveillance_check DROP CONSTRAINT chk_surveillance_check_scheduled`);
    await db.query(`ALTER TABLE surveillance_check DROP CONSTRAINT chk_surveillance_check_status`);
    await db.query(`ALTER TABLE surveillance_check ADD CONSTRAINT chk_surveillance_check_status CHECK (status IN ('in_progress', 'proposed', 'decided'))`);
    await db.query(`ALTER TABLE surveillance_check DROP COLUMN cancellation_reason`);
    await db.query(`ALTER TABLE surveillance_check DROP COLUMN cancelled_at`);
    await db.query(`ALTER TABLE surveillance_check DROP COLUMN scheduled_on`);
  }
}
