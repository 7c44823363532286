import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService, RecordedEvent } from '@app/history';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { mailDateTime, mailLanguage } from './mail-format';
import { MailOutbox, OutgoingMail } from './mail-outbox';

/** A user as a recipient. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly language: string | null;
}

/** The page where anyone asks for a password reset link. */
export const PASSWORD_RESET_REQUEST_PATH = '/accedi/password-dimenticata';
/** The page of a reset link, which asks the new password; the token follows in `?token=`. */
export const PASSWORD_RESET_PATH = '/accedi/nuova-password';

type EventMailWriter = (event: RecordedEvent, eventKey: string) => Promise<OutgoingMail[]>;

/**
 * Turns history events into messages, in the event's transaction (a history listener): the message is
 * written if and only if the change commits. The idempotency key is the event's sequence number and
 * the recipient, so nothing the event causes can be written twice.
 */
@Injectable()
export class EventMail implements OnModuleInit {
  private readonly writers = new Map<string, EventMailWriter>();

  constructor(
    private readonly history: HistoryService,
    private readonly outbox: MailOutbox,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.writers.set('user.password_changed', (event, key) => this.passwordChanged(event, key));
    this.writers.set('user.password_reset', (event, key) => this.passwordChanged(event, key));
  }

  onModuleInit(): void {
    this.history.addListener((event) => this.onEvent(event));
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    const writer = this.writers.get(event.action);
    if (!writer) return;
    const mails = await writer(event, await this.eventKey(event));
    await this.outbox.write(mails);
  }

  /** The event just written in this transaction, by its sequence number: unique for ever. */
  private async eventKey(event: RecordedEvent): Promise<string> {
    const [row] = await this.txHost.tx.query<{ seq: string }[]>(
      `SELECT seq FROM history WHERE entity_type = $1 AND entity_id = $2 AND action = $3 ORDER BY seq DESC LIMIT 1`,
      [event.entityType, event.entityId, event.action],
    );
    return `history:${row.seq}`;
  }

  /** Users by id, with their language preference. */
  async recipients(userIds: readonly string[]): Promise<Recipient[]> {
    if (userIds.length === 0) return [];
    const rows = await this.txHost.tx.query<{ id: string; email: string; display_name: string }[]>(
      `SELECT id, email, display_name FROM user_account WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`,
      [userIds],
    );
    return rows.map((row) => ({ userId: row.id, email: row.email, displayName: row.display_name, language: null }));
  }

  private async passwordChanged(event: RecordedEvent, key: string): Promise<OutgoingMail[]> {
    const recipients = await this.recipients([event.entityId]);
    return recipients.map((user) => {
      const language = mailLanguage(user.language);
      return {
        idempotencyKey: `${key}:${user.userId}`,
        kind: 'password_changed',
        to: user.email,
        userId: user.userId,
        language,
        model: {
          displayName: user.displayName,
          email: user.email,
          changedOn: mailDateTime(this.clock.now(), language),
          resetUrl: `${this.config.publicBaseUrl}${PASSWORD_RESET_REQUEST_PATH}`,
        },
      };
    });
  }
}
