import { RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { ReportRetentionService } from './report-retention.service';

const RETENTION_CHECK_INTERVAL_MS = 60 * 60_000;

/** In processes that run workers, erases expired reporter data every hour (the retention is counted in months). */
@Injectable()
export class ReportRetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportRetentionScheduler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(RUN_JOB_WORKERS) private readonly runWorkers: boolean,
    private readonly retention: ReportRetentionService,
    private readonly cls: ClsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.runWorkers) return;
    this.timer = setInterval(() => void this.run(), RETENTION_CHECK_INTERVAL_MS);
    this.timer.unref();
    void this.run();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const purged = await this.cls.run(() => this.retention.purgeAll());
      if (purged > 0) this.logger.log(`Erased the reporter data of ${purged} consumer reports past their retention`);
    } catch (error) {
      this.logger.error({ err: error }, 'Erasing expired reporter data failed');
    }
  }
}
