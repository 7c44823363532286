import { RUN_JOB_WORKERS, PeriodicTask } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { MailReminders } from './mail-reminders';

/** Sweeps for reminders every 10 minutes in processes that run workers: a day's reminder goes out within minutes of the day starting in Rome. */
@Injectable()
export class MailReminderScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, private readonly reminders: MailReminders) {
    super({ name: MailReminderScheduler.name, intervalMs: 10 * 60_000, runAtStart: true, failure: 'Sending reminders failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const sent = await this.reminders.sweep();
    return sent > 0 ? `Sent ${sent} reminders` : null;
  }
}
