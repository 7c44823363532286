import { RatingInvariantsModule, RatingInvariantsService } from '@app/certificates';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AssignedAudit, proposedAudit } from '../factories/audit.factory';
import { ratedFirm } from '../factories/rating.factory';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseUrl, TEST_SERVER_URL } from '../support/test-database.constants';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const APPROVALS = 8;
const REVOCATIONS = 4;

interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run cli -- verify-invariants` on a database, from the sources. */
async function verifyInvariants(url: string): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', join(ROOT, 'scripts', 'register-typescript.js'), join(ROOT, 'apps', 'cli', 'src', 'main.ts'), 'verify-invariants'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('backup and restore under load (PostgreSQL server)', () => {
  let database: TestDatabase;
  let live: TestApp;
  let restored: TestApp | undefined;
  let folder: string;
  let restoredName: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    restoredName = `${database.name}_restored`;
    folder = mkdtempSync(join(tmpdir(), 'aq-backup-'));
    // The platform as it runs in production on a small install: the API renders certificates itself.
    live = await startTestApp({ database: { url: database.url }, env: { WORKER_IN_PROCESS: 'true' }, imports: [RatingInvariantsModule] });
  });

  afterAll(async () => {
    await restored?.close();
    await live?.close();
    await onServer(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('restores a pg_dump taken while decisions run into a database where verify-invariants passes, and the worker then renders what was pending', async () => {
    const staff = { admin: await live.signIn('admin'), auditor: await live.signIn('auditor') };
    const reviewer = await live.signIn('reviewer');
    const [audits, held] = await Promise.all([
      Promise.all(Array.from({ length: APPROVALS }, (): Promise<AssignedAudit> => proposedAudit(live, staff))),
      Promise.all(Array.from({ length: REVOCATIONS }, async (_, i) => (await ratedFirm(live, { legalName: `Revocanda ${i} S.r.l.` })).rating)),
    ]);

    // The dump starts once decisions are committing, and more are still on their way.
    const decisions = Promise.all([
      ...audits.map((audit) => live.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' })),
      ...held.map((rating) => live.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(reviewer.auth).send({ reason: 'irregularities', publicNote: 'Irregolarità accertate' })),
    ]);
    const db = live.app.get(DataSource);
    await eventually(async () => {
      const [{ decided }] = await db.query<{ decided: number }[]>(`SELECT count(*)::int AS decided FROM audit_decision`);
      expect(decided).toBeGreaterThan(0);
    }, 60_000, 5);
    const dump = join(folder, 'aziendaqualificata.dump');
    const dumped = run('pg_dump', ['--format=custom', `--file=${dump}`, database.url]);
    const answers = await decisions;
    await dumped;
    expect(answers.map((answer) => answer.status).filter((status) => status >= 300)).toEqual([]);

    await onServer(`CREATE DATABASE ${restoredName} TEMPLATE template0`);
    const restoredUrl = databaseUrl(restoredName);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restoredUrl}`, dump]);

    const verified = await verifyInvariants(restoredUrl);
    expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/Invariants hold \(\d+ history events verified, \d+ certificates still to render\)/);

    // The render jobs came with the dump: a worker on the restored database finishes them.
    restored = await startTestApp({ database: { url: restoredUrl }, env: { WORKER_IN_PROCESS: 'true' }, imports: [RatingInvariantsModule] });
    const invariants = restored.app.get(RatingInvariantsService);
    await eventually(async () => expect(await invariants.check()).toEqual(expect.objectContaining({ failures: [], warnings: [] })), 60_000, 250);
    const [{ ratings }] = await restored.app.get(DataSource).query<{ ratings: number }[]>(`SELECT count(*)::int AS ratings FROM rating`);
    expect(ratings).toBeGreaterThan(REVOCATIONS);
    await restored.close();
    restored = undefined;

    // The command names every broken invariant and fails: a number lost, history altered, a firm with two ratings in force, a PDF altered.
    const tamper = new Client({ connectionString: restoredUrl });
    await tamper.connect();
    try {
      await tamper.query(`UPDATE certificate_counter SET last_sequence = last_sequence + 1`);
      await tamper.query(`ALTER TABLE history DISABLE TRIGGER USER`);
      await tamper.query(`UPDATE history SET actor_label = 'someone else' WHERE seq = 2`);
      await tamper.query(`ALTER TABLE rating DISABLE TRIGGER USER`);
      await tamper.query(`DROP INDEX uq_rating_firm_current`);
      await tamper.query(
        `UPDATE rating SET firm_id = (SELECT firm_id FROM rating WHERE status = 'active' ORDER BY certificate_number LIMIT 1)
         WHERE id = (SELECT id FROM rating WHERE status = 'active' ORDER BY certificate_number DESC LIMIT 1)`,
      );
      await tamper.query(`ALTER TABLE stored_blob DISABLE TRIGGER USER`);
      await tamper.query(`UPDATE stored_blob SET bytes = set_byte(bytes, 100, (get_byte(bytes, 100) + 1) % 256) WHERE sha256 = (SELECT certificate_sha256 FROM rating ORDER BY certificate_number LIMIT 1)`);
    } finally {
      await tamper.end();
    }
    const failed = await verifyInvariants(restoredUrl);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/FAILED: Certificate number AQ-\d{4}-\d{6} was taken but no rating holds it/);
    expect(failed.stderr).toMatch(/FAILED: Certificate numbers of \d{4}: the counter is at \d+/);
    expect(failed.stderr).toContain('FAILED: History chain broken at event 2: event 2 was altered');
    expect(failed.stderr).toMatch(/FAILED: Firm \d{11} has 2 ratings in force: AQ-\d{4}-\d{6}, AQ-\d{4}-\d{6}/);
    expect(failed.stderr).toMatch(/FAILED: Certificate AQ-\d{4}-\d{6}: the stored PDF does not match its hash/);
  });
});
