import { MigrationInterface, QueryRunner } from 'typeorm';

const VIOLATION = `USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_calling_number_firm_id'`;

/**
 * A calling number's firm is checked once per statement and firm instead of once per row. The foreign
 * key ran its check for every row, four of the fifteen seconds PostgreSQL spent importing a million
 * numbers, all of them for the same firm. The rule stays in the database, with the foreign key's error
 * code and name: the numbers' firms must exist and are locked FOR KEY SHARE until commit (as the foreign
 * key locks them), and a firm that holds numbers can be neither deleted nor renumbered. One difference:
 * the delete guard reads the deleting transaction's snapshot, so it relies on READ COMMITTED (the
 * application's level) to see numbers committed while it waited for the firm's lock; firms are never deleted.
 */
export class CallingNumberFirmCheckPerStatement1764001100000 implements MigrationInterface {
  name = 'CallingNumberFirmCheckPerStatement1764001100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE calling_number DROP CONSTRAINT fk_calling_number_firm_id`);
    await db.query(`
      CREATE FUNCTION calling_number_firms_exist() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        referenced uuid;
      BEGIN
        FOR referenced IN SELECT DISTINCT firm_id FROM new_rows LOOP
          PERFORM 1 FROM firm WHERE id = referenced FOR KEY SHARE;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'calling_number refers to firm %, which does not exist', referenced ${VIOLATION};
          END IF;
        END LOOP;
        RETURN NULL;
      END
      $$`);
    for (const event of ['INSERT', 'UPDATE']) {
      await db.query(`
        CREATE TRIGGER trg_calling_number_firms_exist_${event.toLowerCase()} AFTER ${event} ON calling_number
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION calling_number_firms_exist()`);
    }
    await db.query(`
      CREATE FUNCTION firm_keeps_its_calling_numbers() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM calling_number WHERE firm_id = OLD.id) THEN
          RAISE EXCEPTION 'firm % holds calling numbers', OLD.id ${VIOLATION};
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END
      $$`);
    await db.query(`CREATE TRIGGER trg_firm_keeps_its_calling_numbers_delete BEFORE DELETE ON firm FOR EACH ROW EXECUTE FUNCTION firm_keeps_its_calling_numbers()`);
    await db.query(`
      CREATE TRIGGER trg_firm_keeps_its_calling_numbers_update BEFORE UPDATE OF id ON firm
      FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION firm_keeps_its_calling_numbers()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_firm_keeps_its_calling_numbers_update ON firm`);
    await db.query(`DROP TRIGGER trg_firm_keeps_its_calling_numbers_delete ON firm`);
    await db.query(`DROP FUNCTION firm_keeps_its_calling_numbers()`);
    for (const event of ['INSERT', 'UPDATE']) await db.query(`DROP TRIGGER trg_calling_number_firms_exist_${event.toLowerCase()} ON calling_number`);
    await db.query(`DROP FUNCTION calling_number_firms_exist()`);
    await db.query(`
      ALTER TABLE calling_number ADD CONSTRAINT fk_calling_number_firm_id
      FOREIGN KEY (firm_id) REFERENCES firm (id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }
}
