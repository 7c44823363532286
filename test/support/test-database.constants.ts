/** The PostgreSQL server tests run against; each test file gets its own database cloned from a migrated template. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DATABASE_ENV = 'AQ_TEST_TEMPLATE_DATABASE';
/** The folder of a migrated PGlite database that each embedded test app starts from a copy of. */
export const EMBEDDED_TEMPLATE_ENV = 'AQ_TEST_EMBEDDED_TEMPLATE_DIR';

export function databaseUrl(database: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
