export { type BatchJob, type FailedJob, JobQueue, RUN_JOB_WORKERS } from './job-queue';
export { JobsModule } from './jobs.module';
export { PeriodicTask } from './periodic-task';
