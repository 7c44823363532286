/**
 * `npm run bench:mail`, two halves on a fresh database on the PostgreSQL server, delivered by the
 * platform's own workers over SMTP to an in-process SMTP server (`smtp-server`, each message parsed by
 * `mailparser`):
 * 1. BENCH_MESSAGES (10,000) expiry reminders written to the outbox as the reminder sweep does
 *    (rendered, inserted and given send jobs in transactions of 1,000);
 * 2. one revocation of a firm followed by BENCH_WATCHERS (10,000) confirmed addresses, made through the
 *    API, so the watch messages are written by the revocation's own transaction.
 * Each half prints the time to write, the time to the last delivery, messages/s and the duplicates
 * (addresses that got a message twice: must be 0). Target: the 10,000 of each delivered in under 60 s
 * on a 2-core machine. Asserts nothing.
 */
import 'reflect-metadata';
import { MailOutbox, OutgoingMail } from '@app/notifications';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { listedFirm, revokeRating } from '../factories/registry.factory';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { startTestApp } from '../support/test-app';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 10_000);
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

interface HalfResult {
  readonly title: string;
  readonly expected: number;
  readonly received: readonly ReceivedMail[];
  readonly writtenMs: number;
  readonly deliveredMs: number;
}

/** Waits until `expected` messages matching `mine` arrived (or the timeout), and returns them. */
async function delivered(sink: SmtpSink, mine: (mail: ReceivedMail) => boolean, expected: number, started: number): Promise<ReceivedMail[]> {
  for (;;) {
    const received = sink.received.filter(mine);
    if (received.length >= expected || performance.now() - started > DELIVERY_TIMEOUT_MS) return received;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function report({ title, expected, received, writtenMs, deliveredMs }: HalfResult): string {
  const addresses = received.flatMap((mail) => mail.envelopeTo);
  const duplicates = addresses.length - new Set(addresses).size;
  const seconds = deliveredMs / 1000;
  const rows = [
    ['messages written', String(expected)],
    ['messages delivered', String(received.length)],
    ['time to write (s)', (writtenMs / 1000).toFixed(1)],
    ['time to the last delivery (s)', seconds.toFixed(1)],
    ['messages/s (end to end)', (received.length / seconds).toFixed(0)],
    ['duplicates', String(duplicates)],
    ['target (10,000 in < 60 s)', expected < 10_000 ? 'not judged: fewer messages' : seconds < 60 && received.length === expected ? 'met' : 'NOT met'],
  ];
  return `\nbench:mail (${title})\n${rows.map(([name, value]) => `  ${name.padEnd(32)} ${value}`).join('\n')}\n`;
}

async function main(): Promise<void> {
  const database = `aq_bench_mail_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const migrations = new DataSource({ type: 'postgres', url: databaseUrl(database), migrations: MIGRATIONS, migrationsTransactionMode: 'each' });
  await migrations.initialize();
  await migrations.runMigrations();
  await migrations.destroy();
  const sink = await startSmtpSink();
  const testApp = await startTestApp({
    database: { url: databaseUrl(database) },
    env: { LOG_LEVEL: 'warn', SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://aq.example.it', WORKER_IN_PROCESS: 'true' },
  });
  const { app } = testApp;
  try {
    // 1. Expiry reminders.
    const outbox = app.get(MailOutbox);
    const txHost = app.get(TransactionHost);
    const cls = app.get(ClsService);
    let started = performance.now();
    for (let first = 0; first < MESSAGES; first += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, MESSAGES - first) }, (_, offset) => reminder(first + offset));
      await cls.run(() => txHost.withTransaction(() => outbox.write(chunk)));
    }
    let written = performance.now() - started;
    const reminders = await delivered(sink, (mail) => mail.envelopeTo.some((to) => to.startsWith('titolare-')), MESSAGES, started);
    process.stdout.write(report({ title: 'expiry reminders, outbox -> pg-boss -> SMTP', expected: MESSAGES, received: reminders, writtenMs: written, deliveredMs: performance.now() - started }));

    // 2. One revocation watched by WATCHERS confirmed addresses (inserted directly: the double opt-in is not what is measured).
    const listed = await listedFirm(testApp);
    await app.get(DataSource).query(
      `INSERT INTO firm_watch (firm_id, email, language, confirmed_at, unsubscribe_token, created_at)
       SELECT $1, 'osservatore-' || g || '@example.it', CASE WHEN g % 5 = 0 THEN 'en' ELSE 'it' END, now(), md5('u' || g) || md5('v' || g), now()
       FROM generate_series(1, $2::int) AS g`,
      [listed.firm.id, WATCHERS],
    );
    started = performance.now();
    await revokeRating(testApp, listed);
    written = performance.now() - started;
    const watchers = await delivered(sink, (mail) => mail.envelopeTo.some((to) => to.startsWith('osservatore-')), WATCHERS, started);
    process.stdout.write(report({ title: 'one revocation watched by confirmed addresses, written in its transaction -> pg-boss -> SMTP', expected: WATCHERS, received: watchers, writtenMs: written, deliveredMs: performance.now() - started }));
  } finally {
    await testApp.close();
    await sink.close();
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
