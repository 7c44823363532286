import { Injectable } from '@nestjs/common';
import { PublishedCheckpoint, TransparencyLogService } from './transparency-log.service';
import { WitnessClient } from './witness-client';

/** Publishes a checkpoint (at the interval or on demand) and has the witness cosign it. */
@Injectable()
export class CheckpointPublisher {
  constructor(
    private readonly log: TransparencyLogService,
    private readonly witness: WitnessClient,
  ) {}

  async publish(): Promise<PublishedCheckpoint> {
    const checkpoint = await this.log.publishCheckpoint();
    if (!this.witness.configured) return checkpoint;
    await this.witness.cosignOrWarn(checkpoint);
    return (await this.log.checkpoint(checkpoint.size)) ?? checkpoint;
  }
}
