import { AppConfig } from '@app/config';
import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { CheckpointPublisher } from './checkpoint-publisher';
import { TransparencyLogService } from './transparency-log.service';

/** In processes that run workers, publishes a signed checkpoint every interval when the log has grown, and gets it cosigned. */
@Injectable()
export class CheckpointScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, config: AppConfig, private readonly log: TransparencyLogService, private readonly publisher: CheckpointPublisher) {
    super({ name: CheckpointScheduler.name, intervalMs: config.transparency.checkpointIntervalSeconds * 1000, runAtStart: true, failure: 'Publishing a checkpoint failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const before = await this.log.latestCheckpoint();
    const published = await this.publisher.publish();
    return published.size !== before?.size ? `Published the checkpoint of ${published.size} leaves` : null;
  }
}
