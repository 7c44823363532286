import { isConnectionError, type TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import PgBoss from 'pg-boss';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

export interface QueueDefinition {
  readonly name: string;
  /** Attempts after the first before the job is dead-lettered (state `failed`, listed for admins). */
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly expireInSeconds: number;
}

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

export interface BatchJob<T> {
  readonly id: string;
  readonly data: T;
  readonly retryCount: number;
  /** Whether a failure now dead-letters the job (no retry left). */
  readonly lastAttempt: boolean;
}

/**
 * Handles a batch of jobs at once, for queues with many small jobs (one e-mail each). Returns the
 * jobs that failed, with their error: those are retried or dead-lettered alone; the rest complete.
 */
export type BatchJobHandler<T> = (jobs: readonly BatchJob<T>[]) => Promise<ReadonlyMap<string, Error>>;

export interface FailedJob {
  readonly id: string;
  readonly queue: string;
  readonly data: unknown;
  readonly attempts: number;
  readonly lastError: unknown;
  readonly failedAt: Date | null;
}

interface Processor {
  readonly queue: string;
  readonly handler: JobHandler<unknown>;
  /** Jobs fetched per poll and run at once; each fails or completes on its own. */
  readonly batchSize: number;
}

interface BatchProcessor {
  readonly queue: string;
  readonly batchSize: number;
  readonly handler: BatchJobHandler<unknown>;
}

const POLLING_INTERVAL_SECONDS = 1;
const BATCH_POLLING_INTERVAL_SECONDS = 0.5;

let lostConnectionsKeptFromEndingTheProcess = false;

/**
 * pg-boss 10 marks a finished job complete or failed without awaiting it (`onFetch` in its
 * manager.js), so a connection lost at that moment is an unhandled rejection, and an unhandled
 * rejection ends a Node process. Such a job stays active and runs again when it expires (render
 * jobs sooner, by the orphaned-render sweep), so only that kind of rejection is kept from ending
 * the process; any other still does.
 */
function keepLostConnectionsFromEndingTheProcess(logger: Logger): void {
  if (lostConnectionsKeptFromEndingTheProcess) return;
  lostConnectionsKeptFromEndingTheProcess = true;
  process.on('unhandledRejection', (reason) => {
    if (!isConnectionError(reason)) throw reason;
    logger.warn({ err: reason }, 'Job queue: a job could not be marked done while the database was unavailable; it runs again when it expires');
  });
}

/** Whether this process runs job handlers (the worker, or the API on the embedded database). */
export const RUN_JOB_WORKERS = Symbol('RUN_JOB_WORKERS');

/**
 * Background jobs on pg-boss, in the same PostgreSQL as the data. A job enqueued inside a
 * transaction is written by that transaction: commit gives the row and its job, rollback neither.
 * pg-boss always goes through TypeORM's connections (on PGlite a second pool would see, and join,
 * whatever transaction happens to be open on the single session).
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues = new Map<string, QueueDefinition>();
  private readonly processors: Processor[] = [];
  private readonly batchProcessors: BatchProcessor[] = [];
  private boss: PgBoss | undefined;

  constructor(
    @Inject(RUN_JOB_WORKERS) private readonly runWorkers: boolean,
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly cls: ClsService,
  ) {}

  /** Queues must be declared before start: creating one later inside a transaction would need a second connection. */
  declare(definition: QueueDefinition): void {
    if (this.boss) throw new Error(`Queue ${definition.name} declared after the job queue started`);
    this.queues.set(definition.name, definition);
  }

  /** Registers the handler of a queue; it runs only in processes that run workers. */
  process<T>(queue: string, handler: JobHandler<T>, options: { batchSize?: number } = {}): void {
    this.processors.push({ queue, handler: handler as JobHandler<unknown>, batchSize: options.batchSize ?? 1 });
  }

  /** Registers a batch handler of a queue (up to `batchSize` jobs per call); it runs only in processes that run workers. */
  processBatch<T>(queue: string, batchSize: number, handler: BatchJobHandler<T>): void {
    this.batchProcessors.push({ queue, batchSize, handler: handler as BatchJobHandler<unknown> });
  }

  async onApplicationBootstrap(): Promise<void> {
    const pool = (this.dataSource.driver as PostgresDriver).master as { query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> };
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      supervise: this.runWorkers,
      schedule: false,
      migrate: true,
    });
    // pg-boss reports here what failed in its polling and upkeep, and tries again on its next turn.
    boss.on('error', (error) => {
      if (isConnectionError(error)) this.logger.warn({ err: error }, 'Job queue: the database is unavailable; trying again');
      else this.logger.error({ err: error }, 'Job queue error');
    });
    await boss.start();
    for (const queue of this.queues.values()) {
      await boss.createQueue(queue.name, {
        name: queue.name,
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: queue.expireInSeconds,
      });
    }
    this.boss = boss;
    if (!this.runWorkers) return;
    keepLostConnectionsFromEndingTheProcess(this.logger);
    for (const { queue, handler, batchSize } of this.processors) {
      await boss.work<unknown>(queue, { pollingIntervalSeconds: POLLING_INTERVAL_SECONDS, batchSize, includeMetadata: true }, async (jobs) => {
        if (jobs.length === 1) {
          await this.cls.run(() => handler(jobs[0].data, { id: jobs[0].id, retryCount: jobs[0].retryCount }));
          return;
        }
        // A batch runs at once; a job that throws is failed (and retried) alone, the others complete with the batch.
        await Promise.all(
          jobs.map(async (job) => {
            try {
              await this.cls.run(() => handler(job.data, { id: job.id, retryCount: job.retryCount }));
            } catch (error) {
              await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
            }
          }),
        );
      });
    }
    for (const { queue, batchSize, handler } of this.batchProcessors) {
      const retryLimit = this.queues.get(queue)?.retryLimit ?? 0;
      // A full batch is fetched again at once (the poll waits only after a short turn), so a backlog drains without pauses.
      await boss.work<unknown>(queue, { pollingIntervalSeconds: BATCH_POLLING_INTERVAL_SECONDS, batchSize, includeMetadata: true }, async (jobs) => {
        const failures = await this.cls.run(() =>
          handler(jobs.map((job) => ({ id: job.id, data: job.data, retryCount: job.retryCount, lastAttempt: job.retryCount >= retryLimit }))),
        );
        // Failed jobs leave the `active` state here, so pg-boss's completion of the batch passes them by.
        for (const [id, error] of failures) await boss.fail(queue, id, { message: error.message });
      });
    }
    const queues = [...this.processors, ...this.batchProcessors].map((p) => p.queue);
    this.logger.log(`Workers running for ${queues.join(', ') || 'no queue'}`);
  }

  /** Enqueues a job; inside a transaction it commits or rolls back with it. */
  async enqueue<T extends object>(queue: string, data: T, options: { singletonKey?: string } = {}): Promise<string | null> {
    const boss = this.started();
    if (!this.queues.has(queue)) throw new Error(`Unknown queue ${queue}: declare it at start-up`);
    if (!this.txHost.isTransactionActive()) return boss.send(queue, data, options);
    const queryRunner = this.txHost.tx.queryRunner;
    if (!queryRunner) throw new Error('The current transaction has no query runner');
    // TypeORM's queryRunner.query() drops rows of multi-statement SQL; pg-boss needs the raw client.
    const client = (await queryRunner.connect()) as PoolClient;
    return boss.send(queue, data, { ...options, db: { executeSql: (text, values) => client.query(text, values) } });
  }

  /** Enqueues many jobs of one queue in one statement; inside a transaction they commit or roll back with it. */
  async enqueueMany<T extends object>(queue: string, items: readonly T[]): Promise<void> {
    const boss = this.started();
    const definition = this.queues.get(queue);
    if (!definition) throw new Error(`Unknown queue ${queue}: declare it at start-up`);
    if (items.length === 0) return;
    const jobs = items.map((data) => ({
      name: queue,
      data,
      retryLimit: definition.retryLimit,
      retryDelay: definition.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: definition.expireInSeconds,
    }));
    if (!this.txHost.isTransactionActive()) {
      await boss.insert(jobs);
      return;
    }
    const queryRunner = this.txHost.tx.queryRunner;
    if (!queryRunner) throw new Error('The current transaction has no query runner');
    const client = (await queryRunner.connect()) as PoolClient;
    await boss.insert(jobs, { db: { executeSql: (text, values) => client.query(text, values) } });
  }

  async failedJobs(): Promise<FailedJob[]> {
    this.started();
    const rows = await this.dataSource.query<{ id: string; name: string; data: unknown; retry_count: number; output: unknown; completed_on: Date | null }[]>(
      `SELECT id, name, data, retry_count, output, completed_on FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT 500`,
    );
    return rows.map((row) => ({ id: row.id, queue: row.name, data: row.data, attempts: row.retry_count + 1, lastError: row.output, failedAt: row.completed_on }));
  }

  /** Puts a dead-lettered job back in its queue. */
  async retry(queue: string, id: string): Promise<void> {
    await this.started().retry(queue, id);
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 15_000, close: false });
    this.boss = undefined;
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('The job queue has not started yet');
    return this.boss;
  }
}
