import { JobQueue } from '@app/jobs';
import { Inject, Injectable, Module, OnModuleInit, Type } from '@nestjs/common';

const PROBE_QUEUE = Symbol('PROBE_QUEUE');

interface ProbeQueue {
  readonly name: string;
  readonly retryLimit: number;
}

/**
 * A test queue whose job for a marker fails as many times as asked (`failuresLeft`), then succeeds
 * and records the marker: enough to see jobs committed, rolled back, dead-lettered and retried.
 */
@Injectable()
export class FlakyProbe implements OnModuleInit {
  readonly handled: string[] = [];
  readonly failuresLeft = new Map<string, number>();

  constructor(
    private readonly jobs: JobQueue,
    @Inject(PROBE_QUEUE) private readonly queue: ProbeQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.declare({ name: this.queue.name, retryLimit: this.queue.retryLimit, retryDelaySeconds: 1, expireInSeconds: 60 });
    this.jobs.process<{ marker: string }>(this.queue.name, ({ marker }) => {
      const left = this.failuresLeft.get(marker) ?? 0;
      if (left > 0) {
        this.failuresLeft.set(marker, left - 1);
        return Promise.reject(new Error(`probe failure for ${marker}`));
      }
      this.handled.push(marker);
      return Promise.resolve();
    });
  }
}

/** A module declaring the probe's queue, for `startTestApp({ imports: [...] })`. */
export function flakyProbeModule(name: string, retryLimit: number): Type {
  @Module({ providers: [FlakyProbe, { provide: PROBE_QUEUE, useValue: { name, retryLimit } }] })
  class FlakyProbeModule {}
  return FlakyProbeModule;
}
