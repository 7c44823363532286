import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
// A path past the barrel on purpose: Jest's global setup runs outside its module system, without the `@app/*` names.
import { openDatabase } from '../../libs/database/src/data-source.factory';
import { MIGRATIONS } from '../../migrations';
import { databaseUrl, EMBEDDED_TEMPLATE_ENV, TEMPLATE_DATABASE_ENV, TEST_SERVER_URL } from './test-database.constants';

/**
 * Migrates one template database per run on the server, and one embedded (PGlite) data folder; test
 * files clone the first (`CREATE DATABASE … TEMPLATE`, milliseconds instead of seconds) and copy the
 * second (a fresh PGlite spends about 7 s on initdb and the migrations, a copy opens in under 1 s).
 * Each database tier names this setup, and Jest runs it once per tier that has tests to run: the first
 * one makes both, the others find them already made in this process. The two are made at once: the
 * server's migrations wait on PostgreSQL while PGlite's run on this thread.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[TEMPLATE_DATABASE_ENV]) return;
  const [template, embeddedTemplate] = await Promise.all([migrateServerTemplate(), migrateEmbeddedTemplate()]);
  process.env[TEMPLATE_DATABASE_ENV] = template;
  process.env[EMBEDDED_TEMPLATE_ENV] = embeddedTemplate;
}

async function migrateServerTemplate(): Promise<string> {
  const template = `aq_template_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl(template), migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  // pg-boss creates its own schema at first start: do it once here so every cloned database has it.
  const boss = new PgBoss({ connectionString: databaseUrl(template), supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true, close: true });
  return template;
}

/**
 * A PGlite data folder migrated as the application's first start would (the same `openDatabase`, the
 * same migrations, pg-boss's schema), closed cleanly so that a copy of its files opens as it was.
 */
async function migrateEmbeddedTemplate(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aq-pglite-template-'));
  const database = await openDatabase({ url: undefined, dataDir, poolSize: 1 }, { entities: [], migrations: MIGRATIONS });
  try {
    await database.dataSource.runMigrations({ transaction: 'each' });
    const pool = database.dataSource.driver as unknown as { master: { query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> } };
    const boss = new PgBoss({ db: { executeSql: (text, values) => pool.master.query(text, values) }, supervise: false, schedule: false, migrate: true });
    await boss.start();
    await boss.stop({ graceful: false, wait: true, close: false });
  } finally {
    await database.close();
  }
  return dataDir;
}
