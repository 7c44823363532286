import { Injectable, OnModuleDestroy } from '@nestjs/common';
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
 * Normalises lists of calling numbers (`normalizePhoneNumber`) in a worker thread, so that an import's
 * own thread, which sends the batches and receives the database's replies, is not the bottleneck:
 * validating a number with libphonenumber-js costs about 10 µs, PostgreSQL storing it about 7 µs.
 * One worker, started on first use and shared by every import of the process; if it dies, the lists
 * it was normalising fail and the next list starts a new one.
 */
@Injectable()
export class PhoneNumberParser implements OnModuleDestroy {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  normalize(written: readonly string[]): Promise<PhoneNumberResult[]> {
    if (written.length === 0) return Promise.resolve([]);
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<PhoneNumberResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, written } satisfies NormalizeRequest);
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.fail(worker, new Error('The application is shutting down'));
    await worker.terminate();
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker =
      extname(__filename) === '.ts'
        ? new Worker(`require(${JSON.stringify(TYPESCRIPT_HOOK)}); require(${JSON.stringify(WORKER_ENTRY)});`, { eval: true })
        : new Worker(WORKER_ENTRY);
    // An idle worker must not keep the process alive; it is referenced while lists are pending.
    worker.unref();
    worker.on('message', (reply: NormalizeReply) => this.settle(worker, reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`The phone number worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(worker: Worker, { id, e164, reasons }: NormalizeReply): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) worker.unref();
    pending.resolve(e164.map((number, i): PhoneNumberResult => (number !== null ? { ok: true, e164: number } : { ok: false, reason: reasons[i] ?? 'not a phone number' })));
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }
}
