import { RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { RatingsService } from './ratings.service';

const LAPSE_CHECK_INTERVAL_MS = 60_000;

/** In processes that run workers, records expiries and lapsed suspensions every minute. */
@Injectable()
export class RatingLapseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RatingLapseScheduler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(RUN_JOB_WORKERS) private readonly runWorkers: boolean,
    private readonly ratings: RatingsService,
    private readonly cls: ClsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.runWorkers) return;
    this.timer = setInterval(() => void this.run(), LAPSE_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const recorded = await this.cls.run(() => this.ratings.recordLapses());
      if (recorded > 0) this.logger.log(`Recorded ${recorded} expired or lapsed ratings`);
    } catch (error) {
      this.logger.error({ err: error }, 'Recording rating lapses failed');
    }
  }
}
