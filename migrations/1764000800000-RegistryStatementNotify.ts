import { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENT_TRIGGERS = [
  { event: 'INSERT', name: 'registry_notify_numbers_inserted', referencing: 'NEW TABLE AS changed_rows', rows: 'SELECT firm_id FROM changed_rows' },
  { event: 'DELETE', name: 'registry_notify_numbers_deleted', referencing: 'OLD TABLE AS changed_rows', rows: 'SELECT firm_id FROM changed_rows' },
  {
    event: 'UPDATE',
    name: 'registry_notify_numbers_updated',
    referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    rows: 'SELECT firm_id FROM old_rows UNION SELECT firm_id FROM new_rows',
  },
] as const;

/**
 * Calling numbers change in bulk (an import writes a million rows in one statement): the registry is
 * told once per firm and statement, from the statement's transition tables, instead of once per row
 * (a row trigger that turned each row into JSON cost more than the insert itself).
 */
export class RegistryStatementNotify1764000800000 implements MigrationInterface {
  name = 'RegistryStatementNotify1764000800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER trg_calling_number_registry_changed ON calling_number`);
    for (const { event, name, referencing, rows } of STATEMENT_TRIGGERS) {
      await db.query(`
        CREATE FUNCTION ${name}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('registry_changed', changed.firm_id::text) FROM (SELECT DISTINCT firm_id FROM (${rows}) AS touched) AS changed;
          RETURN NULL;
        END
        $$`);
      await db.query(`
        CREATE TRIGGER trg_calling_number_registry_${event.toLowerCase()} AFTER ${event} ON calling_number
        REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const { event, name } of STATEMENT_TRIGGERS) {
      await db.query(`DROP TRIGGER trg_calling_number_registry_${event.toLowerCase()} ON calling_number`);
      await db.query(`DROP FUNCTION ${name}()`);
    }
    await db.query(`
      CREATE TRIGGER trg_calling_number_registry_changed AFTER INSERT OR UPDATE OR DELETE ON calling_number
      FOR EACH ROW EXECUTE FUNCTION registry_notify_change('firm_id')`);
  }
}
