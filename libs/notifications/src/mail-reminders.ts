import { UNASSIGNED_APPLICATION_DAYS } from '@app/applications';
import { Clock, DAY_MS, formatItalianDate, romeCalendarDate, romeDaysBetween } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { MAIL_PREFERENCES_PATH, MailAudience } from './mail-audience';
import { MailOutbox, OutgoingMail } from './mail-outbox';
import { EXPIRY_REMINDER_DAYS, expiryReminderDue, QUESTION_REMINDER_DAYS, REPORT_REMINDER_DAYS_BEFORE } from './reminder-rules';

/** Subjects handled per sweep and kind, so that one transaction stays short; the next run takes the rest. */
const SWEEP_BATCH = 2_000;

interface Due {
  readonly key: string;
}

/**
 * The reminders that come due with time rather than with an event: expiring ratings (90, 30 and 7
 * Rome days before `validUntil`), questions unanswered for 5 days, consumer reports 3 days before
 * their answer deadline, and for admins applications waiting for an auditor and dead-lettered jobs.
 * Each reminder's key is claimed in `mail_reminder` by the transaction that writes its messages.
 */
@Injectable()
export class MailReminders {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly outbox: MailOutbox,
    private readonly audience: MailAudience,
    private readonly clock: Clock,
  ) {}

  /** One sweep of every kind; returns how many reminders were sent. */
  async sweep(): Promise<number> {
    return (
      (await this.expiring()) + (await this.unansweredQuestions()) + (await this.reportsDue()) + (await this.unassignedApplications()) + (await this.deadLetters()) + (await this.digests())
    );
  }

  /**
   * Each digest reader's optional messages of the days before today (Rome), in one message a day:
   * the digest's key is the user and the day, and the messages it carries become `digested`.
   */
  @Transactional()
  async digests(): Promise<number> {
    const now = this.clock.now();
    const today = romeCalendarDate(now);
    const rows = await this.txHost.tx.query<{ user_id: string; ids: string[]; subjects: string[] }[]>(
      `SELECT recipient_user_id AS user_id, array_agg(id ORDER BY created_at) AS ids, array_agg(subject ORDER BY created_at) AS subjects
       FROM mail_message
       WHERE status = 'digest' AND recipient_user_id IS NOT NULL AND created_at < (($1::date)::timestamp AT TIME ZONE 'Europe/Rome')
       GROUP BY recipient_user_id LIMIT ${SWEEP_BATCH}`,
      [today],
    );
    const claimed = await this.claim(rows.map((row) => ({ ...row, key: `digest:${row.user_id}:${today}` })));
    if (claimed.length === 0) return 0;
    const recipients = new Map((await this.audience.users(claimed.map((row) => row.user_id))).map((user) => [user.userId, user]));
    const mails = claimed.flatMap((row) => {
      const user = recipients.get(row.user_id);
      return user
        ? this.audience.compose(row.key, 'daily_digest', [user], () => ({
            day: formatItalianDate(now),
            items: row.subjects.map((title) => ({ title })),
            url: this.audience.url('/area'),
            preferencesUrl: this.audience.url(MAIL_PREFERENCES_PATH),
          }))
        : [];
    });
    await this.write(mails);
    await this.txHost.tx.query(`UPDATE mail_message SET status = 'digested' WHERE id = ANY($1::uuid[]) AND status = 'digest'`, [claimed.flatMap((row) => row.ids)]);
    return claimed.length;
  }

  @Transactional()
  async expiring(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string; firm_id: string; legal_name: string; certificate_number: string; valid_until: Date }[]>(
      `SELECT r.id, r.firm_id, f.legal_name, r.certificate_number, r.valid_until FROM rating r JOIN firm f ON f.id = r.firm_id
       WHERE r.status = 'active' AND r.valid_until > $1 AND r.valid_until <= $2 ORDER BY r.valid_until`,
      [now, new Date(now.getTime() + (EXPIRY_REMINDER_DAYS[0] + 1) * DAY_MS)],
    );
    const due = rows.flatMap((row) => {
      const band = expiryReminderDue(now, row.valid_until);
      return band === null ? [] : [{ ...row, key: `expiry:${row.id}:${band}` }];
    });
    const claimed = await this.claim(due);
    const membersByFirm = await this.firmMembersOf(claimed.map((row) => row.firm_id));
    const mails = claimed.flatMap((row) =>
      this.audience.compose(row.key, 'expiry_reminder', membersByFirm.get(row.firm_id) ?? [], () => ({
        firmName: row.legal_name,
        certificateNumber: row.certificate_number,
        validUntil: formatItalianDate(row.valid_until),
        days: romeDaysBetween(now, row.valid_until),
        url: this.audience.url('/area/azienda/domande'),
      })),
    );
    await this.write(mails);
    return claimed.length;
  }

  @Transactional()
  async unansweredQuestions(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string; firm_id: string; legal_name: string; question: string; asked_at: Date }[]>(
      `SELECT q.id, a.firm_id, f.legal_name, q.question, q.asked_at
       FROM audit_information_request q JOIN audit a ON a.id = q.audit_id JOIN firm f ON f.id = a.firm_id
       WHERE q.answered_at IS NULL AND a.status = 'awaiting_firm' AND q.asked_at <= $1`,
      [new Date(now.getTime() - QUESTION_REMINDER_DAYS * DAY_MS)],
    );
    const claimed = await this.claim(rows.map((row) => ({ ...row, key: `question_reminder:${row.id}` })));
    const membersByFirm = await this.firmMembersOf(claimed.map((row) => row.firm_id));
    await this.write(
      claimed.flatMap((row) =>
        this.audience.compose(row.key, 'question_reminder', membersByFirm.get(row.firm_id) ?? [], () => ({
          firmName: row.legal_name,
          question: row.question,
          askedOn: formatItalianDate(row.asked_at),
          url: this.audience.url('/area/azienda/domande'),
        })),
      ),
    );
    return claimed.length;
  }

  @Transactional()
  async reportsDue(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string; firm_id: string; legal_name: string; reference: string; answer_due_at: Date }[]>(
      `SELECT r.id, r.firm_id, f.legal_name, r.reference, r.answer_due_at FROM consumer_report r JOIN firm f ON f.id = r.firm_id
       WHERE r.status = 'forwarded_to_firm' AND r.answer_due_at > $1 AND r.answer_due_at <= $2`,
      [now, new Date(now.getTime() + REPORT_REMINDER_DAYS_BEFORE * DAY_MS)],
    );
    const claimed = await this.claim(rows.map((row) => ({ ...row, key: `report_reminder:${row.id}` })));
    const membersByFirm = await this.firmMembersOf(claimed.map((row) => row.firm_id));
    await this.write(
      claimed.flatMap((row) =>
        this.audience.compose(row.key, 'report_answer_reminder', membersByFirm.get(row.firm_id) ?? [], () => ({
          firmName: row.legal_name,
          reference: row.reference,
          dueOn: formatItalianDate(row.answer_due_at),
          url: this.audience.url('/area/azienda/segnalazioni'),
        })),
      ),
    );
    return claimed.length;
  }

  @Transactional()
  async unassignedApplications(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string; legal_name: string; submitted_at: Date }[]>(
      `SELECT a.id, f.legal_name, a.submitted_at FROM application a JOIN firm f ON f.id = a.firm_id
       WHERE a.state = 'submitted' AND a.submitted_at <= $1`,
      [new Date(now.getTime() - UNASSIGNED_APPLICATION_DAYS * DAY_MS)],
    );
    const claimed = await this.claim(rows.map((row) => ({ ...row, key: `unassigned:${row.id}` })));
    if (claimed.length === 0) return 0;
    const admins = await this.audience.withRole('admin');
    await this.write(
      claimed.flatMap((row) =>
        this.audience.compose(row.key, 'application_unassigned', admins, () => ({
          firmName: row.legal_name,
          submittedOn: formatItalianDate(row.submitted_at),
          url: this.audience.url('/area/amministrazione/assegnazioni'),
        })),
      ),
    );
    return claimed.length;
  }

  @Transactional()
  async deadLetters(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string; name: string; output: unknown }[]>(
      `SELECT id::text, name, output FROM pgboss.job WHERE state = 'failed' AND completed_on > $1 ORDER BY completed_on LIMIT ${SWEEP_BATCH}`,
      [new Date(now.getTime() - 7 * DAY_MS)],
    );
    const claimed = await this.claim(rows.map((row) => ({ ...row, key: `dead_letter:${row.id}` })));
    if (claimed.length === 0) return 0;
    const admins = await this.audience.withRole('admin');
    await this.write(
      claimed.flatMap((row) =>
        this.audience.compose(row.key, 'job_dead_lettered', admins, () => ({
          queue: row.name,
          jobId: row.id,
          lastError: lastErrorText(row.output),
          url: this.audience.url('/area/amministrazione/job'),
        })),
      ),
    );
    return claimed.length;
  }

  /** Claims the reminders not claimed before, in this transaction; returns those. */
  private async claim<T extends Due>(due: readonly T[]): Promise<T[]> {
    const batch = due.slice(0, SWEEP_BATCH);
    if (batch.length === 0) return [];
    const rows = await this.txHost.tx.query<{ reminder_key: string }[]>(
      `INSERT INTO mail_reminder (reminder_key, created_at) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING RETURNING reminder_key`,
      [batch.map((item) => item.key), this.clock.now()],
    );
    const claimed = new Set(rows.map((row) => row.reminder_key));
    return batch.filter((item) => claimed.has(item.key));
  }

  private async firmMembersOf(firmIds: readonly string[]) {
    const members = new Map<string, Awaited<ReturnType<MailAudience['firmMembers']>>>();
    for (const firmId of new Set(firmIds)) members.set(firmId, await this.audience.firmMembers(firmId));
    return members;
  }

  private async write(mails: readonly OutgoingMail[]): Promise<void> {
    await this.outbox.write(mails);
  }
}

function lastErrorText(output: unknown): string {
  const text = typeof output === 'object' && output !== null && 'message' in output ? String(output.message) : JSON.stringify(output ?? '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
