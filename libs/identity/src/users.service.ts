import { Actor, AnyActor, Clock, NotFoundError, Role } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { EmailTakenError, OwnAccessChangeError, RoleChangeNotAllowedError, WrongCurrentPasswordError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { Session } from './session.entity';
import { UserAccount } from './user-account.entity';
import { normalizeEmail, toUserView, UserView } from './user.view';

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
  readonly role: Role;
}

export interface UserChanges {
  readonly displayName?: string;
  readonly role?: Role;
  readonly disabled?: boolean;
}

export interface UserPage {
  readonly items: UserView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

const STAFF_ROLES: readonly Role[] = ['admin', 'auditor', 'reviewer'];

@Injectable()
export class UsersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  private get users() {
    return this.txHost.tx.getRepository(UserAccount);
  }

  @Transactional()
  async create(actor: AnyActor, input: NewUser): Promise<UserView> {
    const email = normalizeEmail(input.email);
    if (await this.users.existsBy({ email })) throw new EmailTakenError();
    const passwordHash = await this.hasher.hash(input.password);
    let user: UserAccount;
    try {
      user = await this.users.save(this.users.create({ email, displayName: input.displayName.trim(), passwordHash, role: input.role, disabledAt: null }));
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION) throw new EmailTakenError();
      throw error;
    }
    const view = toUserView(user);
    await this.history.record(actor, { action: 'user.created', entityType: 'user', entityId: user.id, after: { email, role: view.role, displayName: view.displayName } });
    return view;
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('User');
    return toUserView(user);
  }

  /** The account, or null: for other domains that check a user's role before giving them work. */
  async find(id: string): Promise<UserView | null> {
    const user = await this.users.findOneBy({ id });
    return user ? toUserView(user) : null;
  }

  async list(page: number, pageSize: number, role?: Role): Promise<UserPage> {
    const [users, total] = await this.users.findAndCount({
      where: role ? { role } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: users.map(toUserView), total, page, pageSize };
  }

  /** Role and access changes apply on the user's next request: sessions are checked against the user every time. */
  @Transactional()
  async update(actor: Actor, id: string, changes: UserChanges): Promise<UserView> {
    const user = await this.users.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError('User');
    const touchesAccess = (changes.role !== undefined && changes.role !== user.role) || changes.disabled !== undefined;
    if (touchesAccess && user.id === actor.userId) throw new OwnAccessChangeError();
    if (changes.role !== undefined && changes.role !== user.role && !(STAFF_ROLES.includes(user.role) && STAFF_ROLES.includes(changes.role))) {
      throw new RoleChangeNotAllowedError();
    }
    const before = toUserView(user);
    if (changes.displayName !== undefined) user.displayName = changes.displayName.trim();
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.disabled === true && user.disabledAt === null) user.disabledAt = this.clock.now();
    if (changes.disabled === false) user.disabledAt = null;
    await this.users.save(user);
    if (user.disabledAt !== null) await this.revokeSessions(user.id);
    const after = toUserView(user);
    await this.history.record(actor, { action: 'user.updated', entityType: 'user', entityId: user.id, before, after });
    return after;
  }

  /** Changing the password signs out every other session of the account. */
  @Transactional()
  async changePassword(actor: Actor, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findOne({ where: { id: actor.userId }, select: { id: true, passwordHash: true }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError('User');
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw new WrongCurrentPasswordError();
    await this.users.update({ id: user.id }, { passwordHash: await this.hasher.hash(newPassword) });
    await this.revokeSessions(user.id, sessionId);
    await this.history.record(actor, { action: 'user.password_changed', entityType: 'user', entityId: user.id });
  }

  private async revokeSessions(userId: string, exceptSessionId?: string): Promise<void> {
    const query = this.txHost.tx
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: this.clock.now() })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (exceptSessionId) query.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await query.execute();
  }
}
