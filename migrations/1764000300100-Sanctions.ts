import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sanctions register. Sanctions are never deleted: an annulled one keeps its row with the
 * annulment time and reason, so the register shows what was known and when (with the history).
 */
export class Sanctions1764000300100 implements MigrationInterface {
  name = 'Sanctions1764000300100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sanction (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        firm_id uuid NOT NULL,
        authority text NOT NULL,
        reference text NOT NULL,
        conduct_category text NOT NULL,
        amount_cents bigint,
        imposed_on date NOT NULL,
        definitive_on date,
        source_url text NOT NULL,
        notes text,
        annulled_at timestamptz,
        annulment_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_sanction PRIMARY KEY (id),
        CONSTRAINT uq_sanction_firm_id_authority_reference UNIQUE (firm_id, authority, reference),
        CONSTRAINT chk_sanction_authority CHECK (authority IN ('garante_privacy', 'agcom', 'agcm', 'judicial')),
        CONSTRAINT chk_sanction_conduct_category CHECK (conduct_category IN ('data_protection', 'consumer_harm', 'other')),
        CONSTRAINT chk_sanction_amount_cents CHECK (amount_cents IS NULL OR amount_cents > 0),
        CONSTRAINT chk_sanction_definitive_on CHECK (definitive_on IS NULL OR definitive_on >= imposed_on),
        CONSTRAINT chk_sanction_source_url CHECK (source_url ~ '^https://'),
        CONSTRAINT chk_sanction_annulment CHECK ((annulled_at IS NULL) = (annulment_reason IS NULL)),
        CONSTRAINT fk_sanction_firm_id FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX idx_sanction_firm_id ON sanction (firm_id)`);

    // Sanctions are annulled, never deleted.
    await db.query(`
      CREATE FUNCTION sanction_refuse_delete() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sanctions are never deleted; record an annulment instead' USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_sanction_no_delete BEFORE DELETE ON sanction FOR EACH ROW EXECUTE FUNCTION sanction_refuse_delete()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sanction`);
    await db.query(`DROP FUNCTION sanction_refuse_delete()`);
  }
}
