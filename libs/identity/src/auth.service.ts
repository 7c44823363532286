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
import { ClientStanding, decideSignIn, KNOWN_CLIENT_MS, SIGN_IN_WINDOW_MS, SignInFacts } from './sign-in-policy';
import { UserAccount } from './user-account.entity';
import { normalizeEmail, toUserView, UserView } from './user.view';

/** Device tokens a client may present at once (a browser shared by a few accounts keeps one per account). */
export const MAX_DEVICE_TOKENS = 5;

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | null;
  /** Device tokens from earlier sign-ins on this client; the one issued for this account, if any, exempts the client from the account-wide budget. */
  readonly deviceTokens?: readonly string[];
}

export interface SignedIn {
  readonly token: string;
  /** This client's device token for this account: the one it presented, or a new one. Present it at the next sign-in. */
  readonly deviceToken: string;
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

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

interface AdmittedCheck {
  readonly attemptId: string;
  /** The device token by which the account knows this client, if it presented one. */
  readonly deviceToken: string | null;
}

interface FailureRow {
  account_count: number;
  account_oldest: Date | null;
  client_count: number;
  client_oldest: Date | null;
  client_latest: Date | null;
  ip_count: number;
  ip_oldest: Date | null;
}

// Filters of the failure tally: $1 the account, $2 the IP, $4 the client's device token hash (null without one).
const ACCOUNT = `email = $1 AND device_token_hash IS NULL`;
const CLIENT = `email = $1 AND CASE WHEN $4::text IS NULL THEN ip = $2 AND device_token_hash IS NULL ELSE device_token_hash = $4 END`;
const IP = `ip = $2 AND device_token_hash IS NULL`;

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
   * Signs in with e-mail and password, under the sign-in policy (`sign-in-policy.ts`): when a budget is
   * spent the password is not even checked, so guessing gains nothing.
   */
  async login(emailInput: string, password: string, client: ClientInfo, kind: SessionKind): Promise<SignedIn> {
    const email = normalizeEmail(emailInput);
    const check = await this.admitPasswordCheck(email, client);
    const user = await this.txHost.tx.getRepository(UserAccount).findOne({
      where: { email },
      select: { id: true, email: true, displayName: true, role: true, disabledAt: true, createdAt: true, passwordHash: true },
    });
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordMatches) throw new InvalidCredentialsError();
    if (user.disabledAt !== null) {
      await this.recordSuccess(check.attemptId, null);
      throw new AccountDisabledError();
    }
    return this.openSession(toUserView(user), client, kind, check.attemptId, check.deviceToken ?? newToken());
  }

  /** Signs in an account that was just created with its password (sign-up): there is no password to check. */
  @Transactional()
  async signInNewAccount(user: UserView, client: ClientInfo, kind: SessionKind): Promise<SignedIn> {
    const attemptId = await this.recordAttempt({ email: user.email, ip: client.ip, succeeded: true, attemptedAt: this.clock.now(), deviceTokenHash: null });
    return this.openSession(user, client, kind, attemptId, newToken());
  }

  @Transactional()
  private async openSession(user: UserView, client: ClientInfo, kind: SessionKind, attemptId: string, deviceToken: string): Promise<SignedIn> {
    const token = newToken();
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
    await this.recordSuccess(attemptId, deviceToken);
    const actor: Actor = { userId: user.id, email: user.email, role: user.role, firmId: null };
    await this.history.record(actor, { action: 'session.opened', entityType: 'user', entityId: user.id, after: { sessionId: session.id, kind } });
    return { token, deviceToken, sessionId: session.id, expiresAt, user };
  }

  /** The attempt's password matched: it stops counting as a failure, and the client's IP and device token become known to the account. */
  private async recordSuccess(attemptId: string, deviceToken: string | null): Promise<void> {
    await this.txHost.tx
      .getRepository(LoginAttempt)
      .update({ id: attemptId }, { succeeded: true, deviceTokenHash: deviceToken === null ? null : hashToken(deviceToken) });
  }

  /**
   * Applies the sign-in policy and, when it allows a password check, records the attempt as a failure
   * until the password is found to match. One check at a time per account (an advisory lock held to the
   * commit), so concurrent guesses cannot all pass the count before any of them is recorded.
   */
  @Transactional()
  private async admitPasswordCheck(email: string, client: ClientInfo): Promise<AdmittedCheck> {
    const now = this.clock.now();
    const tx = this.txHost.tx;
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`login_attempt:${email}`]);

    const presented = new Map((client.deviceTokens ?? []).slice(0, MAX_DEVICE_TOKENS).map((token) => [hashToken(token), token]));
    const [known] = await tx.query<{ device_token_hash: string | null; ip_known: boolean }[]>(
      `SELECT (array_agg(device_token_hash) FILTER (WHERE device_token_hash = ANY($3::text[])))[1] AS device_token_hash,
              coalesce(bool_or(ip = $2), false) AS ip_known
       FROM login_attempt
       WHERE email = $1 AND succeeded AND attempted_at > $4`,
      [email, client.ip, [...presented.keys()], new Date(now.getTime() - KNOWN_CLIENT_MS)],
    );
    const deviceTokenHash = known.device_token_hash;
    const standing: ClientStanding = deviceTokenHash !== null ? 'device' : known.ip_known ? 'known-ip' : 'stranger';

    // Failures by "this client": its device token wherever it comes from, or else its IP without a token.
    const [row] = await tx.query<FailureRow[]>(
      `SELECT
         count(*) FILTER (WHERE ${ACCOUNT})::int AS account_count, min(attempted_at) FILTER (WHERE ${ACCOUNT}) AS account_oldest,
         count(*) FILTER (WHERE ${CLIENT})::int AS client_count, min(attempted_at) FILTER (WHERE ${CLIENT}) AS client_oldest,
         max(attempted_at) FILTER (WHERE ${CLIENT}) AS client_latest,
         count(*) FILTER (WHERE ${IP})::int AS ip_count, min(attempted_at) FILTER (WHERE ${IP}) AS ip_oldest
       FROM login_attempt
       WHERE NOT succeeded AND attempted_at > $3 AND (email = $1 OR ip = $2)`,
      [email, client.ip, new Date(now.getTime() - SIGN_IN_WINDOW_MS), deviceTokenHash],
    );
    const facts: SignInFacts = {
      standing,
      account: { count: row.account_count, oldest: row.account_oldest, latest: null },
      client: { count: row.client_count, oldest: row.client_oldest, latest: row.client_latest },
      ip: { count: row.ip_count, oldest: row.ip_oldest, latest: null },
    };
    const budgets = { perAccount: this.config.login.maxFailuresPerAccount, perClient: this.config.login.maxFailuresPerClient, perIp: this.config.login.maxFailuresPerIp };
    const verdict = decideSignIn(facts, budgets, now);
    if (!verdict.allowed) throw new LoginThrottledError(verdict.scope, verdict.retryAfterSeconds);

    const attemptId = await this.recordAttempt({ email, ip: client.ip, succeeded: false, attemptedAt: now, deviceTokenHash });
    return { attemptId, deviceToken: deviceTokenHash === null ? null : (presented.get(deviceTokenHash) ?? null) };
  }

  private async recordAttempt(attempt: Omit<LoginAttempt, 'id'>): Promise<string> {
    const result = await this.txHost.tx.getRepository(LoginAttempt).createQueryBuilder().insert().values(attempt).returning('id').execute();
    return (result.raw as { id: string }[])[0].id;
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
