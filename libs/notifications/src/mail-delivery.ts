import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { BatchJob, JobQueue } from '@app/jobs';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { MAIL_QUEUE, MailJob } from './mail-outbox';

/** Retries after the first attempt, 30 s apart and doubling (pg-boss backoff): about a day in all. */
const MAIL_RETRY_LIMIT = 10;
const MAIL_RETRY_DELAY_SECONDS = 30;
/** Jobs fetched per turn; the SMTP pool sends them over a few connections at once. */
const MAIL_BATCH_SIZE = 200;
const SMTP_CONNECTIONS = 4;
/** A claim older than this belongs to a sender that died mid-send: the message may be claimed again. */
const STALE_CLAIM_MS = 10 * 60_000;

interface ClaimedMessage {
  id: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * Sends the outbox over SMTP (nodemailer, pooled connections). Each job claims its message first
 * (`pending` -> `sending`), so two runs of the same job never both send it; a failure puts it back
 * to `pending` for pg-boss to retry with backoff, and the last failure marks it `failed` (the job is
 * dead-lettered too, and both are listed for admins).
 */
@Injectable()
export class MailDelivery implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MailDelivery.name);
  private transport: Transporter | undefined;

  constructor(
    private readonly jobs: JobQueue,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.declare({ name: MAIL_QUEUE, retryLimit: MAIL_RETRY_LIMIT, retryDelaySeconds: MAIL_RETRY_DELAY_SECONDS, expireInSeconds: 15 * 60 });
    const smtpUrl = this.config.mail.smtpUrl;
    if (smtpUrl === undefined) return;
    this.transport = createTransport({ url: smtpUrl, pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: Infinity }, { from: this.config.mail.from });
    this.jobs.processBatch<MailJob>(MAIL_QUEUE, MAIL_BATCH_SIZE, (jobs) => this.deliver(jobs));
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  /** Sends the messages of a batch of jobs; returns the jobs that failed. */
  async deliver(jobs: readonly BatchJob<MailJob>[]): Promise<ReadonlyMap<string, Error>> {
    const transport = this.transport;
    if (!transport) throw new Error('No SMTP server is configured');
    const now = this.clock.now();
    const claimed = await this.txHost.tx.query<ClaimedMessage[]>(
      // In a WITH, so that TypeORM returns the rows (for a bare UPDATE it returns [rows, count]).
      `WITH claimed AS (
         UPDATE mail_message SET status = 'sending', claimed_at = $2
         WHERE id = ANY($1::uuid[]) AND (status = 'pending' OR (status = 'sending' AND claimed_at < $3))
         RETURNING id, recipient, subject, html, text, headers)
       SELECT * FROM claimed`,
      [jobs.map((job) => job.data.messageId), now, new Date(now.getTime() - STALE_CLAIM_MS)],
    );
    const jobOf = new Map(jobs.map((job) => [job.data.messageId, job]));
    const failures = new Map<string, Error>();
    const sent: { id: string; smtpId: string }[] = [];
    await Promise.all(
      claimed.map(async (message) => {
        try {
          const info = (await transport.sendMail({ to: message.recipient, subject: message.subject, html: message.html, text: message.text, headers: message.headers })) as { messageId: string };
          sent.push({ id: message.id, smtpId: info.messageId });
        } catch (error) {
          const job = jobOf.get(message.id);
          const reason = error instanceof Error ? error : new Error(String(error));
          if (job) failures.set(job.id, reason);
          await this.markFailed(message.id, reason, job?.lastAttempt ?? true);
        }
      }),
    );
    if (sent.length > 0) {
      await this.txHost.tx.query(
        `UPDATE mail_message m SET status = 'sent', sent_at = $3, claimed_at = NULL, attempts = attempts + 1, last_error = NULL, smtp_message_id = s.smtp_id
         FROM unnest($1::uuid[], $2::text[]) AS s(id, smtp_id) WHERE m.id = s.id`,
        [sent.map((s) => s.id), sent.map((s) => s.smtpId), this.clock.now()],
      );
    }
    if (failures.size > 0) this.logger.warn(`${failures.size} of ${claimed.length} messages not accepted by the SMTP server; they will be retried`);
    return failures;
  }

  private async markFailed(id: string, error: Error, lastAttempt: boolean): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE mail_message SET status = $2, claimed_at = NULL, attempts = attempts + 1, last_error = $3 WHERE id = $1`,
      [id, lastAttempt ? 'failed' : 'pending', error.message.slice(0, 1000)],
    );
  }
}
