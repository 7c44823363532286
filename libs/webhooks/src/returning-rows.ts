import type { EntityManager } from 'typeorm';

/**
 * The rows of an UPDATE … RETURNING. TypeORM's plain `query()` answers `[rows, count]` for UPDATE and
 * DELETE but rows for every other statement; the structured result is the same for all.
 */
export async function returningRows<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    return ((await runner.query(sql, parameters, true)) as { records: T[] }).records;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
