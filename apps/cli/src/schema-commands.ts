import type { AppConfig } from '@app/config';
import { openDatabase } from '@app/database';
import { PLATFORM_SCHEMA } from '@app/schema';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs pending migrations, outside Nest: the application itself refuses to boot on an unmigrated server. */
export async function migrate(config: AppConfig): Promise<void> {
  const database = await openDatabase(config.database, PLATFORM_SCHEMA);
  try {
    const applied = await database.dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}\n` : 'The database is up to date\n');
  } finally {
    await database.close();
  }
}

/**
 * Writes a migration with the SQL that would bring a migrated database in line with the entities,
 * for a person to read and tidy before it is committed.
 */
export async function generateMigration(config: AppConfig, name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Name the migration in PascalCase, e.g. AddFirmSites');
  const database = await openDatabase(config.database, PLATFORM_SCHEMA);
  try {
    await database.dataSource.runMigrations({ transaction: 'each' });
    const sql = await database.dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('The entities match the migrations: nothing to generate\n');
      return;
    }
    const timestamp = Date.now();
    const quote = (query: string) => `    await db.query(${JSON.stringify(query)});`;
    const file = join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(db: QueryRunner): Promise<void> {
${sql.upQueries.map((q) => quote(q.query)).join('\n')}
  }

  async down(db: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((q) => quote(q.query)).join('\n')}
  }
}
`,
    );
    process.stdout.write(`Wrote ${file}: read it, then list it in migrations/index.ts\n`);
  } finally {
    await database.close();
  }
}
