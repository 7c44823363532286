import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';

/** The transaction-aware handle services use: `tx.tx` is the EntityManager of the current transaction, if any. */
export type TransactionAdapter = TransactionalAdapterTypeOrm;

/**
 * Transactions propagate through the request context (nestjs-cls), so a service method marked
 * `@Transactional()` and everything it calls share one transaction without passing it around.
 */
export function transactionalPlugin(): ClsPluginTransactional {
  return new ClsPluginTransactional({
    adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
    enableTransactionProxy: false,
  });
}
