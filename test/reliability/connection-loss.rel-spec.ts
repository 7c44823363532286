import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { listedFirm, ListedFirm } from '../factories/registry.factory';
import { ChildApi, startChildApi } from '../support/child-api';
import { eventually } from '../support/eventually';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { SignedInUser, startTestApp, TestApp } from '../support/test-app';
import { TEST_SERVER_URL } from '../support/test-database.constants';

const ROOT = join(__dirname, '..', '..');
/** Longer than the pool's wait for a connection (10 s): an answer later than this is a hang. */
const REQUEST_TIMEOUT_MS = 20_000;
const CLIENTS = 5;
const OUTAGE_MS = 3_000;
/** The promise: ready again within 5 s of the database coming back. */
const READY_AGAIN_WITHIN_MS = 5_000;

type Kind = 'verify' | 'lookup' | 'search' | 'signed-in read' | 'page';

interface Outcome {
  readonly kind: Kind;
  readonly status: number;
  readonly problem: string | null;
}

interface Worker {
  readonly process: ChildProcess;
  readonly errors: () => string;
  stop(): Promise<void>;
}

/** The background worker (`npm run start:worker`) in a process of its own; it has no HTTP port, so it is ready when it says so. */
async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'scripts', 'register-typescript.js'), join(ROOT, 'apps', 'worker', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const running = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`The worker exited with ${code}: ${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await running;
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, errors: () => stderr, stop };
}

/** The backends reached through the proxy; with `terminate`, ended as an operator's `pg_terminate_backend` ends them. */
async function backendsBehind(proxy: TcpProxy, database: string, terminate = false): Promise<number> {
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid, CASE WHEN $3 THEN pg_terminate_backend(pid) END FROM pg_stat_activity WHERE datname = $1 AND client_port = ANY($2::int[])`,
      [database, proxy.upstreamPorts(), terminate],
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

describe('losing the database connections', () => {
  let setup: TestApp;
  let proxy: TcpProxy;
  let workerProxy: TcpProxy;
  let api: ChildApi;
  let worker: Worker;
  let listed: ListedFirm;
  let reader: SignedInUser;
  let database: string;

  beforeAll(async () => {
    setup = await startTestApp();
    listed = await listedFirm(setup, { legalName: 'Connessione Persa S.r.l.', numbers: ['06 5558001'] });
    reader = await setup.signIn('admin');
    const direct = new URL(setup.config.database.url!);
    database = direct.pathname.slice(1);
    const target = { host: direct.hostname, port: Number(direct.port || 5432) };
    // One proxy per process, so that each one's reconnection shows.
    [proxy, workerProxy] = await Promise.all([startTcpProxy(target), startTcpProxy(target)]);
    const through = (via: TcpProxy) => {
      const proxied = new URL(direct);
      proxied.host = `127.0.0.1:${via.port}`;
      return proxied.toString();
    };
    api = await startChildApi({ DATABASE_URL: through(proxy), PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
    worker = await startWorker({ DATABASE_URL: through(workerProxy) });
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await proxy?.close();
    await workerProxy?.close();
    await setup?.close();
  });

  const requests: Record<Kind, () => { path: string; accept: string; headers?: Record<string, string> }> = {
    verify: () => ({ path: `/api/v1/verify/${listed.rating.certificateNumber}`, accept: 'application/json' }),
    lookup: () => ({ path: `/api/v1/lookup/phone/065558001`, accept: 'application/json' }),
    search: () => ({ path: `/api/v1/registry/firms?q=${encodeURIComponent('Connessione Persa')}`, accept: 'application/json' }),
    'signed-in read': () => ({ path: '/api/v1/auth/me', accept: 'application/json', headers: reader.auth }),
    page: () => ({ path: `/registro/${listed.firm.vatNumber}`, accept: 'text/html' }),
  };
  const kinds = Object.keys(requests) as Kind[];

  /** One request: answered (2xx), or refused as the platform promises (503, Retry-After, the error shape). */
  async function ask(kind: Kind): Promise<Outcome> {
    const { path, accept, headers } = requests[kind]();
    let response: Response;
    try {
      response = await fetch(`${api.url}${path}`, { headers: { accept, ...headers }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      return { kind, status: 0, problem: `no answer: ${error instanceof Error ? error.message : String(error)}` };
    }
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) return { kind, status: response.status, problem: null };
    if (response.status !== 503) return { kind, status: response.status, problem: text.slice(0, 300) };
    if (!/^\d+$/.test(response.headers.get('retry-after') ?? '')) return { kind, status: 503, problem: 'no Retry-After' };
    if (accept === 'text/html') return { kind, status: 503, problem: null };
    const body = JSON.parse(text) as { statusCode?: number; code?: string; requestId?: string };
    const wellFormed = body.statusCode === 503 && body.code === 'database_unavailable' && typeof body.requestId === 'string';
    return { kind, status: 503, problem: wellFormed ? null : `error body ${text.slice(0, 300)}` };
  }

  /** CLIENTS clients asking every kind of question in turn until stopped. */
  function underLoad(): { stop: () => Promise<Outcome[]> } {
    const outcomes: Outcome[] = [];
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = client; running; n += 1) {
        const outcome = await ask(kinds[n % kinds.length]);
        outcomes.push(outcome);
        // A process that no longer answers would be asked in a busy loop: one unanswered question says enough.
        if (outcome.status === 0) return;
      }
    });
    return {
      stop: async () => {
        running = false;
        await Promise.all(clients);
        return outcomes;
      },
    };
  }

  const ready = async () => {
    const response = await fetch(`${api.url}/health/ready`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch((error: unknown) => {
      throw new Error(`The API does not answer (${String(error)}); its stderr: ${api.errors()}`);
    });
    const body = (await response.json()) as { status: string; details: Record<string, { status: string }> };
    return { status: response.status, body };
  };
  const expectReady = async () => expect((await ready()).status).toBe(200);

  /** Both processes still run; on failure, what they wrote to stderr says why they stopped. */
  const expectBothRunning = async () => {
    const apiRunning = (await fetch(`${api.url}/health`).then((response) => response.ok).catch(() => false)) || api.errors();
    const workerRunning = worker.process.exitCode === null || worker.errors();
    expect({ apiRunning, workerRunning }).toEqual({ apiRunning: true, workerRunning: true });
  };

  it('survives terminated backends and a network outage under load: nothing exits, nothing hangs, ready again within 5 s', async () => {
    const load = underLoad();
    await new Promise((resolve) => setTimeout(resolve, 500));

    // An operator terminates the instances' backends, twice, while requests run.
    for (let round = 0; round < 2; round += 1) {
      expect(await backendsBehind(proxy, database, true)).toBeGreaterThan(0);
      await backendsBehind(workerProxy, database, true);
      const terminatedAt = Date.now();
      await eventually(expectReady, READY_AGAIN_WITHIN_MS, 50);
      expect(Date.now() - terminatedAt).toBeLessThan(READY_AGAIN_WITHIN_MS);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }

    // The network to the database goes down: every connection reset, new ones refused for a while.
    await Promise.all([proxy.cut(), workerProxy.cut()]);
    const cutAt = Date.now();
    const whileDown = await eventually(
      async () => {
        const answer = await ready();
        expect(answer.status).toBe(503);
        return answer.body;
      },
      OUTAGE_MS,
      50,
    );
    expect(whileDown.details.database.status).toBe('down');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    await Promise.all([proxy.restore(), workerProxy.restore()]);
    const restoredAt = Date.now();
    await eventually(expectReady, READY_AGAIN_WITHIN_MS, 50);
    const readyAfterMs = Date.now() - restoredAt;

    await new Promise((resolve) => setTimeout(resolve, 500));
    const outcomes = await load.stop();

    await expectBothRunning();
    expect(readyAfterMs).toBeLessThan(READY_AGAIN_WITHIN_MS);
    expect(outcomes.filter((outcome) => outcome.problem !== null).slice(0, 10)).toEqual([]);
    // The faults were felt (some requests were refused), and every kind of question was asked throughout.
    expect(outcomes.some((outcome) => outcome.status === 503)).toBe(true);
    for (const kind of kinds) expect(outcomes.filter((outcome) => outcome.kind === kind && outcome.status === 200).length).toBeGreaterThan(0);

    // Every question is answered again, and both processes connected again.
    for (const kind of kinds) expect(await ask(kind)).toEqual({ kind, status: 200, problem: null });
    await eventually(async () => expect(await backendsBehind(workerProxy, database)).toBeGreaterThan(0), 10_000, 100);
    await expectBothRunning();
  });
});
