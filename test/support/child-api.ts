import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CHEAP_PASSWORD_HASHING } from './test-env';

const ROOT = join(__dirname, '..', '..');
const READY_WITHIN_MS = 90_000;

export interface ChildApi {
  readonly url: string;
  readonly pid: number;
  /** What the process wrote to stderr, for a failing test's message. */
  readonly errors: () => string;
  /** The last of what the process wrote to stdout: its log lines and start-up banner. */
  readonly output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, errors: () => string): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API process exited with ${child.exitCode}: ${errors()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The API process did not become ready within ${READY_WITHIN_MS} ms: ${errors()}`);
}

/**
 * The API as `npm start` runs it, in a process of its own, compiled on the fly by @swc/core
 * (scripts/register-typescript.js): a second instance for tests that need two, or the server a benchmark loads.
 */
export function startChildApi(env: Record<string, string>): Promise<ChildApi> {
  return startChildServer(join('apps', 'api', 'src', 'main.ts'), env);
}

/** Any TypeScript entry point (relative to the project) that listens on PORT and answers GET /health/ready. */
export async function startChildServer(entry: string, env: Record<string, string>): Promise<ChildApi> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', join(ROOT, 'scripts', 'register-typescript.js'), join(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false', HOST: '127.0.0.1', PORT: String(port), ...CHEAP_PASSWORD_HASHING, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  // Read all along, or a chatty process would fill the pipe and stall.
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-100_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const errors = () => stderr;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilReady(url, child, errors);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid ?? 0, errors, output: () => stdout, stop };
}
