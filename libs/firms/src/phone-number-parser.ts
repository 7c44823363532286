import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PhoneNumberResult } from './phone-number';

export interface NormalizeRequest {
  readonly id: number;
  readonly written: readonly string[];
}

/** Two flat arrays: a message of plain strings costs far less to copy between threads than one object per number. */
export interface NormalizeReply {
  readonly id: number;
  readonly e164: (string | null)[];
  readonly reasons: (string | null)[];
}

interface Pending {
  readonly resolve: (results: PhoneNumberResult[]) => void;
  readonly reject: (error: Error) => void;
}

const WORKER_ENTRY = join(__dirname, `phone-number-worker${extname(__filename)}`);
/** Run from the TypeScript sources (tests, benchmarks), the worker compiles them as the main thread does. */
const TYPESCRIPT_HOOK = join(__dirname, '..', '..', '..', 'scripts', 'register-typescript.js');

/**
 * Worker threads for one process: on two cores, two let the parsing use the core PostgreSQL leaves
 * idle while it waits for the next batch; more would only take turns with the database.
 */
const WORKER_COUNT = Math.min(2, availableParallelism());

interface ParserWorker {
  readonly thread: Worker;
  readonly pending: Map<number, Pending>;
}

/**
 * Normalises lists of calling numbers (`normalizePhoneNumber`) in worker threads, so that an import's
 * own thread, which sends the batches and receives the database's replies, is not the bottleneck:
 * validating a number with libphonenumber-js costs about 10 µs, PostgreSQL storing it about 7 µs.
 * Plain Italian numbers now take the fast path (italian-phone-number.ts, under 1 µs), so the
 * threads matter mostly for lists of foreign numbers and for the copying of the chunks.
 * Lists go to the workers in turn. The workers are started on first use and shared by every import
 * of the process; if one dies, the lists it was normalising fail and the next list starts a new one.
 */
@Injectable()
export class PhoneNumberParser implements OnModuleDestroy {
  private readonly workers: (ParserWorker | undefined)[] = Array.from({ length: WORKER_COUNT }, () => undefined);
  private nextId = 1;

  normalize(written: readonly string[]): Promise<PhoneNumberResult[]> {
    if (written.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    const worker = this.running(id % this.workers.length);
    return new Promise<PhoneNumberResult[]>((resolve, reject) => {
      worker.pending.set(id, { resolve, reject });
      worker.thread.ref();
      worker.thread.postMessage({ id, written } satisfies NormalizeRequest);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        if (!worker) return;
        this.fail(worker, new Error('The application is shutting down'));
        await worker.thread.terminate();
      }),
    );
  }

  private running(slot: number): ParserWorker {
    const existing = this.workers[slot];
    if (existing) return existing;
    const thread =
      extname(__filename) === '.ts'
        ? new Worker(`require(${JSON.stringify(TYPESCRIPT_HOOK)}); require(${JSON.stringify(WORKER_ENTRY)});`, { eval: true })
        : new Worker(WORKER_ENTRY);
    const worker: ParserWorker = { thread, pending: new Map() };
    // An idle worker must not keep the process alive; it is referenced while lists are pending.
    thread.unref();
    thread.on('message', (reply: NormalizeReply) => this.settle(worker, reply));
    thread.on('error', (error) => this.fail(worker, error));
    thread.on('exit', (code) => this.fail(worker, new Error(`The phone number worker exited with code ${code}`)));
    this.workers[slot] = worker;
    return worker;
  }

  private settle(worker: ParserWorker, { id, e164, reasons }: NormalizeReply): void {
    const pending = worker.pending.get(id);
    if (!pending) return;
    worker.pending.delete(id);
    if (worker.pending.size === 0) worker.thread.unref();
    pending.resolve(e164.map((number, i): PhoneNumberResult => (number !== null ? { ok: true, e164: number } : { ok: false, reason: reasons[i] ?? 'not a phone number' })));
  }

  private fail(worker: ParserWorker, error: Error): void {
    const slot = this.workers.indexOf(worker);
    if (slot === -1) return;
    this.workers[slot] = undefined;
    const pending = [...worker.pending.values()];
    worker.pending.clear();
    for (const { reject } of pending) reject(error);
  }
}
