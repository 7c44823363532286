/**
 * `npm run bench:registry`: the public registry under load, against a bare baseline.
 *
 * Loads 100,000 firms and 1,000,000 calling numbers into a fresh database on the PostgreSQL server,
 * starts the API (as `npm start` does, in its own process) and a baseline (bare Fastify + `pg` with
 * named prepared statements running the same indexed queries), and measures both with autocannon:
 * throughput, p50/p99 latency and the server's CPU time per request for certificate verification and
 * phone lookup (from the cache and uncached) and name search; then a 304 run and the same verification
 * on the embedded PGlite database. Then propagation: a second instance on the same server, revocations
 * made through the first, and how long until the second's verification JSON says `revoked`.
 * Prints one table in Markdown.
 *
 * Verification and phone lookup run in BENCH_ROUNDS rounds, each round baseline, app uncached and app
 * cached one after the other, and the table gives each run's median: on a shared 2-core machine one
 * run's ratio moves by more than the margins of the targets, and alternating spreads any drift evenly.
 *
 * Name search is also measured one client at a time, on search terms as people type them and on a
 * recall set of misspelt names (test/bench/registry-recall.ts): how often the firm meant is among the
 * first five answers, beside the latency of those same searches.
 *
 * Environment: BENCH_SECONDS (10 per run), BENCH_ROUNDS (3), BENCH_FIRMS (100000), BENCH_PGLITE_FIRMS
 * (BENCH_FIRMS), BENCH_CONNECTIONS (16), BENCH_REVOCATIONS (40), BENCH_POLL_MS (10, the propagation's polling interval),
 * BENCH_RECALL_QUERIES (1000), BENCH_ONLY=search (only name search and recall, on a registry loaded without
 * calling numbers: minutes instead of half an hour), TEST_DATABASE_SERVER_URL (the tests' server).
 */
import 'reflect-metadata';
import { openDatabase } from '@app/database';
import { PLATFORM_SCHEMA } from '@app/schema';
import { Algorithm, hash } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ChildApi, startChildApi, startChildServer } from '../support/child-api';
import { callingNumberOf, certificateNumberOf, CITIES, firmName, loadRegistryDataset, MIDDLES, PREFIXES, SURNAMES } from './registry-dataset';
import { RECALL_TOP, recallOf, RecallOutcome, recallQueries } from './registry-recall';

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FIRMS = Number(process.env.BENCH_FIRMS ?? 100_000);
const PGLITE_FIRMS = Number(process.env.BENCH_PGLITE_FIRMS ?? FIRMS);
const SEARCH_ONLY = process.env.BENCH_ONLY === 'search';
if (process.env.BENCH_ONLY !== undefined && !SEARCH_ONLY) throw new Error('BENCH_ONLY can only be "search"');
const NUMBERS_PER_FIRM = SEARCH_ONLY ? 0 : 10;
const RECALL_QUERIES = Number(process.env.BENCH_RECALL_QUERIES ?? 1000);
const RECALL_SEED = 17;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const POOL_SIZE = '4';
/** Keys a "cached" run cycles through: all of them stay in the cache. */
const HOT_KEYS = 100;
const SEARCH_LATENCY_SAMPLES = 400;
const WARM_UP_SECONDS = 3;
const CLOCK_TICK_MICROS = 10_000;
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 40);
/** How often the second instance's verification is asked while a revocation travels. */
const PROPAGATION_POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);
/** The reviewer the dataset creates (registry-dataset.ts), given a password here so that it can sign in. */
const BENCH_REVIEWER = { id: '00000000-0000-4000-8000-0000000000bb', email: 'deliberante@bench.example.it', password: 'bench-reviewer-password' };

interface Run {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMicrosPerRequest: number;
  readonly statuses: string;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function databaseUrl(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** User plus system CPU time of a process, in clock ticks of 10 ms (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** A different client address per request (the app believes X-Forwarded-For from loopback): 1,000 clients. */
const clientAddress = (n: number) => `198.18.${(n >> 8) % 4}.${n % 250}`;

async function load(server: ChildApi, path: (n: number) => string, headers: (n: number) => Record<string, string> = () => ({}), seconds = SECONDS): Promise<Run> {
  let n = 0;
  const before = cpuTicks(server.pid);
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const i = n;
          n += 1;
          return { ...request, path: path(i), headers: { ...request.headers, 'x-forwarded-for': clientAddress(i), ...headers(i) } };
        },
      },
    ],
  });
  const ticks = cpuTicks(server.pid) - before;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMicrosPerRequest: (ticks * CLOCK_TICK_MICROS) / Math.max(1, result.requests.total),
    statuses: Object.entries(result.statusCodeStats)
      .map(([status, { count }]) => `${status}×${count}`)
      .join(' ') + (result.errors > 0 ? ` errors×${result.errors}` : ''),
  };
}

interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Exact latency percentiles of one client asking one question at a time. */
async function sequentialLatency(url: string, paths: readonly string[]): Promise<Latency> {
  const samples: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, { headers: { 'x-forwarded-for': clientAddress(samples.length) } });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  return latencyOf(samples);
}

interface Recall {
  readonly queries: number;
  readonly recall: number;
  readonly latency: Latency;
}

/** The misspelt-name recall set asked of the app one at a time: where the firm meant came, and how long each search took. */
async function measureRecall(url: string): Promise<Recall> {
  const firms = Array.from({ length: FIRMS }, (_, index) => index + 1);
  const queries = recallQueries(firms, firmName, RECALL_QUERIES, RECALL_SEED);
  const outcomes: RecallOutcome[] = [];
  const samples: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/registry/firms?q=${encodeURIComponent(query.query)}`, { headers: { 'x-forwarded-for': clientAddress(samples.length) } });
    const { items } = (await response.json()) as { items: { legalName: string }[] };
    samples.push(performance.now() - started);
    const position = items.findIndex((item) => item.legalName === query.name);
    outcomes.push({ query, position: position < 0 ? null : position + 1 });
  }
  return { queries: queries.length, recall: recallOf(outcomes), latency: latencyOf(samples) };
}

/** Search terms as people type them: two words of a name, a surname, a whole name, part of a word, a misspelling, a city. */
function searchTerms(count: number): string[] {
  const terms: string[] = [];
  for (let i = 0; terms.length < count; i += 7919) {
    const firm = 1 + (i % FIRMS);
    const name = firmName(firm);
    switch (terms.length % 6) {
      case 0:
        terms.push(`${PREFIXES[i % PREFIXES.length]} ${MIDDLES[(i >> 3) % MIDDLES.length]}`);
        break;
      case 1:
        terms.push(SURNAMES[i % SURNAMES.length]);
        break;
      case 2:
        terms.push(name);
        break;
      case 3:
        terms.push(MIDDLES.filter((word) => word.length >= 6)[i % 20].slice(1, 7));
        break;
      case 4:
        terms.push(name.replace(/([aeiou])/, '').replace(/\s+\S+$/, ''));
        break;
      default:
        terms.push(CITIES[i % CITIES.length]);
    }
  }
  return terms;
}

async function transactionsOf(database: string): Promise<number> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ count: string }>(`SELECT xact_commit + xact_rollback AS count FROM pg_stat_database WHERE datname = $1`, [database]);
    return Number(rows[0].count);
  } finally {
    await admin.end();
  }
}

/** An idle backend reports its statistics to pg_stat_database up to 10 s late. */
const settleStatistics = () => new Promise((resolve) => setTimeout(resolve, 11_000));

async function createServerDatabase(database: string): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl(database), migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  const client = new Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    const started = Date.now();
    await loadRegistryDataset((sql) => client.query(sql), FIRMS, NUMBERS_PER_FIRM);
    await client.query('VACUUM ANALYZE');
    // Every run then starts with the same data in memory, whichever of app and baseline runs first.
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    await client.query(`SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND c.relname ~ '^(firm|rating|registry_entry|calling_number|rating_event|idx_|pk_|uq_)'`);
    log(`  loaded ${FIRMS} firms and ${FIRMS * NUMBERS_PER_FIRM} numbers on the server in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await client.end();
  }
}

async function setReviewerPassword(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const passwordHash = await hash(BENCH_REVIEWER.password, { algorithm: Algorithm.Argon2id });
    await client.query('UPDATE user_account SET password_hash = $1 WHERE id = $2', [passwordHash, BENCH_REVIEWER.id]);
  } finally {
    await client.end();
  }
}

async function dropServerDatabase(database: string): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function createEmbeddedDatabase(dataDir: string): Promise<void> {
  const database = await openDatabase({ url: undefined, dataDir, poolSize: 1 }, PLATFORM_SCHEMA);
  try {
    await database.dataSource.runMigrations({ transaction: 'each' });
    const started = Date.now();
    await loadRegistryDataset((sql) => database.dataSource.query(sql), PGLITE_FIRMS, NUMBERS_PER_FIRM);
    await database.dataSource.query('VACUUM ANALYZE');
    log(`  loaded ${PGLITE_FIRMS} firms and ${PGLITE_FIRMS * NUMBERS_PER_FIRM} numbers into PGlite in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await database.close();
  }
}

/** The run of median throughput. */
function median(runs: readonly Run[]): Run {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];
}

interface Rounds {
  readonly baseline: Run[];
  readonly uncached: Run[];
  readonly cached: Run[];
}

/**
 * ROUNDS rounds of baseline, app uncached, app cached. Uncached runs continue where the previous one
 * stopped, so no key is asked twice (the cache keeps the first answer).
 */
async function alternatingRounds(baseline: () => Promise<Run>, uncached: (firstKey: number) => Promise<Run>, cached: () => Promise<Run>): Promise<Rounds> {
  const rounds: Rounds = { baseline: [], uncached: [], cached: [] };
  let nextKey = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    rounds.baseline.push(await baseline());
    const run = await uncached(nextKey);
    nextKey += run.requests;
    rounds.uncached.push(run);
    rounds.cached.push(await cached());
  }
  return rounds;
}

const perRound = (app: readonly Run[], baseline: readonly Run[]) => app.map((run, round) => `${(run.requestsPerSecond / baseline[round].requestsPerSecond).toFixed(2)}x`).join(', ');

const ms = (value: number) => value.toFixed(2);
const ratio = (app: number, baseline: number) => `${(app / baseline).toFixed(2)}x`;

function row(label: string, app: Run, baseline: Run | null, target: string): string {
  const base = baseline === null ? ['', '', ''] : [baseline.requestsPerSecond.toFixed(0), `${ms(baseline.p50)} / ${ms(baseline.p99)}`, baseline.cpuMicrosPerRequest.toFixed(0)];
  return `| ${label} | ${app.requestsPerSecond.toFixed(0)} | ${ms(app.p50)} / ${ms(app.p99)} | ${app.cpuMicrosPerRequest.toFixed(0)} | ${base.join(' | ')} | ${baseline === null ? '' : ratio(app.requestsPerSecond, baseline.requestsPerSecond)} | ${target} |`;
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

interface Propagation {
  /** From the revocation's answer (its commit) until this process, LISTENing too, received the notification. */
  readonly notified: Percentiles;
  /** From the revocation's answer until the second instance's verification JSON said `revoked`. */
  readonly seen: Percentiles;
}

const ratingIdOf = (firm: number) => `00000000-0000-4000-a000-${firm.toString(16).padStart(12, '0')}`;

/**
 * REVOCATIONS revocations through `first`, each of a certificate whose answer `second` holds in its
 * cache, while this process polls `second`'s verification every PROPAGATION_POLL_MS and listens on the
 * registry's channel itself (which separates PostgreSQL's delivery from the instance's own work).
 */
async function measurePropagation(first: ChildApi, second: ChildApi, url: string, firms: readonly number[]): Promise<Propagation> {
  const login = await fetch(`${first.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_REVIEWER.email, password: BENCH_REVIEWER.password }),
  });
  if (!login.ok) throw new Error(`The bench reviewer cannot sign in: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const outcomeOn = async (certificateNumber: string) =>
    ((await (await fetch(`${second.url}/api/v1/verify/${certificateNumber}`, { headers: { 'x-forwarded-for': clientAddress(0) } })).json()) as { outcome: string }).outcome;

  const listener = new Client({ connectionString: url });
  await listener.connect();
  let notifiedAt: number | undefined;
  let expectedFirm = '';
  listener.on('notification', ({ payload }) => {
    if (payload === expectedFirm && notifiedAt === undefined) notifiedAt = performance.now();
  });
  await listener.query('LISTEN registry_changed');
  const notified: number[] = [];
  const seen: number[] = [];
  try {
    for (const firm of firms) {
      const certificateNumber = certificateNumberOf(firm);
      expectedFirm = `00000000-0000-4000-8000-${firm.toString(16).padStart(12, '0')}`;
      notifiedAt = undefined;
      // Asked twice: the second answer comes from the second instance's cache.
      for (let ask = 0; ask < 2; ask += 1) if ((await outcomeOn(certificateNumber)) !== 'valid') throw new Error(`${certificateNumber} is not valid before its revocation`);

      let seenAt: number | undefined;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          if ((await outcomeOn(certificateNumber)) === 'revoked') {
            seenAt ??= performance.now();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, PROPAGATION_POLL_MS));
        }
      })();
      const revoke = await fetch(`${first.url}/api/v1/ratings/${ratingIdOf(firm)}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'irregularities', publicNote: 'Revoca di prova del benchmark' }),
      });
      const answeredAt = performance.now();
      if (!revoke.ok) throw new Error(`Revoking ${certificateNumber}: ${revoke.status} ${await revoke.text()}`);
      const deadline = answeredAt + 5_000;
      while (seenAt === undefined && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      polling = false;
      await poller;
      if (seenAt === undefined || notifiedAt === undefined) throw new Error(`The revocation of ${certificateNumber} did not reach the second instance within 5 s`);
      seen.push(Math.max(0, seenAt - answeredAt));
      notified.push(Math.max(0, notifiedAt - answeredAt));
    }
  } finally {
    await listener.end();
  }
  return { notified: percentiles(notified), seen: percentiles(seen) };
}

interface SearchFigures {
  readonly app: Run;
  readonly baseline: Run;
  readonly appLatency: Latency;
  readonly baselineLatency: Latency;
  readonly recall: Recall;
}

/** Name search under load, then one client at a time: the terms people type, then the misspelt-name recall set. */
async function measureSearch(app: ChildApi, baseline: ChildApi, terms: readonly string[]): Promise<SearchFigures> {
  log('  name search');
  const baselineRun = await load(baseline, (n) => `/search?q=${terms[n % terms.length]}`);
  const appRun = await load(app, (n) => `/api/v1/registry/firms?q=${terms[n % terms.length]}`);
  const appLatency = await sequentialLatency(app.url, Array.from({ length: SEARCH_LATENCY_SAMPLES }, (_, n) => `/api/v1/registry/firms?q=${terms[(n * 7) % terms.length]}`));
  const baselineLatency = await sequentialLatency(baseline.url, Array.from({ length: SEARCH_LATENCY_SAMPLES }, (_, n) => `/search?q=${terms[(n * 7) % terms.length]}`));
  log(`  misspelt names, ${RECALL_QUERIES} searches`);
  const recall = await measureRecall(app.url);
  return { app: appRun, baseline: baselineRun, appLatency, baselineLatency, recall };
}

const SEARCH_LATENCY_TARGET_MS = 10;
const RECALL_TARGET = 0.95;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

function searchLines(figures: SearchFigures): string[] {
  const { appLatency, baselineLatency, recall } = figures;
  const latencyRow = (label: string, searches: number, found: string, latency: Latency, target: string) =>
    `| ${label} | ${searches} | ${found} | ${ms(latency.p50)} | ${ms(latency.p95)} | ${ms(latency.p99)} | ${target} |`;
  return [
    `| name search, one client at a time | searches | firm meant in the first ${RECALL_TOP} | p50 ms | p95 ms | p99 ms | target |`,
    '|---|---|---|---|---|---|---|',
    latencyRow('app: terms as people type them (a sixth misspelt)', SEARCH_LATENCY_SAMPLES, '', appLatency, `p95 ≤ ${SEARCH_LATENCY_TARGET_MS} ms: ${verdict(appLatency.p95 <= SEARCH_LATENCY_TARGET_MS)}`),
    latencyRow(
      'app: misspelt names (recall set)',
      recall.queries,
      `${(recall.recall * 100).toFixed(1)} %`,
      recall.latency,
      `≥ ${RECALL_TARGET * 100} %: ${verdict(recall.recall >= RECALL_TARGET)}; p95 ≤ ${SEARCH_LATENCY_TARGET_MS} ms: ${verdict(recall.latency.p95 <= SEARCH_LATENCY_TARGET_MS)}`,
    ),
    latencyRow('baseline: terms, the same SQL (fallback included)', SEARCH_LATENCY_SAMPLES, '', baselineLatency, ''),
  ];
}

const RUN_HEADER = [
  '| run | app req/s | app p50 / p99 ms | app CPU µs/req | baseline req/s | baseline p50 / p99 ms | baseline CPU µs/req | app/baseline | target |',
  '|---|---|---|---|---|---|---|---|---|',
];

/** BENCH_ONLY=search: both servers warmed up on searches alone, then measureSearch. */
async function searchOnly(app: ChildApi, baseline: ChildApi, terms: readonly string[]): Promise<string[]> {
  log('  warming up');
  for (let round = 0; round < 2; round += 1) {
    await load(app, (n) => `/api/v1/registry/firms?q=${terms[(n * 3) % terms.length]}`, undefined, WARM_UP_SECONDS);
    await load(baseline, (n) => `/search?q=${terms[(n * 3) % terms.length]}`, undefined, WARM_UP_SECONDS);
  }
  const figures = await measureSearch(app, baseline, terms);
  return [...RUN_HEADER, row('name search', figures.app, figures.baseline, ''), '', ...searchLines(figures), '', `Statuses: app ${figures.app.statuses}; baseline ${figures.baseline.statuses}`];
}

async function main(): Promise<void> {
  const database = `aq_bench_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'aq-bench-pglite-'));
  const servers: ChildApi[] = [];
  const lines: string[] = [];
  try {
    log(`Registry benchmark: ${FIRMS} firms, ${FIRMS * NUMBERS_PER_FIRM} numbers, ${SECONDS} s per run, ${CONNECTIONS} connections`);
    await createServerDatabase(database);
    const url = databaseUrl(database);
    await setReviewerPassword(url);
    const app = await startChildApi({ DATABASE_URL: url, DATABASE_POOL_SIZE: POOL_SIZE, TRUST_PROXY: 'loopback', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
    servers.push(app);
    const baseline = await startChildServer(join('test', 'bench', 'baseline-server.ts'), { DATABASE_URL: url, POOL_SIZE });
    servers.push(baseline);

    const terms = searchTerms(600).map((term) => encodeURIComponent(term));
    if (SEARCH_ONLY) {
      lines.push(...(await searchOnly(app, baseline, terms)));
      log('');
      for (const line of lines) log(line);
      return;
    }
    const certificate = (n: number) => certificateNumberOf(1 + (n % FIRMS));
    const number = (n: number) => encodeURIComponent(callingNumberOf(n % (FIRMS * NUMBERS_PER_FIRM)));
    // Uncached runs walk the keys in order, each asked once; a warm-up uses keys from the far end.
    const far = (n: number) => FIRMS - 1 - (n % (FIRMS / 2));
    // Both servers run every path until the JIT has compiled it, as a long-running server has.
    log('  warming up');
    for (let round = 0; round < 2; round += 1) {
      await load(app, (n) => `/api/v1/verify/${certificate(far(n))}`, undefined, WARM_UP_SECONDS);
      await load(app, (n) => `/api/v1/verify/${certificate(far(n % HOT_KEYS))}`, undefined, WARM_UP_SECONDS);
      await load(app, (n) => `/api/v1/lookup/phone/${number(far(n) * NUMBERS_PER_FIRM + 1)}`, undefined, WARM_UP_SECONDS);
      await load(app, (n) => `/api/v1/registry/firms?q=${terms[(n * 3) % terms.length]}`, undefined, WARM_UP_SECONDS);
      await load(baseline, (n) => `/verify/${certificate(far(n))}`, undefined, WARM_UP_SECONDS);
      await load(baseline, (n) => `/phone/${number(far(n) * NUMBERS_PER_FIRM + 1)}`, undefined, WARM_UP_SECONDS);
      await load(baseline, (n) => `/search?q=${terms[(n * 3) % terms.length]}`, undefined, WARM_UP_SECONDS);
    }

    log(`  verification, ${ROUNDS} rounds`);
    const verifyRounds = await alternatingRounds(
      () => load(baseline, (n) => `/verify/${certificate(n)}`),
      (firstKey) => load(app, (n) => `/api/v1/verify/${certificate(firstKey + n)}`),
      () => load(app, (n) => `/api/v1/verify/${certificate(n % HOT_KEYS)}`),
    );
    const verifyBaseline = median(verifyRounds.baseline);
    const verifyUncached = median(verifyRounds.uncached);
    const verifyCached = median(verifyRounds.cached);
    await settleStatistics();
    const before = await transactionsOf(database);
    await load(app, (n) => `/api/v1/verify/${certificate(n % HOT_KEYS)}`);
    await settleStatistics();
    const cachedTransactions = (await transactionsOf(database)) - before;

    log('  304 Not Modified');
    const etags: string[] = [];
    for (let n = 0; n < HOT_KEYS; n += 1) etags.push((await fetch(`${app.url}/api/v1/verify/${certificate(n)}`)).headers.get('etag') ?? '');
    await settleStatistics();
    const beforeNotModified = await transactionsOf(database);
    const notModified = await load(app, (n) => `/api/v1/verify/${certificate(n % HOT_KEYS)}`, (n) => ({ 'if-none-match': etags[n % HOT_KEYS] }));
    await settleStatistics();
    const notModifiedTransactions = (await transactionsOf(database)) - beforeNotModified;

    log(`  phone lookup, ${ROUNDS} rounds`);
    const phoneRounds = await alternatingRounds(
      () => load(baseline, (n) => `/phone/${number(n)}`),
      (firstKey) => load(app, (n) => `/api/v1/lookup/phone/${number(FIRMS + firstKey + n)}`),
      () => load(app, (n) => `/api/v1/lookup/phone/${number((n % HOT_KEYS) * NUMBERS_PER_FIRM)}`),
    );
    const phoneBaseline = median(phoneRounds.baseline);
    const phoneUncached = median(phoneRounds.uncached);
    const phoneCached = median(phoneRounds.cached);

    const search = await measureSearch(app, baseline, terms);
    const { app: searchApp, baseline: searchBaseline } = search;

    log(`  propagation of ${REVOCATIONS} revocations to a second instance`);
    await baseline.stop();
    const second = await startChildApi({ DATABASE_URL: url, DATABASE_POOL_SIZE: POOL_SIZE, TRUST_PROXY: 'loopback', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
    servers.push(second);
    // Active ratings (the dataset makes every 50th from 1 to 3 suspended, revoked or expired) no run above revoked.
    const revocable = Array.from({ length: FIRMS }, (_, n) => FIRMS - n).filter((firm) => firm % 50 > 3 || firm % 50 === 0).slice(0, REVOCATIONS);
    const propagation = await measurePropagation(app, second, url, revocable);

    await app.stop();
    await second.stop();
    servers.length = 0;

    log('  embedded database (PGlite)');
    await createEmbeddedDatabase(dataDir);
    const embedded = await startChildApi({ DATA_DIR: dataDir, TRUST_PROXY: 'loopback', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
    servers.push(embedded);
    const pgliteCertificate = (n: number) => certificateNumberOf(1 + (n % PGLITE_FIRMS));
    await load(embedded, (n) => `/api/v1/verify/${pgliteCertificate(PGLITE_FIRMS - 1 - n)}`, undefined, 3);
    const embeddedUncached = await load(embedded, (n) => `/api/v1/verify/${pgliteCertificate(n)}`);
    const embeddedCached = await load(embedded, (n) => `/api/v1/verify/${pgliteCertificate(n % HOT_KEYS)}`);

    lines.push(
      ...RUN_HEADER,
      row('verify, cached', verifyCached, verifyBaseline, '≥ 1.5x'),
      row('verify, uncached', verifyUncached, verifyBaseline, '≥ 0.85x'),
      row('phone lookup, cached', phoneCached, phoneBaseline, '≥ 1.5x'),
      row('phone lookup, uncached', phoneUncached, phoneBaseline, '≥ 0.85x'),
      row('name search', searchApp, searchBaseline, ''),
      row('verify, 304 Not Modified', notModified, verifyBaseline, ''),
      row('verify on PGlite, uncached', embeddedUncached, null, `${ratio(embeddedUncached.requestsPerSecond, verifyUncached.requestsPerSecond)} of the server (≥ 0.4x)`),
      row('verify on PGlite, cached', embeddedCached, null, `${ratio(embeddedCached.requestsPerSecond, verifyCached.requestsPerSecond)} of the server (≥ 0.4x)`),
      '',
      '| revocation seen by a second instance (ms) | p50 | p99 | max |',
      '|---|---|---|---|',
      `| notification received by a listener (0: before the revocation's answer) | ${ms(propagation.notified.p50)} | ${ms(propagation.notified.p99)} | ${ms(propagation.notified.max)} |`,
      `| second instance's verify JSON says revoked (polled every ${PROPAGATION_POLL_MS} ms; target p99 ≤ 50 ms) | ${ms(propagation.seen.p50)} | ${ms(propagation.seen.p99)} | ${ms(propagation.seen.max)} |`,
      '',
      ...searchLines(search),
      '',
      `Database transactions during a cached verification run: ${cachedTransactions}; during the 304 run: ${notModifiedTransactions} (the change listener's ping is one every 15 s).`,
      '',
      `Verification and phone lookup: medians of ${ROUNDS} alternating rounds. App/baseline per round:`,
      `- verify cached ${perRound(verifyRounds.cached, verifyRounds.baseline)}; uncached ${perRound(verifyRounds.uncached, verifyRounds.baseline)}`,
      `- phone lookup cached ${perRound(phoneRounds.cached, phoneRounds.baseline)}; uncached ${perRound(phoneRounds.uncached, phoneRounds.baseline)}`,
      '',
      'Statuses per run:',
      ...Object.entries({ verifyCached, verifyUncached, phoneCached, phoneUncached, searchApp, notModified, verifyBaseline, phoneBaseline, searchBaseline, embeddedUncached, embeddedCached }).map(
        ([name, run]) => `- ${name}: ${run.statuses}`,
      ),
    );
    log('');
    for (const line of lines) log(line);
  } finally {
    for (const server of servers) await server.stop();
    await dropServerDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
