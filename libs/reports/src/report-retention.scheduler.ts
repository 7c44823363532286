import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { ReportRetentionService } from './report-retention.service';

/** In processes that run workers, erases expired reporter data every hour (the retention is counted in months). */
@Injectable()
export class ReportRetentionScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, private readonly retention: ReportRetentionService) {
    super({ name: ReportRetentionScheduler.name, intervalMs: 60 * 60_000, runAtStart: true, failure: 'Erasing expired reporter data failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const purged = await this.retention.purgeAll();
    return purged > 0 ? `Erased the reporter data of ${purged} consumer reports past their retention` : null;
  }
}
