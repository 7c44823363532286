import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence: versions of documents attached to checklist items, bytes in stored_blob (by SHA-256).
 * Rows never change (a new version points at the one it supersedes, at most one successor each),
 * and new ones are accepted only while the application is a draft.
 */
export class Evidence1764000220000 implements MigrationInterface {
  name = 'Evidence1764000220000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE evidence (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        item_code text NOT NULL,
        blob_sha256 text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        description text,
        effective_date date NOT NULL,
        expires_on date,
        supersedes_id uuid,
        uploaded_by uuid NOT NULL,
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT pk_evidence PRIMARY KEY (id),
        CONSTRAINT uq_evidence_supersedes_id UNIQUE (supersedes_id),
        CONSTRAINT chk_evidence_item_code CHECK (item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'),
        CONSTRAINT chk_evidence_content_type CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'text/csv', 'text/plain')),
        CONSTRAINT chk_evidence_size CHECK (size > 0),
        CONSTRAINT chk_evidence_expires_on CHECK (expires_on IS NULL OR expires_on >= effective_date),
        CONSTRAINT fk_evidence_application_id FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_evidence_blob_sha256 FOREIGN KEY (blob_sha256) REFERENCES stored_blob (sha256) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_evidence_supersedes_id FOREIGN KEY (supersedes_id) REFERENCES evidence (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_evidence_uploaded_by FOREIGN KEY (uploaded_by) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_evidence_application_id_item_code ON evidence (application_id, item_code)`);

    await db.query(`
      CREATE TRIGGER trg_evidence_draft_only BEFORE INSERT ON evidence
      FOR EACH ROW EXECUTE FUNCTION application_refuse_unless_draft()`);
    await db.query(`
      CREATE FUNCTION evidence_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'evidence is never changed or deleted: upload a new version instead (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER trg_evidence_no_update_delete BEFORE UPDATE OR DELETE ON evidence
      FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE evidence`);
    await db.query(`DROP FUNCTION evidence_refuse_change()`);
  }
}
