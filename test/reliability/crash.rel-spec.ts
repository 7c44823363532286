import { RatingInvariantsModule, RatingInvariantsService } from '@app/certificates';
import { loadConfig } from '@app/config';
import { AdjustableClock } from '@app/core';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../apps/api/src/bootstrap';
import { proposedAudit } from '../factories/audit.factory';
import { registerFirm } from '../factories/firm.factory';
import { issueRating, ratedFirm } from '../factories/rating.factory';
import { startChildApi } from '../support/child-api';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const APPROVALS = 10;
const REVOCATIONS = 10;
/** The promise: every certificate rendered within 30 s of the worker's restart. */
const RENDERED_WITHIN_MS = 30_000;
const WORKER_READY_WITHIN_MS = 90_000;

interface ChildWorker {
  readonly pid: number;
  stop(): Promise<void>;
}

/** `npm run start:worker`'s entry point in a process of its own; ready once it says it is running. */
async function startChildWorker(env: Record<string, string>): Promise<ChildWorker> {
  const child: ChildProcess = spawn(process.execPath, ['-r', join(ROOT, 'scripts', 'register-typescript.js'), join(ROOT, 'apps', 'worker', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  const running = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker did not start within ${WORKER_READY_WITHIN_MS} ms: ${output}`)), WORKER_READY_WITHIN_MS);
    const listen = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('worker is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The worker exited with ${code}: ${output}`));
    });
  });
  try {
    await running;
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid ?? 0, stop };
}

/** Every process below `pid` (Chromium and its helpers), read from /proc. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    const children = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...children);
    frontier = children;
  }
  return found;
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function post(url: string, auth: { Authorization: string }, body: object): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

describe('crash: kill -9 of the instance that decides and renders, during 20 concurrent decisions (PostgreSQL server)', () => {
  let database: TestDatabase;
  let setup: TestApp;
  let db: DataSource;
  let dataDir: string;
  const stops: (() => Promise<void>)[] = [];
  const strayProcesses: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'aq-crash-'));
    // Builds the data and reads the database; runs no jobs, so the render jobs wait for the children.
    setup = await startTestApp({ database: { url: database.url }, imports: [RatingInvariantsModule] });
    db = setup.app.get(DataSource);
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    killAll(strayProcesses);
    await setup?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const rows = <T>(sql: string, params: unknown[] = []) => db.query<T[]>(sql, params);

  it('leaves no partial decision and no number gap, keeps the history chain, and renders every certificate within 30 s of restart', async () => {
    const staff = { admin: await setup.signIn('admin'), auditor: await setup.signIn('auditor') };
    const reviewer = await setup.signIn('reviewer');
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    const [audits, held, crashing] = await Promise.all([
      Promise.all(Array.from({ length: APPROVALS }, () => proposedAudit(setup, staff))),
      Promise.all(
        Array.from({ length: REVOCATIONS }, async (_, i) => issueRating(setup, (await registerFirm(setup, { legalName: `Revocanda ${i} S.r.l.` })).id, reviewer)),
      ),
      startChildApi({ ...env, WORKER_IN_PROCESS: 'true' }),
    ]);
    stops.push(crashing.stop);

    const decisions = [
      ...audits.map((audit) => ({ kind: 'approval' as const, id: audit.auditId, path: `/api/v1/audits/${audit.auditId}/decision`, body: { outcome: 'approve' } })),
      ...held.map((rating) => ({ kind: 'revocation' as const, id: rating.id, path: `/api/v1/ratings/${rating.id}/revoke`, body: { reason: 'irregularities', publicNote: 'Irregolarità accertate' } })),
    ];
    const answers = Promise.allSettled(decisions.map((decision) => post(`${crashing.url}${decision.path}`, reviewer.auth, decision.body)));

    // Killed while a certificate is being rendered and decisions are still arriving.
    await eventually(
      async () => {
        const [state] = await rows<{ rendering: number; decided: number }>(
          `SELECT (SELECT count(*) FROM pgboss.job WHERE name = 'certificates.render' AND state = 'active')::int AS rendering,
                  ((SELECT count(*) FROM audit_decision WHERE audit_id = ANY($1)) + (SELECT count(*) FROM rating WHERE id = ANY($2) AND status = 'revoked'))::int AS decided`,
          [audits.map((audit) => audit.auditId), held.map((rating) => rating.id)],
        );
        if (state.rendering === 0 || state.decided === 0) throw new Error(`not yet: ${JSON.stringify(state)}`);
      },
      60_000,
      5,
    );
    strayProcesses.push(...descendantsOf(crashing.pid));
    process.kill(crashing.pid, 'SIGKILL');
    const settled = await answers;
    killAll(strayProcesses);
    const orphaned = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'certificates.render' AND state = 'active'`);
    expect(orphaned[0].n).toBeGreaterThan(0);

    // Each approval happened whole or not at all: decision, rating, public event, history and render job together.
    const approvals = await rows<{ auditId: string; parts: number[]; applicationState: string }>(
      `SELECT a.id AS "auditId", a.application_id, ARRAY[
         (SELECT count(*) FROM audit_decision d WHERE d.audit_id = a.id),
         (SELECT count(*) FROM rating r WHERE r.application_id = a.application_id),
         (SELECT count(*) FROM rating_event e JOIN rating r ON r.id = e.rating_id WHERE r.application_id = a.application_id AND e.kind = 'issued'),
         (SELECT count(*) FROM history h WHERE h.entity_type = 'audit' AND h.entity_id = a.id::text AND h.action = 'audit.decided'),
         (SELECT count(*) FROM history h JOIN rating r ON h.entity_id = r.id::text WHERE h.action = 'rating.issued' AND r.application_id = a.application_id),
         (SELECT count(*) FROM pgboss.job j JOIN rating r ON j.data->>'ratingId' = r.id::text WHERE j.name = 'certificates.render' AND r.application_id = a.application_id)
       ]::int[] AS parts,
       (SELECT state FROM application p WHERE p.id = a.application_id) AS "applicationState"
       FROM audit a WHERE a.id = ANY($1)`,
      [audits.map((audit) => audit.auditId)],
    );
    const partialApprovals = approvals.filter(({ parts, applicationState }) => !(parts.every((n) => n === 0) && applicationState !== 'decided') && !(parts.every((n) => n === 1) && applicationState === 'decided'));
    expect(partialApprovals).toEqual([]);
    const revocations = await rows<{ id: string; status: string; parts: number[] }>(
      `SELECT r.id, r.status, ARRAY[
         (SELECT count(*) FROM rating_event e WHERE e.rating_id = r.id AND e.kind = 'revoked'),
         (SELECT count(*) FROM history h WHERE h.entity_type = 'rating' AND h.entity_id = r.id::text AND h.action = 'rating.revoked')
       ]::int[] AS parts
       FROM rating r WHERE r.id = ANY($1)`,
      [held.map((rating) => rating.id)],
    );
    const partialRevocations = revocations.filter(({ status, parts }) => !(status === 'active' && parts.every((n) => n === 0)) && !(status === 'revoked' && parts.every((n) => n === 1)));
    expect(partialRevocations).toEqual([]);

    // A decision answered as done is done.
    const committed = new Set([...approvals.filter((a) => a.parts[0] === 1).map((a) => a.auditId), ...revocations.filter((r) => r.status === 'revoked').map((r) => r.id)]);
    const answeredDone = decisions.filter((decision, i) => {
      const answer = settled[i];
      return answer.status === 'fulfilled' && answer.value < 300;
    });
    expect(answeredDone.filter((decision) => !committed.has(decision.id))).toEqual([]);
    const unanswered = settled.filter((answer) => answer.status === 'rejected').length;

    const invariants = setup.app.get(RatingInvariantsService);
    expect((await invariants.check()).failures).toEqual([]);

    // The server's layout after the restart: a separate worker (the in-process setup app serves HTTP, without workers).
    const worker = await startChildWorker(env);
    stops.push(worker.stop);
    const workerStartedAt = Date.now();
    await eventually(
      async () => {
        const missing = await rows<{ certificate_number: string }>(`SELECT certificate_number FROM rating WHERE certificate_sha256 IS NULL ORDER BY 1`);
        expect(missing).toEqual([]);
      },
      RENDERED_WITHIN_MS,
      250,
    );
    const renderedAfterMs = Date.now() - workerStartedAt;
    expect((await invariants.check()).failures).toEqual([]);

    // What the crash interrupted can simply be done again.
    const redone = await Promise.all(
      decisions.filter((decision) => !committed.has(decision.id)).map((decision) => setup.http.post(decision.path).set(reviewer.auth).send(decision.body)),
    );
    expect(redone.filter((response) => response.status >= 300).map((response) => `${response.status} ${response.text}`)).toEqual([]);
    await eventually(async () => expect(await invariants.check()).toEqual(expect.objectContaining({ failures: [], warnings: [] })), RENDERED_WITHIN_MS, 250);

    const [{ issued, sequences }] = await rows<{ issued: number; sequences: number[] }>(
      `SELECT count(*)::int AS issued, array_agg(certificate_sequence ORDER BY certificate_sequence) AS sequences FROM rating`,
    );
    expect(sequences).toEqual(Array.from({ length: issued }, (_, i) => i + 1));
    expect(issued).toBe(APPROVALS + REVOCATIONS);
    process.stdout.write(
      `crash: ${committed.size} of ${decisions.length} decisions committed before kill -9, ${unanswered} unanswered; ` +
        `${orphaned[0].n} render jobs orphaned; every certificate rendered ${renderedAfterMs} ms after the worker's restart\n`,
    );
  });
});

describe('crash: a render job orphaned on the embedded database', () => {
  it('is rendered within 30 s of the restart by the in-process worker', async () => {
    // The first life: a rating issued and its render job fetched (made `active`), then the process is gone.
    const first = await startTestApp({ database: 'embedded', env: { WORKER_IN_PROCESS: 'false' } });
    const { dataDir } = first.config.database;
    try {
      const { rating } = await ratedFirm(first, { legalName: 'Orfana Incorporata S.r.l.' });
      const [fetched] = await first.app.get(DataSource).query<[{ id: string }[], number]>(
        `UPDATE pgboss.job SET state = 'active', started_on = now() WHERE name = 'certificates.render' AND data->>'ratingId' = $1 RETURNING id`,
        [rating.id],
      );
      expect(fetched).toHaveLength(1);
      await first.app.close();

      // The second life, on the same files, runs the workers as the embedded database does by default.
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', DATA_DIR: dataDir });
      expect(config.workerInProcess).toBe(true);
      const restarted = await createApiApplication({ config, clock: new AdjustableClock() });
      try {
        const restartedAt = Date.now();
        const hash = await eventually(
          async () => {
            const [row] = await restarted.get(DataSource).query<{ certificate_sha256: string | null }[]>(`SELECT certificate_sha256 FROM rating WHERE id = $1`, [rating.id]);
            if (!row.certificate_sha256) throw new Error(`no PDF for ${rating.certificateNumber} ${Date.now() - restartedAt} ms after the restart`);
            return row.certificate_sha256;
          },
          RENDERED_WITHIN_MS,
          250,
        );
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
