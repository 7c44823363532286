import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search for a city matched its thousands of firms and sorted them all for one page of names. With
 * the entries of a city in name order in one index, the page is read from the front of that index.
 * The new index also serves every lookup the city-only index served, so that one goes.
 */
export class RegistryCityNameIndex1764001000000 implements MigrationInterface {
  name = 'RegistryCityNameIndex1764001000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX idx_registry_entry_search_city_name ON registry_entry (search_city, search_name, firm_id)`);
    await db.query(`DROP INDEX idx_registry_entry_search_city`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX idx_registry_entry_search_city ON registry_entry (search_city)`);
    await db.query(`DROP INDEX idx_registry_entry_search_city_name`);
  }
}
