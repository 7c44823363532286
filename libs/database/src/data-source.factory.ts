import type { DatabaseSettings } from '@app/config';
import { Extension, PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { mkdirSync } from 'node:fs';
import type { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { surviveConnectionLoss } from './database-connections';
import { ReadableNamingStrategy } from './naming.strategy';
import type { DatabaseSchema } from './schema';

/** A connected data source, and how to close it together with anything it owns (the embedded engine). */
export interface OpenDatabase {
  readonly dataSource: DataSource;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/**
 * PGlite's contrib extensions ship CommonJS builds, but their type declarations are ESM-only,
 * which TypeScript refuses to import from CommonJS: load them by name instead.
 */
function contribExtension(name: 'citext' | 'pg_trgm' | 'unaccent'): Extension {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`@electric-sql/pglite/contrib/${name}`) as Record<string, Extension>)[name];
}

/** A query that waits longer than this for a connection is a bug (a nested pool use inside a transaction on PGlite). */
const CONNECTION_WAIT_MS = 10_000;

function commonOptions(schema: DatabaseSchema) {
  return {
    type: 'postgres' as const,
    entities: schema.entities,
    migrations: schema.migrations,
    namingStrategy: new ReadableNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' } as const,
    logging: false,
  };
}

/**
 * Opens the database the configuration names: a PostgreSQL server when `url` is set, otherwise
 * PGlite (real PostgreSQL in WASM) in-process with its files in `dataDir`. Both run the same migrations.
 */
export async function openDatabase(settings: DatabaseSettings, schema: DatabaseSchema): Promise<OpenDatabase> {
  if (settings.url !== undefined) {
    const dataSource = new DataSource({
      ...commonOptions(schema),
      url: settings.url,
      poolSize: settings.poolSize,
      extra: { max: settings.poolSize, connectionTimeoutMillis: CONNECTION_WAIT_MS, application_name: 'azienda-qualificata' },
    } satisfies DataSourceOptions);
    await dataSource.initialize();
    surviveConnectionLoss((dataSource.driver as PostgresDriver).master as Pool, 'main');
    return { dataSource, embedded: false, close: () => dataSource.destroy() };
  }

  mkdirSync(settings.dataDir, { recursive: true });
  const pglite = await PGlite.create(settings.dataDir, {
    extensions: { citext: contribExtension('citext'), pg_trgm: contribExtension('pg_trgm'), unaccent: contribExtension('unaccent') },
  });
  // PGlite is a single session: a pool of one keeps transactions from interleaving.
  const dataSource = new DataSource({
    ...commonOptions(schema),
    poolSize: 1,
    extra: { ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: CONNECTION_WAIT_MS },
  } satisfies DataSourceOptions);
  try {
    await dataSource.initialize();
  } catch (error) {
    await pglite.close();
    throw error;
  }
  surviveConnectionLoss((dataSource.driver as PostgresDriver).master as Pool, 'main');
  return {
    dataSource,
    embedded: true,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await pglite.close();
    },
  };
}
