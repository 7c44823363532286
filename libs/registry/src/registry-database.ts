import { AppConfig } from '@app/config';
import { DatabaseConnections, surviveConnectionLoss, type TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A query PostgreSQL parses and plans once per connection, then reruns by name. */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

const QUERY_CANCELED = '57014';
/** A search that takes longer is stopped: it ranks too many names to be useful anyway. */
export const SEARCH_TIMEOUT_MS = 500;
const SEARCH_POOL_SIZE = 2;
const CONNECTION_WAIT_MS = 10_000;

/**
 * How much of a typed word's trigrams a registry word must share to be read as a misspelling of it
 * (pg_trgm's `%`, here pg_trgm's default, set so that no server setting changes it). Words, not names,
 * are compared: the vocabulary is small, so a low threshold costs little.
 */
const MISSPELLING_THRESHOLD = 0.3;

/**
 * Searches run read-only, stopped after SEARCH_TIMEOUT_MS, and planned once per statement and session
 * (a generic plan): planning a search for its values took 2-6 ms of CPU, two to six times running it.
 * The statements are written so that one plan suits every value: a name search reads a page per word
 * (`registry_name_word`) however common the word, the searched text is computed once (an InitPlan), and
 * misspellings go through the word indexes.
 */
const SEARCH_SETTINGS = {
  default_transaction_read_only: 'on',
  statement_timeout: String(SEARCH_TIMEOUT_MS),
  plan_cache_mode: 'force_generic_plan',
  'pg_trgm.similarity_threshold': String(MISSPELLING_THRESHOLD),
};
const SEARCH_SESSION = Object.entries(SEARCH_SETTINGS)
  .map(([name, value]) => `-c ${name}=${value}`)
  .join(' ');
const SEARCH_TRANSACTION = `BEGIN READ ONLY; ${Object.entries(SEARCH_SETTINGS)
  .map(([name, value]) => `SET LOCAL ${name} = '${value}'`)
  .join('; ')}`;

export function isQueryCanceled(error: unknown): boolean {
  const driverError = (error as { driverError?: unknown }).driverError ?? error;
  return (driverError as { code?: unknown } | null)?.code === QUERY_CANCELED;
}

/**
 * The registry's reads, as named prepared statements straight on `pg`: the hot public lookups skip
 * TypeORM's query runner, which halves their cost. Lookups use the data source's pool. Searches use,
 * on a PostgreSQL server, a small pool of their own whose sessions carry the search settings, so a
 * search is one round trip; on the embedded database (one session) they run in a read-only
 * transaction that sets them locally. Inside a caller's transaction (`@Transactional()`), reads go
 * through that transaction instead, so they see its writes and never wait for a second connection.
 */
@Injectable()
export class RegistryDatabase implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly searchPool: Pool | null;

  constructor(
    dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    config: AppConfig,
    connections: DatabaseConnections,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    if (config.database.url === undefined) {
      this.searchPool = null;
      return;
    }
    const searchPool = surviveConnectionLoss(
      new Pool({
        connectionString: config.database.url,
        max: SEARCH_POOL_SIZE,
        options: SEARCH_SESSION,
        application_name: 'azienda-qualificata-search',
        connectionTimeoutMillis: CONNECTION_WAIT_MS,
      }),
      'registry search',
    );
    this.searchPool = searchPool;
    connections.add('registrySearch', { required: true, check: () => searchPool.query('SELECT 1') });
  }

  /** The data source's pool, for the embedded database's change listener (its one session receives the notifications). */
  get connectionPool(): Pool {
    return this.pool;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.searchPool?.end();
  }

  async query<T>(statement: NamedStatement, values: readonly unknown[]): Promise<T[]> {
    if (this.txHost.isTransactionActive()) return this.txHost.tx.query<T[]>(statement.text, [...values]);
    const result = await this.pool.query({ name: statement.name, text: statement.text, values: [...values] });
    return result.rows as T[];
  }

  /** A search: read-only, stopped by PostgreSQL after SEARCH_TIMEOUT_MS (error 57014, `isQueryCanceled`), with a generic plan. */
  async search<T>(statement: NamedStatement, values: readonly unknown[]): Promise<T[]> {
    if (this.txHost.isTransactionActive()) return this.query<T>(statement, values);
    if (this.searchPool !== null) {
      const result = await this.searchPool.query({ name: statement.name, text: statement.text, values: [...values] });
      return result.rows as T[];
    }
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(SEARCH_TRANSACTION);
      const result = await client.query({ name: statement.name, text: statement.text, values: [...values] });
      await client.query('COMMIT');
      return result.rows as T[];
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      // A connection that could not roll back is destroyed rather than handed to the next caller.
      client.release(broken);
    }
  }
}
