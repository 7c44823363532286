/**
 * `npm run bench:mail`: writes BENCH_MESSAGES (10,000) expiry reminders to the outbox, as the reminder
 * sweep does (rendered, inserted and given send jobs in transactions of 1,000), on a fresh database on
 * the PostgreSQL server, and lets the platform's own workers deliver them over SMTP to an in-process
 * SMTP server (`smtp-server`, each message parsed by `mailparser`). Prints the time to write, the time
 * to the last delivery, messages/s and the duplicates (addresses that got a message twice: must be 0).
 * Target: the 10,000 delivered in under 60 s on a 2-core machine. Not measured yet: the revocation
 * fanned out to 10,000 watchers (watch lists are not built). Asserts nothing.
 */
import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { MailOutbox, OutgoingMail } from '@app/notifications';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { createApiApplication } from '../../apps/api/src/bootstrap';
import { startSmtpSink } from '../support/smtp-sink';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CHUNK = 1_000;
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DELIVERY_TIMEOUT_MS = 10 * 60_000;

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function reminder(index: number): OutgoingMail {
  return {
    idempotencyKey: `expiry:bench-${index}:30`,
    kind: 'expiry_reminder',
    to: `titolare-${index}@azienda-${index}.example.it`,
    userId: null,
    language: index % 5 === 0 ? 'en' : 'it',
    model: {
      displayName: `Titolare ${index}`,
      firmName: `Contact Center ${index} S.r.l.`,
      certificateNumber: `AQ-2026-${String(index).padStart(6, '0')}`,
      validUntil: '04/01/2027',
      days: 30,
      url: 'https://aq.example.it/area/azienda/domande',
    },
    unsubscribeUrl: `https://aq.example.it/posta/disiscrizione/${'0'.repeat(64)}?tipo=expiry_reminder`,
    oneClickUrl: `https://aq.example.it/api/v1/mail/unsubscribe/${'0'.repeat(64)}?kind=expiry_reminder`,
  };
}

async function main(): Promise<void> {
  const database = `aq_bench_mail_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const migrations = new DataSource({ type: 'postgres', url: databaseUrl(database), migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
  await migrations.initialize();
  await migrations.runMigrations();
  await migrations.destroy();
  const sink = await startSmtpSink();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl(database),
    SMTP_URL: sink.url,
    PUBLIC_BASE_URL: 'https://aq.example.it',
    WORKER_IN_PROCESS: 'true',
    DEMO_DATA: 'false',
  });
  const app = await createApiApplication({ config });
  try {
    const outbox = app.get(MailOutbox);
    const txHost = app.get(TransactionHost);
    const cls = app.get(ClsService);
    const started = performance.now();
    for (let first = 0; first < MESSAGES; first += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, MESSAGES - first) }, (_, offset) => reminder(first + offset));
      await cls.run(() => txHost.withTransaction(() => outbox.write(chunk)));
    }
    const written = performance.now();
    while (sink.received.length < MESSAGES && performance.now() - started < DELIVERY_TIMEOUT_MS) await new Promise((resolve) => setTimeout(resolve, 100));
    const delivered = performance.now();
    const addresses = sink.received.flatMap((mail) => mail.envelopeTo);
    const duplicates = addresses.length - new Set(addresses).size;
    const seconds = (delivered - started) / 1000;
    const rows = [
      ['messages written', String(MESSAGES)],
      ['messages delivered', String(sink.received.length)],
      ['time to write (s)', ((written - started) / 1000).toFixed(1)],
      ['time to the last delivery (s)', seconds.toFixed(1)],
      ['messages/s (end to end)', (sink.received.length / seconds).toFixed(0)],
      ['duplicates', String(duplicates)],
      ['target (10,000 in < 60 s)', MESSAGES < 10_000 ? 'not judged: fewer messages' : seconds < 60 && sink.received.length === MESSAGES ? 'met' : 'NOT met'],
    ];
    process.stdout.write(`\nbench:mail (expiry reminders, outbox -> pg-boss -> SMTP)\n${rows.map(([name, value]) => `  ${name.padEnd(32)} ${value}`).join('\n')}\n`);
  } finally {
    await app.close();
    await sink.close();
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
