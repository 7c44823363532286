/**
 * The benchmark's yardstick: bare Fastify and `pg` with named prepared statements, running the same
 * indexed queries as the registry's uncached paths, and nothing else (no Nest, no validation, no cache,
 * no rate limit, no logging). Started by registry.bench.ts with DATABASE_URL, PORT and POOL_SIZE.
 */
import { type FirstPageRow, LOOKUP_PHONE, readingsOf, REGISTRY_PAGE_SIZE, resemblingNamesQuery, searchQuery, VERIFY_CERTIFICATE } from '@app/registry';
import Fastify from 'fastify';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.POOL_SIZE ?? 4),
    // The application's search session settings that change the work done: generic plans, the misspelling threshold.
    options: '-c plan_cache_mode=force_generic_plan -c pg_trgm.similarity_threshold=0.3',
  });
  const app = Fastify({ logger: false });
  const one = async (statement: { name: string; text: string }, values: unknown[]): Promise<unknown> =>
    ((await pool.query({ name: statement.name, text: statement.text, values })).rows[0] as unknown) ?? null;

  app.get<{ Params: { number: string } }>('/verify/:number', async (request) => one(VERIFY_CERTIFICATE, [request.params.number]));
  app.get<{ Params: { e164: string } }>('/phone/:e164', async (request) => one(LOOKUP_PHONE, [request.params.e164]));
  const rows = async ({ statement, values }: { statement: { name: string; text: string }; values: readonly unknown[] }) =>
    (await pool.query<FirstPageRow>({ name: statement.name, text: statement.text, values: [...values] })).rows;
  // The application's statements, in the same order: the search, and, when it finds nothing, the misspelling fallback.
  app.get<{ Querystring: { q: string } }>('/search', async (request) => {
    const now = new Date();
    const search = { criteria: { kind: 'text', text: request.query.q }, status: null, province: null, page: 1, pageSize: REGISTRY_PAGE_SIZE } as const;
    const found = await rows(searchQuery(search, now));
    const readings = readingsOf(found);
    if (readings === null) return found;
    return readings.length === 0 ? [] : ((await rows(resemblingNamesQuery(search, request.query.q, readings, now))));
  });
  app.get('/health/ready', () => ({ status: 'ok' }));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = () => void app.close().then(() => pool.end()).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
