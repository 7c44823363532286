import { NotFoundError } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';

/** `digest`: waiting for the recipient's daily digest; `digested`: carried by one. */
export const MAIL_STATUSES = ['held', 'pending', 'sending', 'sent', 'failed', 'digest', 'digested'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface MailSummary {
  readonly id: string;
  readonly kind: string;
  readonly recipient: string;
  readonly language: string;
  readonly subject: string;
  readonly status: MailStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface MailDetail extends MailSummary {
  readonly text: string;
  readonly html: string;
  readonly headers: Record<string, string>;
}

interface MailRow {
  id: string;
  kind: string;
  recipient: string;
  language: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const summary = (row: MailRow): MailSummary => ({
  id: row.id,
  kind: row.kind,
  recipient: row.recipient,
  language: row.language,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

/**
 * The outbox as admins read it ("Posta inviata"): every message with its delivery state, newest
 * first. Without an SMTP server the messages stay here (`held`), so a newcomer on the embedded
 * database can read what the platform would have sent.
 */
@Injectable()
export class SentMail {
  constructor(private readonly txHost: TransactionHost<TransactionAdapter>) {}

  async list(page: number, pageSize: number, status?: MailStatus): Promise<{ items: MailSummary[]; hasMore: boolean }> {
    const rows = await this.txHost.tx.query<MailRow[]>(
      `SELECT id, kind, recipient, language, subject, status, attempts, last_error, created_at, sent_at FROM mail_message
       WHERE $1::text IS NULL OR status = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT $3`,
      [status ?? null, (page - 1) * pageSize, pageSize + 1],
    );
    return { items: rows.slice(0, pageSize).map(summary), hasMore: rows.length > pageSize };
  }

  async get(id: string): Promise<MailDetail> {
    const [row] = await this.txHost.tx.query<(MailRow & { text: string; html: string; headers: Record<string, string> })[]>(
      `SELECT id, kind, recipient, language, subject, status, attempts, last_error, created_at, sent_at, text, html, headers FROM mail_message WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundError('Message');
    return { ...summary(row), text: row.text, html: row.html, headers: row.headers };
  }
}
