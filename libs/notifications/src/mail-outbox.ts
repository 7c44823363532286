import { AppConfig } from '@app/config';
import type { TransactionAdapter } from '@app/database';
import { JobQueue } from '@app/jobs';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { MailKind, MailLanguage } from './mail-kinds';
import { MailTemplates } from './mail-templates';

/** The queue whose jobs each send one message of the outbox. */
export const MAIL_QUEUE = 'mail.send';

export interface MailJob {
  readonly messageId: string;
}

export interface OutgoingMail {
  /** One message per key, ever: the event (or reminder) and the recipient, e.g. `history:812:user:<id>`. */
  readonly idempotencyKey: string;
  readonly kind: MailKind;
  readonly to: string;
  readonly userId: string | null;
  readonly language: MailLanguage;
  readonly model: Record<string, unknown>;
  /** On optional messages: the page that unsubscribes, linked from the footer. */
  readonly unsubscribeUrl?: string;
  /** On optional messages: where a mail client POSTs a one-click unsubscribe (RFC 8058 `List-Unsubscribe`). */
  readonly oneClickUrl?: string;
  /** Kept for the recipient's daily digest instead of being sent alone. */
  readonly digest?: boolean;
}

export class MailOutsideTransactionError extends Error {
  constructor() {
    super('Mail must be written in the same transaction as the event that causes it');
  }
}

/**
 * Writes messages to the outbox, rendered, in the caller's transaction: they exist if and only if
 * the event that causes them commits. A key already written is skipped, so a writer that runs twice
 * (a retried job, a reminder sweep run late) adds nothing. Each new message gets a send job in the
 * same transaction, unless no SMTP server is configured: then it is `held` for admins to read.
 */
@Injectable()
export class MailOutbox {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly templates: MailTemplates,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** Writes the messages not written before; returns how many are new. */
  async write(mails: readonly OutgoingMail[]): Promise<number> {
    if (!this.txHost.isTransactionActive()) throw new MailOutsideTransactionError();
    if (mails.length === 0) return 0;
    const frame = { baseUrl: this.config.publicBaseUrl };
    const rendered = mails.map((mail) => ({ mail, content: this.templates.render(mail.kind, mail.language, mail.model, { ...frame, unsubscribeUrl: mail.unsubscribeUrl }) }));
    const sendable = this.config.mail.smtpUrl === undefined ? 'held' : 'pending';
    const rows = await this.txHost.tx.query<{ id: string; status: string }[]>(
      `INSERT INTO mail_message (idempotency_key, kind, recipient, recipient_user_id, language, subject, html, text, headers, status)
       SELECT key, kind, recipient, user_id, language, subject, html, text, headers::jsonb, status
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS m(key, kind, recipient, user_id, language, subject, html, text, headers, status)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, status`,
      [
        rendered.map(({ mail }) => mail.idempotencyKey),
        rendered.map(({ mail }) => mail.kind),
        rendered.map(({ mail }) => mail.to.toLowerCase()),
        rendered.map(({ mail }) => mail.userId),
        rendered.map(({ mail }) => mail.language),
        rendered.map(({ content }) => content.subject),
        rendered.map(({ content }) => content.html),
        rendered.map(({ content }) => content.text),
        rendered.map(({ mail }) => JSON.stringify(unsubscribeHeaders(mail.oneClickUrl))),
        rendered.map(({ mail }) => (mail.digest === true ? 'digest' : sendable)),
      ],
    );
    const toSend = rows.filter((row) => row.status === 'pending');
    if (toSend.length > 0) await this.jobs.enqueueMany<MailJob>(MAIL_QUEUE, toSend.map((row) => ({ messageId: row.id })));
    return rows.length;
  }
}

/** RFC 8058: a mail client's one-click "unsubscribe" POSTs `List-Unsubscribe=One-Click` to the address. */
function unsubscribeHeaders(url: string | undefined): Record<string, string> {
  if (url === undefined) return {};
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
