import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { databaseUrl, TEMPLATE_DATABASE_ENV, TEST_SERVER_URL } from './test-database.constants';

/**
 * Migrates one template database per run; test files clone it, which takes milliseconds instead of seconds.
 * Each database tier names this setup, and Jest runs it once per tier that has tests to run: the first
 * one migrates, the others find the template already made in this process.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[TEMPLATE_DATABASE_ENV]) return;
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
  process.env[TEMPLATE_DATABASE_ENV] = template;
}
