import { AppConfig } from '@app/config';
import type { Role } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { mailLanguage } from './mail-format';
import { MAIL_KINDS, MailKind, MailLanguage } from './mail-kinds';
import { OutgoingMail } from './mail-outbox';

/** A user as a recipient. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly language: MailLanguage;
  readonly dailyDigest: boolean;
  readonly mutedKinds: readonly string[];
  readonly unsubscribeToken: string;
}

interface RecipientRow {
  id: string;
  email: string;
  display_name: string;
  language: string;
  daily_digest: boolean;
  muted_kinds: string[];
  unsubscribe_token: string;
}

const toRecipient = (row: RecipientRow): Recipient => ({
  userId: row.id,
  email: row.email,
  displayName: row.display_name,
  language: mailLanguage(row.language),
  dailyDigest: row.daily_digest,
  mutedKinds: row.muted_kinds,
  unsubscribeToken: row.unsubscribe_token,
});

/** The page where a signed-in user chooses which messages to receive. */
export const MAIL_PREFERENCES_PATH = '/area/notifiche';

/** The page of an unsubscribe link, linked from the message's footer. */
export const UNSUBSCRIBE_PATH = '/posta/disiscrizione';
/** The target of a mail client's RFC 8058 one-click POST (`List-Unsubscribe`). */
export const ONE_CLICK_UNSUBSCRIBE_PATH = '/api/v1/mail/unsubscribe';

/**
 * Who receives what: the active members of a firm, the users of a role, users by id; and the
 * messages for them, one per recipient, keyed by the cause and the recipient.
 */
@Injectable()
export class MailAudience {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly config: AppConfig,
  ) {}

  firmMembers(firmId: string): Promise<Recipient[]> {
    return this.select(`JOIN firm_member fm ON fm.user_id = u.id WHERE fm.firm_id = $1`, [firmId]);
  }

  withRole(role: Role): Promise<Recipient[]> {
    return this.select(`WHERE u.role = $1`, [role]);
  }

  users(userIds: readonly string[]): Promise<Recipient[]> {
    return this.select(`WHERE u.id = ANY($1::uuid[])`, [userIds]);
  }

  /** An absolute link to a page of the platform. */
  url(path: string): string {
    return `${this.config.publicBaseUrl}${path}`;
  }

  /**
   * One message per recipient, in each one's language. An optional kind skips those who turned it
   * off, waits for the daily digest of those who chose one, and carries an unsubscribe link.
   */
  compose(cause: string, kind: MailKind, recipients: readonly Recipient[], model: (recipient: Recipient) => Record<string, unknown>): OutgoingMail[] {
    const optional = MAIL_KINDS[kind].optional;
    return recipients
      .filter((recipient) => !(optional && recipient.mutedKinds.includes(kind)))
      .map((recipient) => ({
        idempotencyKey: `${cause}:${recipient.userId}`,
        kind,
        to: recipient.email,
        userId: recipient.userId,
        language: recipient.language,
        model: { displayName: recipient.displayName, ...model(recipient) },
        ...(optional
          ? {
              unsubscribeUrl: this.url(`${UNSUBSCRIBE_PATH}/${recipient.unsubscribeToken}?tipo=${kind}`),
              oneClickUrl: this.url(`${ONE_CLICK_UNSUBSCRIBE_PATH}/${recipient.unsubscribeToken}?kind=${kind}`),
              digest: recipient.dailyDigest,
            }
          : {}),
      }));
  }

  /**
   * The users matching `where` (on `u`), each with preferences: a user without any gets the defaults,
   * kept so that their unsubscribe links stay stable. The token is two random UUIDs hashed (244 random
   * bits, from the server's strong generator, with no extension needed on PGlite).
   */
  private async select(where: string, values: unknown[]): Promise<Recipient[]> {
    const matching = `SELECT u.id FROM user_account u ${where} AND u.disabled_at IS NULL`;
    await this.txHost.tx.query(
      `INSERT INTO mail_preference (user_id, unsubscribe_token)
       SELECT m.id, encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex') FROM (${matching}) m
       WHERE NOT EXISTS (SELECT 1 FROM mail_preference p WHERE p.user_id = m.id)
       ON CONFLICT DO NOTHING`,
      values,
    );
    const rows = await this.txHost.tx.query<RecipientRow[]>(
      `SELECT u.id, u.email, u.display_name, p.language, p.daily_digest, p.muted_kinds, p.unsubscribe_token
       FROM user_account u JOIN mail_preference p ON p.user_id = u.id ${where} AND u.disabled_at IS NULL ORDER BY u.email`,
      values,
    );
    return rows.map(toRecipient);
  }
}
