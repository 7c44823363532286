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
}

const POLLING_INTERVAL_SECONDS = 1;

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
  process<T>(queue: string, handler: JobHandler<T>): void {
    this.processors.push({ queue, handler: handler as JobHandler<unknown> });
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
    for (const { queue, handler } of this.processors) {
      await boss.work<unknown>(queue, { pollingIntervalSeconds: POLLING_INTERVAL_SECONDS, batchSize: 1, includeMetadata: true }, async ([job]) => {
        await this.cls.run(() => handler(job.data, { id: job.id, retryCount: job.retryCount }));
      });
    }
    this.logger.log(`Workers running for ${this.processors.map((p) => p.queue).join(', ') || 'no queue'}`);
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
