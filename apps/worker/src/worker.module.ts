import { AppConfig, ConfigModule } from '@app/config';
import { ClockModule } from '@app/core';
import { DatabaseModule, transactionalPlugin } from '@app/database';
import { HistoryModule } from '@app/history';
import { JobsModule } from '@app/jobs';
import { PLATFORM_SCHEMA } from '@app/schema';
import { StorageModule } from '@app/storage';
import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';

/** The background worker: the same domain modules as the API, without HTTP, running every job handler. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        DatabaseModule.forRoot(PLATFORM_SCHEMA),
        ClsModule.forRoot({ global: true, plugins: [transactionalPlugin()] }),
        HistoryModule,
        StorageModule,
        JobsModule.forRoot({ runWorkers: true }),
      ],
    };
  }
}
