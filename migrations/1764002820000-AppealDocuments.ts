import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The firm's documents in support of its appeal (README "Appeals"): stored bytes in `stored_blob`, as
 * application evidence is. Added by the firm while the appeal is not decided; never changed or deleted.
 */
export class AppealDocuments1764002820000 implements MigrationInterface {
  name = 'AppealDocuments1764002820000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE appeal_document (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        appeal_id uuid NOT NULL,
        sha256 text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        uploaded_by_id uuid NOT NULL,
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT pk_appeal_document PRIMARY KEY (id),
        CONSTRAINT fk_appeal_document_appeal_id FOREIGN KEY (appeal_id) REFERENCES appeal (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_document_sha256 FOREIGN KEY (sha256) REFERENCES stored_blob (sha256) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT fk_appeal_document_uploaded_by_id FOREIGN KEY (uploaded_by_id) REFERENCES user_account (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_appeal_document_appeal_id ON appeal_document (appeal_id, uploaded_at)`);
    await db.query(`
      CREATE FUNCTION appeal_document_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'an appeal document never changes: % refused', TG_OP USING ERRCODE = 'restrict_violation';
        END IF;
        IF (SELECT status FROM appeal WHERE id = NEW.appeal_id) NOT IN ('filed', 'under_review') THEN
          RAISE EXCEPTION 'appeal %: documents are added only before the decision', NEW.appeal_id USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_appeal_document_guard BEFORE INSERT OR UPDATE OR DELETE ON appeal_document FOR EACH ROW EXECUTE FUNCTION appeal_document_guard()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE appeal_document`);
    await db.query(`DROP FUNCTION appeal_document_guard()`);
  }
}
