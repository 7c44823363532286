import { RatingInvariantsModule } from '@app/certificates';
import { AppConfig, ConfigModule } from '@app/config';
import { ClockModule } from '@app/core';
import { DatabaseModule, transactionalPlugin } from '@app/database';
import { FirmsModule } from '@app/firms';
import { HistoryModule } from '@app/history';
import { IdentityModule } from '@app/identity';
import { JobsModule } from '@app/jobs';
import { PLATFORM_SCHEMA } from '@app/schema';
import { WebhooksModule } from '@app/webhooks';
import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { CreateAdminCommand } from './create-admin.command';
import { ImportNumbersCommand } from './import-numbers.command';
import { VerifyHistoryCommand } from './verify-history.command';
import { VerifyInvariantsCommand } from './verify-invariants.command';

@Module({})
export class CliModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(),
        DatabaseModule.forRoot(PLATFORM_SCHEMA),
        ClsModule.forRoot({ global: true, plugins: [transactionalPlugin()] }),
        HistoryModule,
        IdentityModule,
        FirmsModule,
        RatingInvariantsModule,
        // What the commands' history events cause (webhook deliveries) is enqueued here and sent by the worker.
        JobsModule.forRoot({ runWorkers: false }),
        WebhooksModule,
      ],
      providers: [CreateAdminCommand, VerifyHistoryCommand, VerifyInvariantsCommand, ImportNumbersCommand],
    };
  }
}
