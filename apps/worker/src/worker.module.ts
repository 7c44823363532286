import { CertificateIssuanceModule } from '@app/certificates';
import { AppConfig, ConfigModule, logOutput, pinoOutputOptions } from '@app/config';
import { ClockModule } from '@app/core';
import { DatabaseModule, transactionalPlugin } from '@app/database';
import { HistoryModule } from '@app/history';
import { JobsModule } from '@app/jobs';
import { NotificationsModule } from '@app/notifications';
import { RatingsModule } from '@app/ratings';
import { ReportsModule } from '@app/reports';
import { ComplaintsModule } from '@app/complaints';
import { PLATFORM_SCHEMA } from '@app/schema';
import { StorageModule } from '@app/storage';
import { SurveillanceModule } from '@app/surveillance';
import { TransparencyModule } from '@app/transparency';
import { WebhooksModule } from '@app/webhooks';
import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';

/**
 * The background worker: the domain modules that have background work (certificate rendering,
 * rating lapses and their transparency-log leaves, checkpoints, report retention, scheduled surveillance checks, webhook deliveries, e-mail), without HTTP, running every job handler.
 */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, ...pinoOutputOptions(logOutput(config, process.stdout.isTTY === true)) } }),
        DatabaseModule.forRoot(PLATFORM_SCHEMA),
        ClsModule.forRoot({ global: true, plugins: [transactionalPlugin()] }),
        HistoryModule,
        StorageModule,
        JobsModule.forRoot({ runWorkers: true }),
        RatingsModule,
        TransparencyModule,
        CertificateIssuanceModule,
        ReportsModule,
        ComplaintsModule,
        SurveillanceModule,
        WebhooksModule,
        NotificationsModule,
      ],
    };
  }
}
