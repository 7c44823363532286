import { Actor, Clock, NotFoundError, Role } from '@app/core';
import { AppConfig } from '@app/config';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AccountDisabledError, InvalidCredentialsError, LoginThrottledError } from './identity.errors';
import { LoginAttempt } from './login-attempt.entity';
import { PasswordHasher } from './password-hasher';
import { Session, SessionKind } from './session.entity';
import { UserAccount } from './user-account.entity';
import { normalizeEmail, toUserView, UserView } from './user.view';

const FAILURE_WINDOW_MS = 60 * 60 * 1000;

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | null;
}

export interface SignedIn {
  readonly token: string;
  readonly sessionId: string;
  readonly expiresAt: Date;
  readonly user: UserView;
}

/** The user behind a valid session, read fresh from the database. */
export interface AuthenticatedUser {
  readonly sessionId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
}

export interface SessionView {
  readonly id: string;
  readonly kind: SessionKind;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly current: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class AuthService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Signs in with e-mail and password. Failures are counted per account and per client IP over the
   * last hour; past the limit the password is not even checked, so guessing gains nothing.
   */
  async login(emailInput: string, password: string, client: ClientInfo, kind: SessionKind): Promise<SignedIn> {
    const email = normalizeEmail(emailInput);
    const now = this.clock.now();
    await this.refuseIfThrottled(email, client.ip, now);

    const user = await this.txHost.tx.getRepository(UserAccount).findOne({
      where: { email },
      select: { id: true, email: true, displayName: true, role: true, disabledAt: true, createdAt: true, passwordHash: true },
    });
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    await this.txHost.tx.getRepository(LoginAttempt).insert({ email, ip: client.ip, succeeded: passwordMatches, attemptedAt: now });
    if (!user || !passwordMatches) throw new InvalidCredentialsError();
    if (user.disabledAt !== null) throw new AccountDisabledError();
    return this.openSession(user, client, kind);
  }

  @Transactional()
  private async openSession(user: UserAccount, client: ClientInfo, kind: SessionKind): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.sessionTtlHours * 3_600_000);
    const session = await this.txHost.tx.getRepository(Session).save({
      userId: user.id,
      tokenHash: hashToken(token),
      kind,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
      expiresAt,
      revokedAt: null,
    });
    const actor: Actor = { userId: user.id, email: user.email, role: user.role, firmId: null };
    await this.history.record(actor, { action: 'session.opened', entityType: 'user', entityId: user.id, after: { sessionId: session.id, kind } });
    return { token, sessionId: session.id, expiresAt, user: toUserView(user) };
  }

  private async refuseIfThrottled(email: string, ip: string, now: Date): Promise<void> {
    const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
    const [row] = await this.txHost.tx.query<
      { account_failures: number; account_oldest: Date | null; ip_failures: number; ip_oldest: Date | null }[]
    >(
      `SELECT
         count(*) FILTER (WHERE email = $1)::int AS account_failures,
         min(attempted_at) FILTER (WHERE email = $1) AS account_oldest,
         count(*) FILTER (WHERE ip = $2)::int AS ip_failures,
         min(attempted_at) FILTER (WHERE ip = $2) AS ip_oldest
       FROM login_attempt
       WHERE NOT succeeded AND attempted_at > $3 AND (email = $1 OR ip = $2)`,
      [email, ip, since],
    );
    const retryAfter = (oldest: Date | null) =>
      Math.max(1, Math.ceil(((oldest?.getTime() ?? now.getTime()) + FAILURE_WINDOW_MS - now.getTime()) / 1000));
    if (row.account_failures >= this.config.login.maxFailuresPerAccount) throw new LoginThrottledError('account', retryAfter(row.account_oldest));
    if (row.ip_failures >= this.config.login.maxFailuresPerIp) throw new LoginThrottledError('ip', retryAfter(row.ip_oldest));
  }

  /**
   * The user behind a token of this kind, or null when the token is unknown, of the other kind, expired,
   * revoked, or its user disabled. A browser's cookie never works as a bearer token, nor the reverse.
   */
  async authenticate(token: string, kind: SessionKind): Promise<AuthenticatedUser | null> {
    const rows = await this.txHost.tx.query<{ session_id: string; user_id: string; email: string; role: Role }[]>(
      `SELECT s.id AS session_id, u.id AS user_id, u.email, u.role
       FROM session s JOIN user_account u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.kind = $3 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [hashToken(token), this.clock.now(), kind],
    );
    const row = rows[0];
    return row ? { sessionId: row.session_id, userId: row.user_id, email: row.email, role: row.role } : null;
  }

  @Transactional()
  async logout(actor: Actor, sessionId: string): Promise<void> {
    await this.revoke(actor, sessionId);
  }

  async listSessions(actor: Actor, currentSessionId: string): Promise<SessionView[]> {
    const sessions = await this.txHost.tx
      .getRepository(Session)
      .createQueryBuilder('session')
      .where('session.user_id = :userId AND session.revoked_at IS NULL AND session.expires_at > :now', { userId: actor.userId, now: this.clock.now() })
      .orderBy('session.created_at', 'DESC')
      .getMany();
    return sessions.map((s) => ({ id: s.id, kind: s.kind, createdAt: s.createdAt, expiresAt: s.expiresAt, ip: s.ip, userAgent: s.userAgent, current: s.id === currentSessionId }));
  }

  /** Ends one of the actor's own sessions; another user's session is reported as not found. */
  @Transactional()
  async revokeOwnSession(actor: Actor, sessionId: string): Promise<void> {
    await this.revoke(actor, sessionId);
  }

  private async revoke(actor: Actor, sessionId: string): Promise<void> {
    const result = await this.txHost.tx
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: this.clock.now() })
      .where('id = :sessionId AND user_id = :userId AND revoked_at IS NULL', { sessionId, userId: actor.userId })
      .execute();
    if (result.affected !== 1) throw new NotFoundError('Session');
    await this.history.record(actor, { action: 'session.revoked', entityType: 'user', entityId: actor.userId, after: { sessionId } });
  }
}
