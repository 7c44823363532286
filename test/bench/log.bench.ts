/**
 * `npm run bench:log`: the transparency log at 1,000,000 leaves (BENCH_LEAVES), on the PostgreSQL
 * server (TEST_DATABASE_SERVER_URL) in a database of its own, dropped at the end. Prints figures and
 * ratios against baselines measured in the same run; asserts nothing.
 * - append: bulk-loading the leaves through the database's own trigger (index, leaf hash, subtree hashes);
 * - decision latency: issuing a rating (one transaction: number, rating, events, history) with the log's
 *   trigger on the history INSERT and with it switched off, after a warm-up of each, in rounds of alternating
 *   order (BENCH_DECISIONS per round, BENCH_ROUNDS rounds), the history statement's own time in both modes, and
 *   the CPU time the decisions took in this process and the database's, which load disturbs less than latency;
 * - proofs at full size: inclusion and consistency proofs read from the database, per proof;
 * - tiles: full hash tiles served by the application against the same bytes served by bare Fastify from
 *   memory (the floor), with autocannon (BENCH_SECONDS each).
 */
import 'reflect-metadata';
import { loadConfig } from '@app/config';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { UsersService } from '@app/identity';
import { RatingsService } from '@app/ratings';
import { TransparencyLogService } from '@app/transparency';
import { TransactionHost } from '@nestjs-cls/transactional';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../apps/api/src/bootstrap';
import { migrate } from '../../apps/cli/src/schema-commands';
import { databaseUrl, TEST_SERVER_URL } from '../support/test-database.constants';

const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PROOFS = Number(process.env.BENCH_PROOFS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 50_000;

/**
 * CPU time (ms) used so far by this process and by the database's server processes, when the server runs on
 * this machine (its /proc): the decisions' cost, which a loaded machine inflates far less than their latency.
 * Null when the server is elsewhere.
 */
async function cpuMs(dataSource: DataSource): Promise<number | null> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(TEST_SERVER_URL).hostname)) return null;
  const backends = await dataSource.query<{ pid: number }[]>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  let ticks = 0;
  for (const { pid } of backends) {
    // After the command name, fields 14 and 15 of /proc/<pid>/stat are user and system time, in 1/100 s.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  const own = process.cpuUsage();
  return ticks * 10 + (own.user + own.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => value.toFixed(3);

async function withServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The leaves, in batches: history events first (leaves name theirs), then leaves, each hashed by the trigger. */
async function loadLeaves(dataSource: DataSource, count: number): Promise<number> {
  const started = performance.now();
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(count, from + BATCH - 1);
    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO history (actor_label, action, entity_type, entity_id) SELECT 'bench', 'bench.leaf', 'bench', g::text FROM generate_series($1::int, $2::int) g`, [from, to]);
      await manager.query(
        `INSERT INTO transparency_leaf (entry, kind, certificate_number, history_seq)
         SELECT convert_to(format('{"certificateNumber":"AQ-2026-%s","kind":"rating.expired","time":"2026-01-01T00:00:00.000Z","v":1}', lpad(h.entity_id, 6, '0')), 'UTF8'),
                'rating.expired', 'AQ-2026-' || lpad(h.entity_id, 6, '0'), h.seq
         FROM history h WHERE h.action = 'bench.leaf' AND h.entity_id::int BETWEEN $1 AND $2 ORDER BY h.seq`,
        [from, to],
      );
    });
    process.stdout.write(`  ${to.toLocaleString('en')} leaves\r`);
  }
  process.stdout.write('\n');
  return performance.now() - started;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const database = `aq_bench_log_${process.pid}_${Date.now()}`;
  await withServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({
    DATABASE_URL: databaseUrl(database),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    WORKER_IN_PROCESS: 'false',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    // Requests come from a thousand addresses (X-Forwarded-For from loopback), so a fast run never meets the per-address limit.
    TRUST_PROXY: 'loopback',
  });
  try {
    await migrate(config);
    const app = await createApiApplication({ config });
    try {
      const dataSource = app.get(DataSource);
      const log = app.get(TransparencyLogService);
      const txHost = app.get<TransactionHost<TransactionAdapter>>(TransactionHost);

      process.stdout.write(`Loading ${LEAVES.toLocaleString('en')} leaves through the append trigger...\n`);
      const loadMs = await loadLeaves(dataSource, LEAVES);
      for (const table of ['transparency_leaf', 'transparency_node', 'history']) await dataSource.query(`VACUUM ANALYZE ${table}`);
      const size = await log.size();

      // Decisions: the same issue path with the log's listener, and with it doing nothing.
      const reviewer = await app.get(UsersService).create({ userId: null, label: 'system' }, { email: 'bench-reviewer@bench.example.it', displayName: 'Bench', password: 'bench-password-123', role: 'reviewer' });
      const actor = { userId: reviewer.id, email: reviewer.email, role: 'reviewer' as const, firmId: null };
      let firmCounter = 0;
      const issueOnce = async (): Promise<number> => {
        firmCounter += 1;
        const vat = String(10_000_000_000 + firmCounter).slice(-11);
        const [{ id: firmId }] = await dataSource.query<{ id: string }[]>(
          `INSERT INTO firm (legal_name, vat_number, roc_number, office_address, office_city, office_province, pec_address, service_kind)
           VALUES ('Bench S.r.l.', $1, '1', 'Via Roma 1', 'Roma', 'RM', 'bench@pec.it', 'outbound') RETURNING id`,
          [vat],
        );
        const [{ id: applicationId }] = await dataSource.query<{ id: string }[]>(
          `INSERT INTO application (firm_id, checklist_version_id, state, outcome, submitted_at, audit_started_at, decided_at)
           SELECT $1, id, 'decided', 'approved', now(), now(), now() FROM checklist_version WHERE is_current RETURNING id`,
          [firmId],
        );
        const started = performance.now();
        await txHost.withTransaction(() => app.get(RatingsService).issue(actor, { firmId, applicationId, checklistVersion: '2026.1' }));
        return performance.now() - started;
      };
      // The log's part of a decision is the trigger on the history row's INSERT: switched off, the same decision writes no leaf.
      const setLogging = (logging: boolean) => dataSource.query(`ALTER TABLE history ${logging ? 'ENABLE' : 'DISABLE'} TRIGGER trg_history_transparency_leaf`);
      // The history statement of the rating's own event, which appends the leaf when the trigger is on: the append's cost,
      // less noisy than the difference of two decision medians (its other work is the same in both modes).
      const history = app.get(HistoryService);
      const recordHistory = history.record.bind(history);
      const historyTimes = { withLog: [] as number[], withoutLog: [] as number[] };
      let historyTimesNow: number[] = [];
      history.record = async (...args) => {
        const started = performance.now();
        await recordHistory(...args);
        if (args[1].action === 'rating.issued') historyTimesNow.push(performance.now() - started);
      };
      const cpu = { withLog: 0, withoutLog: 0, measured: false };
      const timed = async (logging: boolean, decisions: number): Promise<number> => {
        await setLogging(logging);
        historyTimesNow = logging ? historyTimes.withLog : historyTimes.withoutLog;
        const times: number[] = [];
        const cpuBefore = await cpuMs(dataSource);
        for (let i = 0; i < decisions; i++) times.push(await issueOnce());
        const cpuAfter = await cpuMs(dataSource);
        if (cpuBefore !== null && cpuAfter !== null) {
          cpu[logging ? 'withLog' : 'withoutLog'] += cpuAfter - cpuBefore;
          cpu.measured = true;
        }
        return median(times);
      };
      // A warm-up of each mode first (connections, plans, caches), not counted; then rounds in alternating order
      // (without-with, with-without, ...), so neither mode always runs on the warmer or the more loaded half.
      await timed(false, Math.ceil(DECISIONS / 4));
      await timed(true, Math.ceil(DECISIONS / 4));
      historyTimes.withLog.length = 0;
      historyTimes.withoutLog.length = 0;
      cpu.withLog = 0;
      cpu.withoutLog = 0;
      const rounds: { withLog: number; withoutLog: number }[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 === 1 ? [false, true] : [true, false];
        const medians = new Map<boolean, number>();
        for (const logging of order) medians.set(logging, await timed(logging, DECISIONS));
        rounds.push({ withLog: medians.get(true)!, withoutLog: medians.get(false)! });
        process.stdout.write(`Round ${round}: decision median ${ms(medians.get(true)!)} ms with the log, ${ms(medians.get(false)!)} ms without\n`);
      }
      await setLogging(true);
      history.record = recordHistory;

      // Proofs at full size, from the database.
      const full = await log.size();
      let started = performance.now();
      for (let i = 0; i < PROOFS; i++) await log.inclusionProof(Math.floor(Math.random() * full), full);
      const inclusionMs = (performance.now() - started) / PROOFS;
      started = performance.now();
      for (let i = 0; i < PROOFS; i++) await log.consistencyProof(1 + Math.floor(Math.random() * (full - 1)), full);
      const consistencyMs = (performance.now() - started) / PROOFS;

      // Tiles: the application against bare Fastify serving the same bytes from memory.
      await app.listen(0, '127.0.0.1');
      const appUrl = await app.getUrl();
      const tileCount = Math.min(256, Math.floor(full / 256));
      const tiles = await Promise.all(Array.from({ length: tileCount }, (_, n) => log.tile({ level: 0, index: n, width: undefined })));
      const floor = Fastify({ logger: false });
      floor.get<{ Params: { n: string } }>('/log/tile/0/:n', (request, reply) => reply.header('content-type', 'application/octet-stream').send(tiles[Number(request.params.n) % tileCount]));
      const floorUrl = await floor.listen({ port: 0, host: '127.0.0.1' });
      const throughput = async (url: string): Promise<number> => {
        let n = 0;
        const result = await autocannon({
          url,
          connections: 16,
          duration: SECONDS,
          requests: [{ setupRequest: (request) => ({ ...request, path: `/log/tile/0/${String(n % tileCount).padStart(3, '0')}`, headers: { ...request.headers, 'x-forwarded-for': `198.18.${(n >> 8) % 4}.${n++ % 250}` } }) }],
        });
        if (result.non2xx > 0) throw new Error(`${result.non2xx} tile requests failed at ${url}`);
        return result.requests.average;
      };
      const appRps: number[] = [];
      const floorRps: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        floorRps.push(await throughput(floorUrl));
        appRps.push(await throughput(appUrl));
      }
      await floor.close();

      const decision = { withLog: median(rounds.map((r) => r.withLog)), withoutLog: median(rounds.map((r) => r.withoutLog)) };
      // Each round runs both modes back to back, so its own ratio cancels what drifts between rounds (load, caches, table size);
      // the median of those paired ratios is the figure held against the target, the medians of each mode are printed beside it.
      const pairedIncrease = median(rounds.map((r) => r.withLog / r.withoutLog - 1));
      process.stdout.write(
        [
          '',
          `Transparency log benchmark (${cpus().length} cores, load ${loadAtStart.toFixed(2)} at start, ${size.toLocaleString('en')} leaves loaded)`,
          `  append through the trigger: ${(loadMs / 1000).toFixed(1)} s, ${Math.round(size / (loadMs / 1000)).toLocaleString('en')} leaves/s`,
          `  decision latency (${ROUNDS} rounds of ${DECISIONS} decisions in each mode): median of the rounds' paired increases ${(pairedIncrease * 100).toFixed(1)} % (target <= +5 %); rounds ${rounds.map((r) => `${((r.withLog / r.withoutLog - 1) * 100).toFixed(1)} %`).join(', ')}`,
          `  decision medians of the round medians: ${ms(decision.withLog)} ms with the log, ${ms(decision.withoutLog)} ms without: ${((decision.withLog / decision.withoutLog - 1) * 100).toFixed(1)} %`,
          ...(cpu.measured
            ? [
                `  CPU per decision with its setup, this process and the database's (${ROUNDS * DECISIONS} each): ${ms(cpu.withLog / (ROUNDS * DECISIONS))} ms with the log, ${ms(cpu.withoutLog / (ROUNDS * DECISIONS))} ms without: ${((cpu.withLog / cpu.withoutLog - 1) * 100).toFixed(1)} %`,
              ]
            : []),
          `  the rating event's history INSERT (median of ${historyTimes.withLog.length} each): ${ms(median(historyTimes.withLog))} ms with the leaf, ${ms(median(historyTimes.withoutLog))} ms without: the append adds ${ms(median(historyTimes.withLog) - median(historyTimes.withoutLog))} ms`,
          `  proofs at ${full.toLocaleString('en')} leaves, from the database: inclusion ${ms(inclusionMs)} ms, consistency ${ms(consistencyMs)} ms (target < 1 ms)`,
          `  full tiles: ${Math.round(median(appRps))} req/s from the application, ${Math.round(median(floorRps))} req/s from memory: ${(median(appRps) / median(floorRps)).toFixed(2)}x (target >= 0.8x)`,
          '',
        ].join('\n'),
      );
    } finally {
      await app.close();
    }
  } finally {
    await withServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
