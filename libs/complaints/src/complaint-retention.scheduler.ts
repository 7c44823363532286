import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { ComplaintsService } from './complaints.service';

/** In processes that run workers, erases complainants' contacts past their retention every hour (counted in months). */
@Injectable()
export class ComplaintRetentionScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, private readonly complaints: ComplaintsService) {
    super({ name: ComplaintRetentionScheduler.name, intervalMs: 60 * 60_000, runAtStart: true, failure: 'Erasing expired complaint contacts failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const erased = await this.complaints.eraseExpiredContacts();
    return erased > 0 ? `Erased the contact of ${erased} complaints past their retention` : null;
  }
}
