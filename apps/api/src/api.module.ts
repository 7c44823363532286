import { AppConfig, ConfigModule } from '@app/config';
import { Clock, ClockModule } from '@app/core';
import { DatabaseModule, transactionalPlugin } from '@app/database';
import { HistoryModule } from '@app/history';
import { IdentityModule } from '@app/identity';
import { PLATFORM_SCHEMA } from '@app/schema';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { DemoDataService } from './demo/demo-data.service';
import { HealthController } from './health/health.controller';
import { HistoryController } from './history/history.controller';
import { AccessGuard } from './http/access.guard';
import { ErrorFilter } from './http/error.filter';
import { requestIdOf } from './http/request-id';
import { validationPipe } from './http/validation';
import { AuthController } from './identity/auth.controller';
import { UsersController } from './identity/users.controller';

export interface ApiModuleOptions {
  readonly config: AppConfig;
  /** Tests pass an adjustable clock; the platform uses the system clock. */
  readonly clock?: Clock;
}

@Module({})
export class ApiModule {
  static register({ config, clock }: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage) => requestIdOf(request),
            customProps: (request: IncomingMessage) => ({ requestId: requestIdOf(request) }),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false },
          },
        }),
        DatabaseModule.forRoot(PLATFORM_SCHEMA),
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, generateId: true, idGenerator: (request: IncomingMessage) => requestIdOf(request) },
          plugins: [transactionalPlugin()],
        }),
        TerminusModule,
        HistoryModule,
        IdentityModule,
      ],
      controllers: [HealthController, AuthController, UsersController, HistoryController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        DemoDataService,
      ],
    };
  }
}
