import { MigrationInterface, QueryRunner } from 'typeorm';

/** Content-addressed bytes (evidence files, certificate PDFs), stored once per SHA-256. */
export class Storage1764000100000 implements MigrationInterface {
  name = 'Storage1764000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stored_blob (
        sha256 text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_stored_blob PRIMARY KEY (sha256),
        CONSTRAINT chk_stored_blob_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT chk_stored_blob_size CHECK (size = octet_length(bytes))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE stored_blob`);
  }
}
