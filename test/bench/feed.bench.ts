/**
 * `npm run bench:feed`: the caller-ID feed and the webhooks at scale, on the PostgreSQL server
 * (TEST_DATABASE_SERVER_URL) in a database of its own, dropped at the end. Prints figures beside a
 * baseline each; asserts nothing.
 * - BENCH_NUMBERS (1,000,000) calling numbers over BENCH_FIRMS (1,000) rated firms: the first
 *   publication, the signed snapshot (time, gzip size) beside a per-number unsigned NDJSON dump.
 * - a delta of BENCH_CHANGES (1,000) changes beside the snapshot.
 * - the reference client: full sync, then offline lookups per second.
 * - one status change fanned out to BENCH_ENDPOINTS (1,000) endpoints on an in-process receiver that
 *   verifies every signature; time to the last delivery, lost and duplicated, beside the same signed
 *   POSTs sent straight from one loop (no outbox, no queue).
 */
import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { AdjustableClock, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { CallingNumberFeed, openLocalDirectory, syncNumbers } from '@app/feeds';
import { vatCheckDigit } from '@app/firms';
import { ApiKeysService, UsersService } from '@app/identity';
import { RatingsService } from '@app/ratings';
import { newWebhookSecret, sendWebhook } from '@app/webhooks';
import { TransactionHost } from '@nestjs-cls/transactional';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../apps/api/src/bootstrap';
import { migrate } from '../../apps/cli/src/schema-commands';
import { databaseUrl, TEST_SERVER_URL } from '../support/test-database.constants';
import { median } from './statistics';

const NUMBERS = Number(process.env.BENCH_NUMBERS ?? 1_000_000);
const FIRMS = Number(process.env.BENCH_FIRMS ?? 1_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1_000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 1_000);
const LOOKUPS = 1_000_000;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const now = () => process.hrtime.bigint();
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(2);
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

async function withServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function vatNumber(i: number): string {
  const body = String(1_000_000_000 + i).padStart(10, '0');
  return `${body}${vatCheckDigit(body)}`;
}

interface Receiver {
  readonly url: (path: string) => string;
  readonly verified: Map<string, number>;
  failures: number;
  lastAt: bigint;
  close(): Promise<void>;
}

/** Verifies each delivery with its endpoint's secret (the path names the endpoint), counting each webhook-id. */
async function startReceiver(secrets: Map<string, string>): Promise<Receiver> {
  const state = { verified: new Map<string, number>(), failures: 0, lastAt: now() };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        new Webhook(secrets.get(request.url ?? '') ?? '').verify(Buffer.concat(chunks).toString('utf8'), request.headers as Record<string, string>);
        const id = String(request.headers['webhook-id']);
        state.verified.set(id, (state.verified.get(id) ?? 0) + 1);
        state.lastAt = now();
        response.writeHead(204).end();
      } catch {
        state.failures += 1;
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const database = `aq_bench_feed_${process.pid}_${Date.now()}`;
  const clientDir = mkdtempSync(join(tmpdir(), 'aq-bench-numbers-'));
  await withServer(`CREATE DATABASE ${database}`);
  const env = { DATABASE_URL: databaseUrl(database), LOG_LEVEL: 'warn', DEMO_DATA: 'false', WEBHOOK_ALLOW_LOOPBACK: 'true', DATA_DIR: clientDir, API_KEY_RATE_LIMIT_PER_MINUTE: '1000000' };
  // The instance that serves runs no jobs, so the seeded ratings render no certificates; a second one runs the webhook jobs.
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  const rows: string[] = [];
  try {
    await migrate(config);
    const app = await createApiApplication({ config, clock: new AdjustableClock() });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    try {
      const dataSource = app.get(DataSource);
      const txHost = app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
      const users = app.get(UsersService);
      const reviewer = await users.create(SYSTEM_ACTOR, { email: 'reviewer@bench.example.it', displayName: 'Bench reviewer', password: 'bench-reviewer-password', role: 'reviewer' });
      const integrator = await users.create(SYSTEM_ACTOR, { email: 'integrator@bench.example.it', displayName: 'Bench integrator', password: 'bench-integrator-password', role: 'integrator' });
      const integratorActor = { userId: integrator.id, email: integrator.email, role: 'integrator' as const, firmId: null };
      const { key } = await txHost.withTransaction(() => app.get(ApiKeysService).create(integratorActor, { name: 'bench', scopes: ['registry:read'], expiresAt: null }));

      process.stdout.write(`Seeding ${FIRMS.toLocaleString('en')} rated firms and ${NUMBERS.toLocaleString('en')} calling numbers...\n`);
      const seedStarted = now();
      const firmIds = (
        await dataSource.query<{ id: string }[]>(
          `INSERT INTO firm (legal_name, vat_number, roc_number, office_address, office_city, office_province, pec_address, service_kind)
           SELECT 'Contact Center ' || i || ' S.r.l.', v, '1', 'Via Roma 1', 'Roma', 'RM', 'bench' || i || '@pec.it', 'outbound'
           FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i) RETURNING id`,
          [Array.from({ length: FIRMS }, (_, i) => vatNumber(i))],
        )
      ).map((row) => row.id);
      const ratings = app.get(RatingsService);
      const reviewerActor = { userId: reviewer.id, email: reviewer.email, role: 'reviewer' as const, firmId: null };
      const ratingIds: string[] = [];
      for (const firmId of firmIds) {
        const [{ id: applicationId }] = await dataSource.query<{ id: string }[]>(
          `INSERT INTO application (firm_id, checklist_version_id, state, outcome, submitted_at, audit_started_at, decided_at)
           SELECT $1, id, 'decided', 'approved', now(), now(), now() FROM checklist_version WHERE is_current RETURNING id`,
          [firmId],
        );
        ratingIds.push((await txHost.withTransaction(() => ratings.issue(reviewerActor, { firmId, applicationId, checklistVersion: '2026.1' }))).id);
      }
      // The bench measures the feed and the webhooks, not certificate rendering.
      await dataSource.query(`DELETE FROM pgboss.job WHERE name = 'certificates.render'`);
      const worker = await createApiApplication({ config: loadConfig({ ...env, WORKER_IN_PROCESS: 'true' }), clock: new AdjustableClock() });
      await worker.init();
      const perFirm = Math.ceil(NUMBERS / FIRMS);
      await dataSource.query(
        `INSERT INTO calling_number (firm_id, e164, declared_at)
         SELECT ($1::uuid[])[1 + (g / $2)], '+39' || (3200000000 + g)::text, now() FROM generate_series(0, $3 - 1) AS g`,
        [firmIds, perFirm, NUMBERS],
      );
      await dataSource.query(`ANALYZE`);
      process.stdout.write(`Seeded in ${(ms(seedStarted) / 1000).toFixed(1)} s\n`);

      const feed = app.get(CallingNumberFeed);
      const publishStarted = now();
      await txHost.withTransaction(() => feed.refresh());
      const publishMs = ms(publishStarted);

      // The snapshot as a client gets it: refresh check, build, sign, gzip, send.
      const snapshotStarted = now();
      const snapshotResponse = await fetch(`${url}/api/v1/feeds/calling-numbers`, { headers: { authorization: `Bearer ${key}`, 'accept-encoding': 'gzip' } });
      const compressedSnapshot = Number(snapshotResponse.headers.get('content-length'));
      const snapshotBody = Buffer.from(await snapshotResponse.arrayBuffer());
      const snapshotMs = ms(snapshotStarted);
      const cursor = snapshotResponse.headers.get('feed-cursor') ?? '0';

      // Baseline: one unsigned NDJSON line per number, straight from the table, gzipped.
      const dumpStarted = now();
      const dump = await dataSource.query<{ e164: string; vat_number: string; legal_name: string; status: string }[]>(
        `SELECT e164, vat_number, legal_name, status FROM calling_number_feed_entry WHERE NOT retired ORDER BY e164`,
      );
      const dumpGzip = gzipSync(Buffer.from(dump.map((row) => `${JSON.stringify(row)}\n`).join('')));
      const dumpMs = ms(dumpStarted);

      // The reference client: full sync and offline lookups.
      const syncStarted = now();
      const synced = await syncNumbers({ url, dir: clientDir, apiKey: key });
      const syncMs = ms(syncStarted);
      const directory = await openLocalDirectory(clientDir);
      const lookupStarted = now();
      let found = 0;
      for (let i = 0; i < LOOKUPS; i++) if (directory.lookup(`+39${3200000000 + ((i * 7919) % (NUMBERS * 2))}`)) found += 1;
      const lookupMs = ms(lookupStarted);

      // A delta of CHANGES changes: half retired numbers, half new ones, in two firms.
      const half = Math.floor(CHANGES / 2);
      await dataSource.query(`UPDATE calling_number SET retired_at = now() WHERE id IN (SELECT id FROM calling_number WHERE firm_id = $1 AND retired_at IS NULL LIMIT $2)`, [firmIds[0], half]);
      await dataSource.query(
        `INSERT INTO calling_number (firm_id, e164, declared_at) SELECT $1, '+39' || (3900000000 + g)::text, now() FROM generate_series(1, $2) AS g`,
        [firmIds[1], CHANGES - half],
      );
      const deltaUrl = `${url}/api/v1/feeds/calling-numbers?since=${cursor}`;
      const firstDeltaStarted = now();
      const firstDelta = await fetch(deltaUrl, { headers: { authorization: `Bearer ${key}` } });
      await firstDelta.arrayBuffer();
      const deltaWithRefreshMs = ms(firstDeltaStarted);
      // The delta as a client gets it (key check, refresh check, build, gzip, HTTP); median of 5, as the build below.
      const httpTimes: number[] = [];
      let deltaCompressed = 0;
      let deltaChanges = 0;
      for (let i = 0; i < 5; i++) {
        const started = now();
        const delta = await fetch(deltaUrl, { headers: { authorization: `Bearer ${key}`, 'accept-encoding': 'gzip' } });
        const deltaBody = Buffer.from(await delta.arrayBuffer());
        httpTimes.push(ms(started));
        deltaCompressed = Number(delta.headers.get('content-length'));
        deltaChanges = deltaBody.toString('utf8').trim().split('\n').length - 2;
      }
      const deltaMs = median(httpTimes);
      // The delta itself (query, lines, signature, gzip), without HTTP, the key check and the refresh; median of 5.
      const buildTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = now();
        await feed.delta(cursor);
        buildTimes.push(ms(started));
      }
      const deltaBuildMs = median(buildTimes);
      const deltaSyncStarted = now();
      const deltaSync = await syncNumbers({ url, dir: clientDir, apiKey: key });
      const deltaSyncMs = ms(deltaSyncStarted);

      // Webhook fan-out: ENDPOINTS endpoints for every firm's status changes.
      const secrets = new Map<string, string>();
      for (let i = 0; i < ENDPOINTS; i++) secrets.set(`/e${i}`, newWebhookSecret());
      const receiver = await startReceiver(secrets);
      try {
        await dataSource.query(
          `INSERT INTO webhook_endpoint (owner_id, url, events, secret) SELECT $1, u, ARRAY['firm.status_changed'], s FROM unnest($2::text[], $3::text[]) AS t(u, s)`,
          [integrator.id, [...secrets.keys()].map((path) => receiver.url(path)), [...secrets.values()]],
        );
        const fanOutStarted = now();
        await txHost.withTransaction(() => ratings.suspend(reviewerActor, ratingIds[2], { reason: 'irregularities', publicNote: 'Bench' }));
        const committedMs = ms(fanOutStarted);
        const deadline = Date.now() + 120_000;
        while (receiver.verified.size < ENDPOINTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const fanOutMs = Number(receiver.lastAt - fanOutStarted) / 1e6;
        const delivered = receiver.verified.size;
        const duplicated = [...receiver.verified.values()].reduce((total, count) => total + count - 1, 0);

        // Baseline: the same number of signed POSTs from one loop, 100 at a time, no database.
        const payload = JSON.stringify({ type: 'firm.status_changed', timestamp: new Date().toISOString(), data: { vatNumber: vatNumber(2) } });
        const baseline = await startReceiver(secrets);
        const directStarted = now();
        const paths = [...secrets.keys()];
        for (let i = 0; i < paths.length; i += 100) {
          await Promise.all(
            paths.slice(i, i + 100).map((path, j) => {
              const id = `bench-${i + j}`;
              const sentAt = new Date();
              const signature = new Webhook(secrets.get(path)!).sign(id, sentAt, payload);
              return sendWebhook(
                { url: baseline.url(path), headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': signature }, body: payload },
                config.webhooks,
                10_000,
              );
            }),
          );
        }
        const directMs = ms(directStarted);
        await baseline.close();

        rows.push(
          '',
          `Machine: ${cpus().length} cores; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
          '',
          '| measure | figure | baseline (side by side) | target |',
          '|---|---|---|---|',
          `| first publication of ${NUMBERS.toLocaleString('en')} numbers (refresh) | ${(publishMs / 1000).toFixed(1)} s | | |`,
          `| snapshot over HTTP (build, sign, gzip, send) | ${(snapshotMs / 1000).toFixed(2)} s, ${mb(compressedSnapshot)} MB gzip (${mb(snapshotBody.length)} MB plain) | per-number unsigned NDJSON dump: ${(dumpMs / 1000).toFixed(2)} s, ${mb(dumpGzip.length)} MB gzip | < 10 s: ${verdict(snapshotMs < 10_000)}; < 8 MB: ${verdict(compressedSnapshot < 8 * 1_048_576)} |`,
          `| delta of ${deltaChanges.toLocaleString('en')} changes over HTTP (key check, refresh check, build; median of 5) | ${deltaMs.toFixed(1)} ms, ${(deltaCompressed / 1024).toFixed(1)} KB gzip | snapshot: ${((snapshotMs / deltaMs) | 0).toLocaleString('en')}x the time, ${((compressedSnapshot / deltaCompressed) | 0).toLocaleString('en')}x the size | |`,
          `| delta built (query, sign, gzip; no HTTP) | ${deltaBuildMs.toFixed(1)} ms | | < 50 ms: ${verdict(deltaBuildMs < 50)} |`,
          `| delta including the refresh of the 2 changed firms | ${deltaWithRefreshMs.toFixed(1)} ms | | |`,
          `| reference client: full sync (${synced.numbers.toLocaleString('en')} numbers, download, verify, store) | ${(syncMs / 1000).toFixed(2)} s | | |`,
          `| reference client: delta sync (${deltaSync.changes.toLocaleString('en')} changes) | ${deltaSyncMs.toFixed(0)} ms | full sync: ${(syncMs / deltaSyncMs).toFixed(0)}x | |`,
          `| offline lookups (${LOOKUPS.toLocaleString('en')}, half declared) | ${Math.round(LOOKUPS / (lookupMs / 1000)).toLocaleString('en')} lookups/s (${found.toLocaleString('en')} found) | | |`,
          `| webhook fan-out to ${ENDPOINTS.toLocaleString('en')} endpoints, all verified | ${(fanOutMs / 1000).toFixed(1)} s to the last (change committed in ${committedMs.toFixed(0)} ms); lost ${ENDPOINTS - delivered}, duplicated ${duplicated}, bad signatures ${receiver.failures} | same signed POSTs straight from one loop: ${(directMs / 1000).toFixed(2)} s (${(fanOutMs / directMs).toFixed(1)}x) | < 30 s, 0 lost, 0 duplicated: ${verdict(fanOutMs < 30_000 && delivered === ENDPOINTS && duplicated === 0)} |`,
          '',
        );
        process.stdout.write(rows.join('\n'));
      } finally {
        await receiver.close();
      }
      await worker.close();
    } finally {
      await app.close();
    }
  } finally {
    rmSync(clientDir, { recursive: true, force: true });
    await withServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
