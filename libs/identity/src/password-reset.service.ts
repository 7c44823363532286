import { AnonymousActor, Clock, PUBLIC_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hashToken } from './auth.service';
import { InvalidResetTokenError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { normalizeEmail } from './user.view';

/** A reset link works for one hour (OWASP: short-lived, single use). */
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
/** Links sent per account per hour at most: more requests are answered the same way and send nothing (no mail bombing). */
export const PASSWORD_RESET_MAX_PER_HOUR = 3;

export interface IssuedResetToken {
  readonly tokenId: string;
  /** The secret of the link; only its hash is stored. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: { readonly id: string; readonly email: string; readonly displayName: string };
}

/**
 * Forgotten passwords: a single-use token, hashed at rest, valid one hour. Asking reveals nothing
 * (the caller answers the same whether an account exists or not); using it sets the password and
 * ends every session of the account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** A new token for an active account, or null (no such account, disabled, or too many asked this hour). */
  @Transactional()
  async issue(emailInput: string): Promise<IssuedResetToken | null> {
    const email = normalizeEmail(emailInput);
    const [user] = await this.txHost.tx.query<{ id: string; email: string; display_name: string }[]>(
      `SELECT id, email, display_name FROM user_account WHERE email = $1 AND disabled_at IS NULL FOR UPDATE`,
      [email],
    );
    if (!user) return null;
    const now = this.clock.now();
    const [recent] = await this.txHost.tx.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM password_reset_token WHERE user_id = $1 AND created_at > $2`,
      [user.id, new Date(now.getTime() - 60 * 60_000)],
    );
    if (recent.count >= PASSWORD_RESET_MAX_PER_HOUR) return null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
    const [row] = await this.txHost.tx.query<{ id: string }[]>(
      `INSERT INTO password_reset_token (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [user.id, hashToken(token), now, expiresAt],
    );
    await this.history.record(PUBLIC_ACTOR, { action: 'user.password_reset_requested', entityType: 'user', entityId: user.id, after: { tokenId: row.id, expiresAt } });
    return { tokenId: row.id, token, expiresAt, user: { id: user.id, email: user.email, displayName: user.display_name } };
  }

  /** Whether a token would be accepted now (for the form that asks the new password). */
  async isUsable(token: string): Promise<boolean> {
    const rows = await this.txHost.tx.query<unknown[]>(
      `SELECT 1 FROM password_reset_token t JOIN user_account u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL`,
      [hashToken(token), this.clock.now()],
    );
    return rows.length > 0;
  }

  /** Sets the password with a token: the token and every other of the account are spent, and every session ends. */
  @Transactional()
  async reset(token: string, newPassword: string): Promise<void> {
    const now = this.clock.now();
    const [found] = await this.txHost.tx.query<{ id: string; user_id: string }[]>(
      `SELECT t.id, t.user_id FROM password_reset_token t JOIN user_account u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL
       FOR UPDATE OF t`,
      [hashToken(token), now],
    );
    if (!found) throw new InvalidResetTokenError();
    await this.txHost.tx.query(`UPDATE password_reset_token SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [found.user_id, now]);
    await this.txHost.tx.query(`UPDATE user_account SET password_hash = $2, updated_at = $3 WHERE id = $1`, [found.user_id, await this.hasher.hash(newPassword), now]);
    await this.txHost.tx.query(`UPDATE session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [found.user_id, now]);
    const actor: AnonymousActor = PUBLIC_ACTOR;
    await this.history.record(actor, { action: 'user.password_reset', entityType: 'user', entityId: found.user_id, after: { tokenId: found.id } });
  }
}
