import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A query PostgreSQL parses and plans once per connection, then reruns by name. */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

export const QUERY_CANCELED = '57014';

/**
 * The registry's reads, as named prepared statements straight on the data source's `pg` pool: the hot
 * public lookups skip TypeORM's query runner, which halves their cost. Inside a transaction (a caller
 * that is itself `@Transactional()`), reads go through that transaction instead, so they see its writes
 * and, on the single-session embedded database, never wait for a second connection.
 */
@Injectable()
export class RegistryDatabase {
  private readonly pool: Pool;

  constructor(
    dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionAdapter>,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  /** The pool itself, for the embedded database's change listener (its one session receives the notifications). */
  get connectionPool(): Pool {
    return this.pool;
  }

  async query<T>(statement: NamedStatement, values: readonly unknown[]): Promise<T[]> {
    if (this.txHost.isTransactionActive()) return this.txHost.tx.query<T[]>(statement.text, [...values]);
    const result = await this.pool.query({ name: statement.name, text: statement.text, values: [...values] });
    return result.rows as T[];
  }

  /**
   * The same, stopped by PostgreSQL after `timeoutMs` (error 57014) and planned for its actual values
   * every time (a search's best plan depends on how common its words are; a generic plan cannot know).
   * Both settings are local to a read-only transaction of its own, so nothing else on the pooled
   * connection is affected.
   */
  async queryWithTimeout<T>(statement: NamedStatement, values: readonly unknown[], timeoutMs: number): Promise<T[]> {
    if (this.txHost.isTransactionActive()) return this.query<T>(statement, values);
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}; SET LOCAL plan_cache_mode = force_custom_plan`);
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
