/**
 * The benchmark's yardstick: bare Fastify and `pg` with named prepared statements, running the same
 * indexed queries as the registry's uncached paths, and nothing else (no Nest, no validation, no cache,
 * no rate limit, no logging). Started by registry.bench.ts with DATABASE_URL, PORT and POOL_SIZE.
 */
import { LOOKUP_PHONE, REGISTRY_PAGE_SIZE, searchQuery, VERIFY_CERTIFICATE } from '@app/registry';
import Fastify from 'fastify';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.POOL_SIZE ?? 4),
    // Search plans depend on the words searched, as in the application's search transaction.
    options: '-c plan_cache_mode=force_custom_plan',
  });
  const app = Fastify({ logger: false });
  const one = async (statement: { name: string; text: string }, values: unknown[]): Promise<unknown> =>
    ((await pool.query({ name: statement.name, text: statement.text, values })).rows[0] as unknown) ?? null;

  app.get<{ Params: { number: string } }>('/verify/:number', async (request) => one(VERIFY_CERTIFICATE, [request.params.number]));
  app.get<{ Params: { e164: string } }>('/phone/:e164', async (request) => one(LOOKUP_PHONE, [request.params.e164]));
  app.get<{ Querystring: { q: string } }>('/search', async (request) => {
    const { statement, values } = searchQuery({ criteria: { kind: 'text', text: request.query.q }, status: null, province: null, page: 1, pageSize: REGISTRY_PAGE_SIZE }, new Date());
    return (await pool.query({ name: statement.name, text: statement.text, values: [...values] })).rows as unknown[];
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
