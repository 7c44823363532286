import { Clock, DomainError, NotFoundError, type Role } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { isMailKind, MAIL_KINDS, MailKind, MailLanguage } from './mail-kinds';

export interface MailPreferencesView {
  readonly language: MailLanguage;
  readonly dailyDigest: boolean;
  /** Optional kinds turned off. */
  readonly mutedKinds: MailKind[];
}

export class NotOptionalKindError extends DomainError {
  constructor(kinds: string[]) {
    super('unprocessable', 'not_optional_kind', `These messages cannot be turned off: ${kinds.join(', ')}`, { kinds });
  }
}

/** The kinds of message a user may turn off (legal and security messages are not among them). */
export const OPTIONAL_MAIL_KINDS = (Object.keys(MAIL_KINDS) as MailKind[]).filter((kind) => MAIL_KINDS[kind].optional);

/** The optional kinds a user of each role can receive, offered on the preferences page. */
export const OPTIONAL_KINDS_BY_ROLE: { readonly [R in Role]: readonly MailKind[] } = {
  firm: ['application_received', 'question_reminder', 'certificate_ready', 'expiry_reminder', 'report_answer_reminder', 'watch_status_changed'],
  auditor: ['firm_answered', 'corrective_action_answered', 'watch_status_changed'],
  reviewer: ['proposal_waiting', 'review_task_opened', 'watch_status_changed'],
  admin: ['application_unassigned', 'job_dead_lettered', 'watch_status_changed'],
  integrator: ['watch_status_changed'],
};

/** Each user's choices about e-mail: language, optional kinds turned off, daily digest; and the one-click unsubscribe. */
@Injectable()
export class MailPreferences {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {}

  async get(userId: string): Promise<MailPreferencesView> {
    const [row] = await this.txHost.tx.query<{ language: string; daily_digest: boolean; muted_kinds: string[] }[]>(
      `SELECT language, daily_digest, muted_kinds FROM mail_preference WHERE user_id = $1`,
      [userId],
    );
    if (!row) return { language: 'it', dailyDigest: false, mutedKinds: [] };
    return { language: row.language === 'en' ? 'en' : 'it', dailyDigest: row.daily_digest, mutedKinds: row.muted_kinds.filter(isMailKind) };
  }

  /** Replaces the user's choices; a kind that cannot be turned off is refused. */
  @Transactional()
  async set(userId: string, choices: MailPreferencesView): Promise<MailPreferencesView> {
    const refused = choices.mutedKinds.filter((kind) => !MAIL_KINDS[kind].optional);
    if (refused.length > 0) throw new NotOptionalKindError(refused);
    await this.txHost.tx.query(
      `INSERT INTO mail_preference (user_id, language, daily_digest, muted_kinds, unsubscribe_token, updated_at)
       VALUES ($1, $2, $3, $4, encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex'), $5)
       ON CONFLICT (user_id) DO UPDATE SET language = $2, daily_digest = $3, muted_kinds = $4, updated_at = $5`,
      [userId, choices.language, choices.dailyDigest, [...new Set(choices.mutedKinds)].sort(), this.clock.now()],
    );
    return this.get(userId);
  }

  /** What an unsubscribe link offers: the kind, if the link is one (the token names a user, the kind is optional). */
  async unsubscribeTarget(token: string, kind: string): Promise<{ userId: string; kind: MailKind } | null> {
    if (!isMailKind(kind) || !MAIL_KINDS[kind].optional) return null;
    const [row] = await this.txHost.tx.query<{ user_id: string }[]>(`SELECT user_id FROM mail_preference WHERE unsubscribe_token = $1`, [token]);
    return row ? { userId: row.user_id, kind } : null;
  }

  /** Turns one optional kind off through an unsubscribe link (RFC 8058: no sign-in, no confirmation beyond the POST). */
  @Transactional()
  async unsubscribe(token: string, kind: string): Promise<void> {
    const target = await this.unsubscribeTarget(token, kind);
    if (!target) throw new NotFoundError('Unsubscribe link');
    await this.txHost.tx.query(
      `UPDATE mail_preference SET muted_kinds = array(SELECT DISTINCT unnest(muted_kinds || $2::text) ORDER BY 1), updated_at = $3 WHERE user_id = $1`,
      [target.userId, target.kind, this.clock.now()],
    );
  }
}
