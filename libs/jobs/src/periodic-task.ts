import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

export interface PeriodicTaskOptions {
  readonly name: string;
  readonly intervalMs: number;
  /** Also run once at start: for work whose backlog should not wait a whole interval after a restart. */
  readonly runAtStart: boolean;
  /** Logged when a run fails; the next run tries again. */
  readonly failure: string;
}

/**
 * Work repeated on a timer in processes that run workers (never in a process that only serves HTTP
 * without them). Each run has a request-like context of its own, so `@Transactional()` services work;
 * a failed run is logged and the timer goes on.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    private readonly options: PeriodicTaskOptions,
    private readonly runWorkers: boolean,
    private readonly cls: ClsService,
  ) {
    this.logger = new Logger(options.name);
  }

  /** One run; what it did, to log, or null when there was nothing to do. */
  protected abstract runOnce(): Promise<string | null>;

  onApplicationBootstrap(): void {
    if (!this.runWorkers) return;
    this.timer = setInterval(() => void this.run(), this.options.intervalMs);
    this.timer.unref();
    if (this.options.runAtStart) void this.run();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const done = await this.cls.run(() => this.runOnce());
      if (done !== null) this.logger.log(done);
    } catch (error) {
      this.logger.error({ err: error }, this.options.failure);
    }
  }
}
