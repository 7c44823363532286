import { AppConfig } from '@app/config';
import { Clock, romeCalendarDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { SurveillanceChecksService } from './surveillance-checks.service';

/** What one run did: the checks opened and those cancelled because their rating was no longer current. */
export interface DueChecksRun {
  readonly opened: string[];
  readonly cancelled: string[];
}

/**
 * In processes that run workers, every SURVEILLANCE_OPEN_INTERVAL_MINUTES and at start: opens the
 * scheduled surveillance checks whose Rome day has come (a run after downtime catches up), each in a
 * transaction of its own with its history. Safe from several workers at once: a check is taken under
 * `FOR UPDATE SKIP LOCKED` and only while still scheduled, so it is opened exactly once.
 */
@Injectable()
export class DueChecksScheduler extends PeriodicTask {
  private readonly log = new Logger(DueChecksScheduler.name);

  constructor(
    @Inject(RUN_JOB_WORKERS) runWorkers: boolean,
    cls: ClsService,
    config: AppConfig,
    private readonly checks: SurveillanceChecksService,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {
    super({ name: DueChecksScheduler.name, intervalMs: config.surveillance.openIntervalMinutes * 60_000, runAtStart: true, failure: 'Opening due surveillance checks failed' }, runWorkers, cls);
  }

  /** Opens (or cancels) every check scheduled for `today` (Rome day, YYYY-MM-DD; the clock's today when left out) or earlier. */
  async openDueChecks(today: string = romeCalendarDate(this.clock.now())): Promise<DueChecksRun> {
    const opened: string[] = [];
    const cancelled: string[] = [];
    const failed: string[] = [];
    for (;;) {
      let taken: string | null = null;
      try {
        const step = await this.txHost.withTransaction(async () => {
          taken = await this.checks.lockNextDue(today, failed);
          return taken === null ? null : this.checks.openDue(taken);
        });
        if (step === null) break;
        (step.step === 'opened' ? opened : cancelled).push(step.checkId);
      } catch (error) {
        // That check's transaction rolled back; the others go on, and the next run tries it again.
        this.log.error({ err: error, checkId: taken }, 'A due surveillance check could not be opened');
        if (taken === null) break;
        failed.push(taken);
      }
    }
    return { opened, cancelled };
  }

  protected async runOnce(): Promise<string | null> {
    const { opened, cancelled } = await this.openDueChecks();
    return opened.length + cancelled.length > 0 ? `Opened ${opened.length} scheduled surveillance checks, cancelled ${cancelled.length} (rating no longer current)` : null;
  }
}
