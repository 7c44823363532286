/**
 * `npm run bench:import`: imports 1,000,000 calling numbers through the import service (indexes
 * and triggers in place, one transaction) and, in the same run, two baselines: single-row INSERTs
 * in one transaction, and the floor, PostgreSQL's own `COPY` of the same numbers already
 * normalised, sorted and given their ids. Prints figures; asserts nothing. Runs on the PostgreSQL server
 * (TEST_DATABASE_SERVER_URL, default postgres://postgres@127.0.0.1:5432/postgres) in a database
 * of its own, dropped at the end. BENCH_ROWS and BENCH_BASELINE_ROWS change the sizes, BENCH_ROUNDS
 * the number of rounds (3).
 */
import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { CLI_ACTOR, timeOrderedUuid } from '@app/core';
import { CallingNumberImportService, normalizePhoneNumber } from '@app/firms';
import { NestFactory } from '@nestjs/core';
import { cpus, loadavg } from 'node:os';
import { Client, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { CliModule } from '../../apps/cli/src/cli.module';
import { migrate } from '../../apps/cli/src/schema-commands';
import { databaseUrl, TEST_SERVER_URL } from '../support/test-database.constants';
import { median } from './statistics';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** At ~10k rows/s a full million single INSERTs takes minutes; the smaller table only flatters the baseline. */
const BASELINE_ROWS = Number(process.env.BENCH_BASELINE_ROWS ?? 200_000);
/** The baseline's time moved by a third between runs on a quiet machine: the figures are medians of alternating rounds. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MOBILE_PREFIXES = ['320', '328', '333', '338', '339', '340', '345', '347', '348', '349', '366', '380', '388', '389', '391', '392', '393'];

/** Distinct numbers written the ways firms write them, so parsing costs what it costs in real files. */
function writtenNumber(i: number, offset: number): string {
  const n = i + offset;
  const prefix = MOBILE_PREFIXES[n % MOBILE_PREFIXES.length];
  const subscriber = String(Math.floor(n / MOBILE_PREFIXES.length)).padStart(7, '0');
  switch (n % 4) {
    case 0:
      return `+39 ${prefix} ${subscriber}`;
    case 1:
      return `${prefix}${subscriber}`;
    case 2:
      return `0039 ${prefix} ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`;
    default:
      return `${prefix}-${subscriber}`;
  }
}

function csvChunks(rows: number, offset: number): Buffer[] {
  const chunks: Buffer[] = [];
  const lines: string[] = ['numero;note'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${writtenNumber(i, offset)};bench`);
    if (lines.length === 50_000) chunks.push(Buffer.from(`${lines.splice(0).join('\n')}\n`));
  }
  if (lines.length > 0) chunks.push(Buffer.from(`${lines.join('\n')}\n`));
  return chunks;
}

async function withServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createFirm(dataSource: DataSource, vatNumber: string): Promise<string> {
  const [firm] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO firm (legal_name, vat_number, roc_number, office_address, office_city, office_province, pec_address, service_kind)
     VALUES ('Bench S.r.l.', $1, '1', 'Via Roma 1', 'Roma', 'RM', 'bench@pec.it', 'outbound') RETURNING id`,
    [vatNumber],
  );
  return firm.id;
}

const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** Every round starts from an empty table, as a first import does. */
async function emptyNumbers(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DELETE FROM calling_number`);
  await dataSource.query(`VACUUM ANALYZE calling_number`);
}

async function singleRowInserts(dataSource: DataSource, firmId: string): Promise<number> {
  const started = Date.now();
  await dataSource.transaction(async (manager) => {
    // The driver's own client, so that the baseline pays no ORM overhead per row.
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    const declaredAt = new Date();
    for (let i = 0; i < BASELINE_ROWS; i++) {
      const normalized = normalizePhoneNumber(writtenNumber(i, ROWS));
      if (!normalized.ok) throw new Error(`Bench number refused: ${normalized.reason}`);
      await client.query(`INSERT INTO calling_number (firm_id, e164, declared_at) VALUES ($1, $2, $3)`, [firmId, normalized.e164, declaredAt]);
    }
  });
  return Date.now() - started;
}

/**
 * The rows the import stores, as `COPY` text: normalised, without repeats, sorted, with time-ordered
 * ids, like the import's. Made before the clock starts, so that the floor is PostgreSQL's work alone.
 */
function copyRows(firmId: string): Buffer[] {
  const numbers = new Set<string>();
  for (let i = 0; i < ROWS; i++) {
    const normalized = normalizePhoneNumber(writtenNumber(i, 0));
    if (!normalized.ok) throw new Error(`Bench number refused: ${normalized.reason}`);
    numbers.add(normalized.e164);
  }
  const declaredAt = new Date().toISOString();
  const idTime = Date.now();
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  for (const e164 of [...numbers].sort()) {
    lines.push(`${timeOrderedUuid(idTime)}\t${firmId}\t${e164}\t${declaredAt}\n`);
    if (lines.length === 50_000) {
      chunks.push(Buffer.from(lines.join('')));
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(lines.join('')));
  return chunks;
}

async function rawCopy(url: string, rows: Buffer[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    await client.query('BEGIN');
    await pipeline(Readable.from(rows), client.query(copyFrom(`COPY calling_number (id, firm_id, e164, declared_at) FROM STDIN`)));
    await client.query('COMMIT');
    return Date.now() - started;
  } finally {
    await client.end();
  }
}

async function importThroughService(importer: CallingNumberImportService, firmId: string, chunks: Buffer[]): Promise<number> {
  const started = Date.now();
  const result = await importer.import(CLI_ACTOR, firmId, chunks);
  if (result.imported !== ROWS) throw new Error(`Expected ${ROWS} numbers imported, got ${result.imported}`);
  return Date.now() - started;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const database = `aq_bench_${process.pid}_${Date.now()}`;
  await withServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({ DATABASE_URL: databaseUrl(database), LOG_LEVEL: 'warn', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false' });
  try {
    await migrate(config);
    const app = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error', 'warn'] });
    try {
      const dataSource = app.get(DataSource);
      const importer = app.get(CallingNumberImportService);

      const baselineFirm = await createFirm(dataSource, '00488410010');
      const importFirm = await createFirm(dataSource, '01114601006');
      const chunks = csvChunks(ROWS, 0);
      const copyFirm = await createFirm(dataSource, '02438750586');
      const rowsToCopy = copyRows(copyFirm);
      const rounds: { baselineMs: number; copyMs: number; importMs: number }[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        process.stdout.write(
          `Round ${round} of ${ROUNDS}: ${BASELINE_ROWS.toLocaleString('en')} single-row INSERTs, ` +
            `COPY of ${ROWS.toLocaleString('en')} normalised numbers, then ${ROWS.toLocaleString('en')} numbers through the import service...\n`,
        );
        await emptyNumbers(dataSource);
        const baselineMs = await singleRowInserts(dataSource, baselineFirm);
        await emptyNumbers(dataSource);
        const copyMs = await rawCopy(databaseUrl(database), rowsToCopy);
        await emptyNumbers(dataSource);
        const importMs = await importThroughService(importer, importFirm, chunks);
        rounds.push({ baselineMs, copyMs, importMs });
      }

      const baselineMs = median(rounds.map((round) => round.baselineMs));
      const copyMs = median(rounds.map((round) => round.copyMs));
      const importMs = median(rounds.map((round) => round.importMs));
      const importRate = rate(ROWS, importMs);
      const copyRate = rate(ROWS, copyMs);
      const baselineRate = rate(BASELINE_ROWS, baselineMs);
      const ratio = importRate / baselineRate;
      const ofCopy = importRate / copyRate;
      const perRound = rounds
        .map((round) => `${(rate(ROWS, round.importMs) / rate(BASELINE_ROWS, round.baselineMs)).toFixed(1)}x single rows, ${(round.copyMs / round.importMs).toFixed(2)}x COPY`)
        .join('; ');
      process.stdout.write(
        [
          '',
          // Other work on the machine slows both methods, not always equally: the figures need it beside them.
          `Machine: ${cpus().length} cores; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
          '',
          `Medians of ${ROUNDS} rounds, each from an empty table:`,
          '',
          `| method | rows | time | rows/s |`,
          `|---|---|---|---|`,
          `| single-row INSERTs, one transaction | ${BASELINE_ROWS.toLocaleString('en')} | ${seconds(baselineMs)} s | ${baselineRate.toLocaleString('en')} |`,
          `| raw COPY of the normalised numbers, one transaction | ${ROWS.toLocaleString('en')} | ${seconds(copyMs)} s | ${copyRate.toLocaleString('en')} |`,
          `| import (CSV through the service) | ${ROWS.toLocaleString('en')} | ${seconds(importMs)} s | ${importRate.toLocaleString('en')} |`,
          '',
          `Import vs raw COPY: ${ofCopy.toFixed(2)}x (target >= 0.6x: ${ofCopy >= 0.6 ? 'met' : 'NOT met'}); ` +
            `${ROWS.toLocaleString('en')} rows in ${seconds(importMs)} s (target < 10 s: ${importMs < 10_000 ? 'met' : 'NOT met'}); ` +
            `vs single rows: ${ratio.toFixed(1)}x (target >= 10x: ${ratio >= 10 ? 'met' : 'NOT met'})`,
          `Per round: ${perRound}`,
          `Times per round: import ${rounds.map((round) => `${seconds(round.importMs)} s`).join(', ')}; COPY ${rounds.map((round) => `${seconds(round.copyMs)} s`).join(', ')}; ` +
            `single rows ${rounds.map((round) => `${seconds(round.baselineMs)} s`).join(', ')}`,
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
