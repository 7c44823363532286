import { AppConfig } from '@app/config';
import { formatItalianDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService, RecordedEvent } from '@app/history';
import { EVENT_LABELS, firmPagePath, REASON_LABELS } from '@app/registry';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { historyEventKey } from './event-key';
import { MailAudience } from './mail-audience';
import { mailLanguage } from './mail-format';
import { MailLanguage } from './mail-kinds';
import { MailOutbox, OutgoingMail } from './mail-outbox';
import { WATCH_ONE_CLICK_PATH, WATCH_UNSUBSCRIBE_PATH } from './watch-list';

/** The public changes of a firm's status, by the history action that records each. */
const WATCHED_CHANGES = {
  'rating.issued': 'issued',
  'rating.renewed': 'renewed',
  'rating.suspended': 'suspended',
  'rating.reinstated': 'reinstated',
  'rating.revoked': 'revoked',
  'rating.expired': 'expired',
} as const;
type WatchedAction = keyof typeof WATCHED_CHANGES;

const isWatchedAction = (action: string): action is WatchedAction => Object.prototype.hasOwnProperty.call(WATCHED_CHANGES, action);

/** Messages rendered and inserted per statement: a firm followed by 10,000 addresses stays within sane statement sizes. */
const WRITE_CHUNK = 1_000;

interface ChangeRow {
  legal_name: string;
  vat_number: string;
  certificate_number: string;
  occurred_at: Date;
  reason: string | null;
  public_note: string | null;
}

/**
 * One message per watcher for each public change of a watched firm's status, written in the
 * change's own transaction (a history listener, like `EventMail`). Expiry is recorded once, by the
 * lapse job (no job flips a status at the instant of expiry), so its message comes from that event
 * too. Keys are `watch:history:<seq>:<subscription id>` for an address, and
 * `watch:history:<seq>:list:<user id>` for an account's list: a change never reaches a watcher twice.
 */
@Injectable()
export class WatchMail implements OnModuleInit {
  constructor(
    private readonly history: HistoryService,
    private readonly outbox: MailOutbox,
    private readonly audience: MailAudience,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.history.addListener((event) => this.onEvent(event));
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    if (!isWatchedAction(event.action)) return;
    const change = WATCHED_CHANGES[event.action];
    const [row] = await this.txHost.tx.query<(ChangeRow & { firm_id: string })[]>(
      `SELECT r.firm_id, f.legal_name, f.vat_number, r.certificate_number, e.occurred_at, e.reason, e.public_note
       FROM rating r JOIN firm f ON f.id = r.firm_id
       JOIN LATERAL (SELECT occurred_at, reason, public_note FROM rating_event WHERE rating_id = r.id AND kind = $2 ORDER BY id DESC LIMIT 1) e ON true
       WHERE r.id = $1`,
      [event.entityId, change],
    );
    if (!row) return;
    const cause = `watch:${await historyEventKey(this.txHost, event)}`;
    const model = (language: MailLanguage) => ({
      firmName: row.legal_name,
      vatNumber: row.vat_number,
      change: EVENT_LABELS[language][change].toLowerCase(),
      certificateNumber: row.certificate_number,
      occurredOn: formatItalianDate(row.occurred_at),
      reason: row.reason === null ? null : ((REASON_LABELS[language] as Readonly<Record<string, string>>)[row.reason] ?? null),
      publicNote: row.public_note,
      url: `${this.config.publicBaseUrl}${firmPagePath(row.vat_number)}`,
    });

    const watchers = await this.txHost.tx.query<{ id: string; email: string; language: string; unsubscribe_token: string }[]>(
      `SELECT id, email, language, unsubscribe_token FROM firm_watch WHERE firm_id = $1 AND confirmed_at IS NOT NULL ORDER BY id`,
      [row.firm_id],
    );
    const mails: OutgoingMail[] = watchers.map((watcher) => {
      const language = mailLanguage(watcher.language);
      return {
        idempotencyKey: `${cause}:${watcher.id}`,
        kind: 'watch_status_changed',
        to: watcher.email,
        userId: null,
        language,
        model: model(language),
        unsubscribeUrl: `${this.config.publicBaseUrl}${WATCH_UNSUBSCRIBE_PATH}/${watcher.unsubscribe_token}`,
        oneClickUrl: `${this.config.publicBaseUrl}${WATCH_ONE_CLICK_PATH}/${watcher.unsubscribe_token}`,
      };
    });

    const listUsers = await this.txHost.tx.query<{ user_id: string }[]>(`SELECT user_id FROM watched_vat WHERE vat_number = $1`, [row.vat_number]);
    if (listUsers.length > 0) {
      const recipients = await this.audience.users(listUsers.map((user) => user.user_id));
      mails.push(...this.audience.compose(`${cause}:list`, 'watch_status_changed', recipients, (user) => model(user.language)));
    }
    for (let first = 0; first < mails.length; first += WRITE_CHUNK) await this.outbox.write(mails.slice(first, first + WRITE_CHUNK));
  }
}
