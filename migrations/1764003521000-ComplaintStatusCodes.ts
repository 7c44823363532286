import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public status page of a complaint (README "Complaints about the scheme"): the complainant gives
 * the reference and the status code shown once at filing, kept only as its SHA-256. Set on filing,
 * never changed. Complaints filed before have none, and cannot be looked up (their complainants were
 * told the outcome by mail, if they gave an address).
 */
export class ComplaintStatusCodes1764003521000 implements MigrationInterface {
  name = 'ComplaintStatusCodes1764003521000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE complaint ADD COLUMN status_code_sha256 text`);
    await db.query(`ALTER TABLE complaint ADD CONSTRAINT chk_complaint_status_code_sha256 CHECK (status_code_sha256 IS NULL OR status_code_sha256 ~ '^[0-9a-f]{64}$')`);
    await db.query(`
      CREATE FUNCTION complaint_status_code_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status_code_sha256 IS DISTINCT FROM OLD.status_code_sha256 THEN
          RAISE EXCEPTION 'complaint %: its status code never changes', OLD.reference USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_complaint_status_code_guard BEFORE UPDATE ON complaint FOR EACH ROW EXECUTE FUNCTION complaint_status_code_guard()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_complaint_status_code_guard ON complaint`);
    await db.query(`DROP FUNCTION complaint_status_code_guard()`);
    await db.query(`ALTER TABLE complaint DROP CONSTRAINT chk_complaint_status_code_sha256`);
    await db.query(`ALTER TABLE complaint DROP COLUMN status_code_sha256`);
  }
}
