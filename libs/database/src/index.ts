export { openDatabase, type OpenDatabase } from './data-source.factory';
export { DatabaseConnections, surviveConnectionLoss } from './database-connections';
export { DatabaseModule, OPEN_DATABASE } from './database.module';
export { asDatabaseUnavailable, DatabaseUnavailableError, FOREIGN_KEY_VIOLATION, isConnectionError, postgresErrorCode, UNIQUE_VIOLATION, violatedConstraint } from './postgres-errors';
export { type DatabaseSchema } from './schema';
export { type TransactionAdapter, transactionalPlugin } from './transactions';
