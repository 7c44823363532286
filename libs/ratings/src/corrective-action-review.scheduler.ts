import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { CorrectiveActionReviews } from './corrective-action-reviews';

/**
 * In processes that run workers, hourly and at start: a finding becomes overdue when a Rome day
 * begins, and reviewers hear of it within the hour; a run after downtime catches up.
 */
@Injectable()
export class CorrectiveActionReviewScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, private readonly reviews: CorrectiveActionReviews) {
    super({ name: CorrectiveActionReviewScheduler.name, intervalMs: 60 * 60_000, runAtStart: true, failure: 'Opening reviews of overdue corrective actions failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const opened = await this.reviews.sweep();
    return opened > 0 ? `Opened ${opened} reviews of overdue corrective actions` : null;
  }
}
