import { Module, OnModuleInit } from '@nestjs/common';
import { CheckpointPublisher } from './checkpoint-publisher';
import { CheckpointScheduler } from './checkpoint.scheduler';
import { LogKey } from './log-key';
import { TransparencyEvidence } from './transparency-evidence';
import { TransparencyLogService } from './transparency-log.service';
import { TransparencyRecorder } from './transparency-recorder';
import { WitnessClient } from './witness-client';

/** The public transparency log. Needs the global config, clock, history and database. */
@Module({
  providers: [LogKey, TransparencyLogService, TransparencyEvidence, TransparencyRecorder, WitnessClient, CheckpointPublisher, CheckpointScheduler],
  exports: [TransparencyLogService, TransparencyEvidence, CheckpointPublisher, LogKey],
})
export class TransparencyModule implements OnModuleInit {
  constructor(private readonly key: LogKey) {}

  /** Reads the log key at boot: a bad TRANSPARENCY_LOG_KEY stops the start instead of the first checkpoint. */
  async onModuleInit(): Promise<void> {
    await this.key.load();
  }
}
