import { MigrationInterface, QueryRunner } from 'typeorm';
import checklistV1 from '../libs/checklist/src/data/checklist-v1.json';

/**
 * The checklist as versioned data, and its first version (2026.1) loaded from the data file in the
 * repository. Published versions and their items never change: triggers refuse it, because audits
 * are kept against the version they started with. Only the "current" flag moves between versions.
 */
export class Checklist1764000300000 implements MigrationInterface {
  name = 'Checklist1764000300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE checklist_version (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        version text NOT NULL,
        published_at timestamptz NOT NULL,
        is_current boolean NOT NULL,
        CONSTRAINT pk_checklist_version PRIMARY KEY (id),
        CONSTRAINT uq_checklist_version_version UNIQUE (version),
        CONSTRAINT chk_checklist_version_version CHECK (version ~ '^[0-9]{4}\\.[1-9][0-9]{0,3}$')
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_checklist_version_current ON checklist_version (is_current) WHERE is_current`);

    await db.query(`
      CREATE TABLE checklist_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL,
        code text NOT NULL,
        section text NOT NULL,
        position integer NOT NULL,
        text_it text NOT NULL,
        text_en text NOT NULL,
        guidance_it text NOT NULL,
        guidance_en text NOT NULL,
        required boolean NOT NULL,
        evidence_required boolean NOT NULL,
        blocking boolean NOT NULL,
        assessment text NOT NULL,
        CONSTRAINT pk_checklist_item PRIMARY KEY (id),
        CONSTRAINT uq_checklist_item_version_id_code UNIQUE (version_id, code),
        CONSTRAINT uq_checklist_item_version_id_position UNIQUE (version_id, position),
        CONSTRAINT chk_checklist_item_section CHECK (section IN ('code_adoption', 'training', 'sanctions', 'consumer_protection')),
        CONSTRAINT chk_checklist_item_assessment CHECK (assessment IN ('declared', 'computed')),
        CONSTRAINT chk_checklist_item_code CHECK (code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'),
        CONSTRAINT chk_checklist_item_position CHECK (position > 0),
        CONSTRAINT chk_checklist_item_blocking_required CHECK (required OR NOT blocking),
        CONSTRAINT chk_checklist_item_computed CHECK (assessment = 'declared' OR (section = 'sanctions' AND NOT evidence_required)),
        CONSTRAINT fk_checklist_item_version_id FOREIGN KEY (version_id) REFERENCES checklist_version (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    // Only the "current" flag of a version may move; everything else about a published version is fixed.
    await db.query(`
      CREATE FUNCTION checklist_version_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.version = OLD.version AND NEW.published_at = OLD.published_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'a published checklist version is immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_checklist_version_immutable BEFORE UPDATE OR DELETE ON checklist_version FOR EACH ROW EXECUTE FUNCTION checklist_version_guard()`);
    await db.query(`
      CREATE FUNCTION checklist_item_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the items of a published checklist version are immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_checklist_item_immutable BEFORE UPDATE OR DELETE ON checklist_item FOR EACH ROW EXECUTE FUNCTION checklist_item_refuse_change()`);

    const [version] = (await db.query(
      `INSERT INTO checklist_version (version, published_at, is_current) VALUES ($1, now(), true) RETURNING id`,
      [checklistV1.version],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO checklist_item (version_id, code, section, position, text_it, text_en, guidance_it, guidance_en, required, evidence_required, blocking, assessment)
       SELECT $1, i."code", i."section", i."position", i."textIt", i."textEn", i."guidanceIt", i."guidanceEn", i."required", i."evidenceRequired", i."blocking", i."assessment"
       FROM jsonb_to_recordset($2::jsonb) AS i(
         "code" text, "section" text, "position" integer, "textIt" text, "textEn" text, "guidanceIt" text, "guidanceEn" text,
         "required" boolean, "evidenceRequired" boolean, "blocking" boolean, "assessment" text)`,
      [version.id, JSON.stringify(checklistV1.items)],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE checklist_item`);
    await db.query(`DROP TABLE checklist_version`);
    await db.query(`DROP FUNCTION checklist_item_refuse_change()`);
    await db.query(`DROP FUNCTION checklist_version_guard()`);
  }
}
