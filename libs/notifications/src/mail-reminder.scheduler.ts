import { RUN_JOB_WORKERS, PeriodicTask } from '@app/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { MailReminders } from './mail-reminders';
import { WatchList } from './watch-list';

/**
 * Sweeps for reminders every 10 minutes in processes that run workers: a day's reminder goes out within minutes of the day starting in Rome.
 * The same sweep deletes watch subscriptions left unconfirmed past their 48 hours (personal data kept no longer than needed).
 */
@Injectable()
export class MailReminderScheduler extends PeriodicTask {
  constructor(@Inject(RUN_JOB_WORKERS) runWorkers: boolean, cls: ClsService, private readonly reminders: MailReminders, private readonly watches: WatchList) {
    super({ name: MailReminderScheduler.name, intervalMs: 10 * 60_000, runAtStart: true, failure: 'Sending reminders failed' }, runWorkers, cls);
  }

  protected async runOnce(): Promise<string | null> {
    const sent = await this.reminders.sweep();
    const purged = await this.watches.purgeUnconfirmed();
    const done = [sent > 0 ? `Sent ${sent} reminders` : null, purged > 0 ? `deleted ${purged} unconfirmed watch subscriptions` : null].filter((part) => part !== null);
    return done.length > 0 ? done.join('; ') : null;
  }
}
