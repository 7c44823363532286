import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { EMBEDDED_TEMPLATE_ENV, TEMPLATE_DATABASE_ENV, TEST_SERVER_URL } from './test-database.constants';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_DATABASE_ENV];
  if (!template) return;
  // Every database tier's teardown comes here after all tiers ran; the first one drops the lot.
  delete process.env[TEMPLATE_DATABASE_ENV];
  const embeddedTemplate = process.env[EMBEDDED_TEMPLATE_ENV];
  delete process.env[EMBEDDED_TEMPLATE_ENV];
  if (embeddedTemplate) rmSync(embeddedTemplate, { recursive: true, force: true });
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}_%`]);
    for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
