import { AppConfig, ConfigModule, logOutput, pinoOutputOptions } from '@app/config';
import { Clock, ClockModule } from '@app/core';
import { DatabaseModule, transactionalPlugin } from '@app/database';
import { JobsModule } from '@app/jobs';
import { PLATFORM_SCHEMA } from '@app/schema';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApplicationsController } from './applications/applications.controller';
import { EvidenceController } from './applications/evidence.controller';
import { ApplicationAuditController } from './audits/application-audit.controller';
import { AuditsController } from './audits/audits.controller';
import { CorrectiveActionsController } from './audits/corrective-actions.controller';
import { InformationAnswersController } from './audits/information-answers.controller';
import { CertificatesController } from './certificates/certificates.controller';
import { ChecklistController } from './checklist/checklist.controller';
import { DemoDataService } from './demo/demo-data.service';
import { DOMAIN_MODULES } from './domain-modules';
import { CallingNumbersController } from './firms/calling-numbers.controller';
import { FirmsController } from './firms/firms.controller';
import { OperatingSitesController } from './firms/operating-sites.controller';
import { HealthController } from './health/health.controller';
import { HistoryController } from './history/history.controller';
import { AccessGuard } from './http/access.guard';
import { ErrorFilter } from './error.filter';
import { requestIdOf } from './http/request-id';
import { validationPipe } from './http/validation';
import { ApiKeysController } from './identity/api-keys.controller';
import { IntegrationsHttpModule } from './integrations/integrations-http.module';
import { AuthController } from './identity/auth.controller';
import { UsersController } from './identity/users.controller';
import { JobsController } from './jobs/jobs.controller';
import { AppealsController } from './ratings/appeals.controller';
import { SurveillanceController } from './surveillance/surveillance.controller';
import { SurveillanceChecksController, SurveillanceFindingsController } from './surveillance/surveillance-checks.controller';
import { MailController } from './mail/mail.controller';
import { MailPreferencesController } from './mail/mail-preferences.controller';
import { RatingsController } from './ratings/ratings.controller';
import { PublicRegistryModule } from './registry/public-registry.module';
import { ReportsHttpModule } from './reports/reports-http.module';
import { ComplaintsHttpModule } from './complaints/complaints-http.module';
import { SanctionsController } from './sanctions/sanctions.controller';
import { TransparencyApiModule } from './transparency/transparency-api.module';
import { PagesModule } from './pages/pages.module';
import { WorkspaceModule } from './workspace/workspace.module';
import { TodosHttpModule } from './todos/todos-http.module';
import { WatchHttpModule } from './watch/watch-http.module';

export interface ApiModuleOptions {
  readonly config: AppConfig;
  /** Tests pass an adjustable clock; the platform uses the system clock. */
  readonly clock?: Clock;
  /** Extra modules, for tests that need a queue or a route of their own. */
  readonly imports?: Type[];
}

@Module({})
export class ApiModule {
  static register({ config, clock, imports = [] }: ApiModuleOptions): DynamicModule {
    const logs = logOutput(config, process.stdout.isTTY === true);
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            ...pinoOutputOptions(logs),
            // On a terminal a request reads as one short line; JSON lines keep pino-http's own message.
            ...(logs === 'pretty' ? { customSuccessMessage: (request: IncomingMessage, response: ServerResponse, ms: number) => `${request.method} ${request.url} ${response.statusCode} ${Math.round(ms)} ms` } : {}),
            genReqId: (request: IncomingMessage) => requestIdOf(request),
            customProps: (request: IncomingMessage) => ({ requestId: requestIdOf(request) }),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false },
          },
        }),
        DatabaseModule.forRoot(PLATFORM_SCHEMA),
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, resolveProxyProviders: false, generateId: true, idGenerator: (request: IncomingMessage) => requestIdOf(request) },
          plugins: [transactionalPlugin()],
        }),
        TerminusModule,
        ...DOMAIN_MODULES,
        PublicRegistryModule,
        ReportsHttpModule,
        ComplaintsHttpModule,
        TransparencyApiModule,
        IntegrationsHttpModule,
        PagesModule,
        WorkspaceModule,
        WatchHttpModule,
        TodosHttpModule,
        JobsModule.forRoot({ runWorkers: config.workerInProcess }),
        ...imports,
      ],
      controllers: [
        HealthController,
        AuthController,
        ApiKeysController,
        UsersController,
        HistoryController,
        JobsController,
        MailController,
        MailPreferencesController,
        ChecklistController,
        FirmsController,
        OperatingSitesController,
        CallingNumbersController,
        ApplicationsController,
        EvidenceController,
        SanctionsController,
        RatingsController,
        AppealsController,
        SurveillanceController,
        SurveillanceChecksController,
        SurveillanceFindingsController,
        CertificatesController,
        ApplicationAuditController,
        AuditsController,
        InformationAnswersController,
        CorrectiveActionsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        DemoDataService,
      ],
    };
  }
}
