import { Module, OnModuleInit } from '@nestjs/common';
import { CheckpointPublisher } from './checkpoint-publisher';
import { CheckpointScheduler } from './checkpoint.scheduler';
import { LogKey } from './log-key';
import { TransparencyEvidence } from './transparency-evidence';
import { TransparencyLogService } from './transparency-log.service';
import { WitnessClient } from './witness-client';

/** The public transparency log. Needs the global config, clock and database; leaves are appended by the database with each public history event. */
@Module({
  providers: [LogKey, TransparencyLogService, TransparencyEvidence, WitnessClient, CheckpointPublisher, CheckpointScheduler],
  exports: [TransparencyLogService, TransparencyEvidence, CheckpointPublisher, LogKey],
})
export class TransparencyModule implements OnModuleInit {
  constructor(private readonly key: LogKey) {}

  /** Reads the log key at boot: a bad TRANSPARENCY_LOG_KEY stops the start instead of the first checkpoint. */
  async onModuleInit(): Promise<void> {
    await this.key.load();
  }
}
