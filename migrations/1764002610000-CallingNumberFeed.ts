import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caller-ID feed's published state and its change marks.
 * - `calling_number_feed_entry`: what the feed has published, one row per number and firm (a retired
 *   number keeps its row, flagged, so a delta can say it left), stamped with the `seq` of its last
 *   change: a delta is a range over the unique index on `seq`, the cursor the last `seq` a client has.
 * - `calling_number_feed_dirty_firm`: firms whose numbers, name, VAT number or rating changed, marked by
 *   triggers in the changing transaction (per statement for numbers, so a million-row import marks its
 *   firm once), and cleared by the feed's refresh, which recomputes just those firms.
 * Every firm in the registry is marked now, so the first refresh publishes the existing numbers.
 */
export class CallingNumberFeed1764002610000 implements MigrationInterface {
  name = 'CallingNumberFeed1764002610000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE calling_number_feed_seq AS bigint`);
    await db.query(`
      CREATE TABLE calling_number_feed_entry (
        e164 text NOT NULL,
        firm_id uuid NOT NULL,
        vat_number text NOT NULL,
        legal_name text NOT NULL,
        status text NOT NULL,
        retired boolean NOT NULL,
        change text NOT NULL,
        seq bigint NOT NULL,
        CONSTRAINT pk_calling_number_feed_entry PRIMARY KEY (e164, firm_id),
        CONSTRAINT uq_calling_number_feed_entry_seq UNIQUE (seq),
        CONSTRAINT chk_calling_number_feed_entry_status CHECK (status IN ('active', 'suspended', 'revoked', 'expired')),
        CONSTRAINT chk_calling_number_feed_entry_change CHECK (change IN ('added', 'retired', 'changed') AND (change = 'retired') = retired)
      )`);
    await db.query(`CREATE INDEX idx_calling_number_feed_entry_firm_id ON calling_number_feed_entry (firm_id)`);
    await db.query(`CREATE TABLE calling_number_feed_dirty_firm (firm_id uuid NOT NULL, CONSTRAINT pk_calling_number_feed_dirty_firm PRIMARY KEY (firm_id))`);

    await db.query(`
      CREATE FUNCTION calling_number_feed_mark_numbers() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO calling_number_feed_dirty_firm (firm_id) SELECT DISTINCT firm_id FROM new_rows ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$`);
    for (const event of ['INSERT', 'UPDATE']) {
      await db.query(`
        CREATE TRIGGER trg_calling_number_feed_${event.toLowerCase()} AFTER ${event} ON calling_number
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION calling_number_feed_mark_numbers()`);
    }
    await db.query(`
      CREATE FUNCTION calling_number_feed_mark_firm() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        -- Two statements, not one CASE: PL/pgSQL resolves every field an expression names, and a firm row has no firm_id.
        IF TG_TABLE_NAME = 'firm' THEN
          INSERT INTO calling_number_feed_dirty_firm (firm_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO calling_number_feed_dirty_firm (firm_id) VALUES (NEW.firm_id) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_rating_calling_number_feed AFTER INSERT OR UPDATE ON rating FOR EACH ROW EXECUTE FUNCTION calling_number_feed_mark_firm()`);
    await db.query(`
      CREATE TRIGGER trg_firm_calling_number_feed AFTER UPDATE OF vat_number, legal_name ON firm
      FOR EACH ROW EXECUTE FUNCTION calling_number_feed_mark_firm()`);
    await db.query(`INSERT INTO calling_number_feed_dirty_firm (firm_id) SELECT firm_id FROM registry_entry`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_firm_calling_number_feed ON firm`);
    await db.query(`DROP TRIGGER trg_rating_calling_number_feed ON rating`);
    await db.query(`DROP FUNCTION calling_number_feed_mark_firm()`);
    for (const event of ['insert', 'update']) await db.query(`DROP TRIGGER trg_calling_number_feed_${event} ON calling_number`);
    await db.query(`DROP FUNCTION calling_number_feed_mark_numbers()`);
    await db.query(`DROP TABLE calling_number_feed_dirty_firm`);
    await db.query(`DROP TABLE calling_number_feed_entry`);
    await db.query(`DROP SEQUENCE calling_number_feed_seq`);
  }
}
