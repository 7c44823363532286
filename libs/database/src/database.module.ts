import { AppConfig } from '@app/config';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openDatabase, OpenDatabase } from './data-source.factory';
import { DatabaseConnections } from './database-connections';
import type { DatabaseSchema } from './schema';

export const OPEN_DATABASE = Symbol('OPEN_DATABASE');

/**
 * Opens the configured database once per application. The embedded database migrates itself
 * at start; a server must be migrated explicitly (`npm run migration:run`), and the app refuses
 * to start against a server with pending migrations rather than run on a schema it does not know.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(@Inject(OPEN_DATABASE) private readonly database: OpenDatabase) {}

  static forRoot(schema: DatabaseSchema): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: OPEN_DATABASE,
          inject: [AppConfig],
          useFactory: async (config: AppConfig): Promise<OpenDatabase> => {
            const database = await openDatabase(config.database, schema);
            try {
              if (database.embedded) {
                await database.dataSource.runMigrations({ transaction: 'each' });
              } else if (await database.dataSource.showMigrations()) {
                throw new Error('The database has pending migrations: run `npm run migration:run` first.');
              }
            } catch (error) {
              await database.close();
              throw error;
            }
            return database;
          },
        },
        { provide: DataSource, inject: [OPEN_DATABASE], useFactory: (database: OpenDatabase) => database.dataSource },
        {
          provide: DatabaseConnections,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => {
            const connections = new DatabaseConnections();
            connections.add('database', { required: true, check: () => dataSource.query('SELECT 1') });
            return connections;
          },
        },
      ],
      exports: [DataSource, OPEN_DATABASE, DatabaseConnections],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
    this.logger.log('Database closed');
  }
}
