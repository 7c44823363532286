import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobQueue, RUN_JOB_WORKERS } from './job-queue';

@Global()
@Module({})
export class JobsModule {
  static forRoot({ runWorkers }: { runWorkers: boolean }): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: RUN_JOB_WORKERS, useValue: runWorkers }, JobQueue],
      exports: [JobQueue, RUN_JOB_WORKERS],
    };
  }
}
