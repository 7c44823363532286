import { AppConfig } from '@app/config';
import type { Role } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { mailLanguage } from './mail-format';
import { MailKind, MailLanguage } from './mail-kinds';
import { OutgoingMail } from './mail-outbox';

/** A user as a recipient. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly language: MailLanguage;
}

interface RecipientRow {
  id: string;
  email: string;
  display_name: string;
  language: string | null;
}

const toRecipient = (row: RecipientRow): Recipient => ({ userId: row.id, email: row.email, displayName: row.display_name, language: mailLanguage(row.language) });

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

  /** One message per recipient, in each one's language. */
  compose(cause: string, kind: MailKind, recipients: readonly Recipient[], model: (recipient: Recipient) => Record<string, unknown>): OutgoingMail[] {
    return recipients.map((recipient) => ({
      idempotencyKey: `${cause}:${recipient.userId}`,
      kind,
      to: recipient.email,
      userId: recipient.userId,
      language: recipient.language,
      model: { displayName: recipient.displayName, ...model(recipient) },
    }));
  }

  private async select(where: string, values: unknown[]): Promise<Recipient[]> {
    const rows = await this.txHost.tx.query<RecipientRow[]>(
      `SELECT u.id, u.email, u.display_name, NULL::text AS language FROM user_account u ${where} AND u.disabled_at IS NULL ORDER BY u.email`,
      values,
    );
    return rows.map(toRecipient);
  }
}
