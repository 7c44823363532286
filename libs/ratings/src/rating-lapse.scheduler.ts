import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { RatingsService } from './ratings.service';

/** In processes that run workers, records expiries and lapsed suspensions every minute. */
@Injectable()
export class RatingLapseScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, private readonly ratings: RatingsService) {
    super({ name: RatingLapseScheduler.name, intervalMs: 60_000, runAtStart: false, failure: 'Recording rating lapses failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const recorded = await this.ratings.recordLapses();
    return recorded > 0 ? `Recorded ${recorded} expired or lapsed ratings` : null;
  }
}
