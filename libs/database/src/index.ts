export * from './data-source.factory';
export * from './database-connections';
export * from './database.module';
export * from './naming.strategy';
export * from './postgres-errors';
export * from './schema';
export * from './transactions';
