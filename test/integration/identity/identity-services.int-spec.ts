import { type Actor, SYSTEM_ACTOR } from '@app/core';
import { HistoryService } from '@app/history';
import { AccountDisabledError, AuthService, type ClientInfo, EmailTakenError, InvalidCredentialsError, OwnAccessChangeError, RoleChangeNotAllowedError, UsersService, WrongCurrentPasswordError } from '@app/identity';
import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../../support/test-app';

const PASSWORD = 'password password';
const client: ClientInfo = { ip: '192.0.2.10', userAgent: 'service test' };

/**
 * Accounts and sessions at the service level, on a real database: what a session is worth after
 * the account changes, and the history each change leaves. The sign-in budgets are the reliability
 * tier's (brute-force), the policy's arithmetic the unit tier's.
 */
describe('UsersService and AuthService (PostgreSQL server)', () => {
  let testApp: TestApp;
  let users: UsersService;
  let auth: AuthService;
  let history: HistoryService;
  let admin: Actor;

  const newUser = async (role: 'admin' | 'auditor' | 'reviewer' | 'firm' = 'auditor') => {
    const user = await users.create(SYSTEM_ACTOR, { email: `  Persona-${randomUUID()}@Test.Example.IT `, displayName: '  Persona  ', password: PASSWORD, role });
    const actor: Actor = { userId: user.id, email: user.email, role, firmId: null };
    return { user, actor };
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    users = testApp.app.get(UsersService);
    auth = testApp.app.get(AuthService);
    history = testApp.app.get(HistoryService);
    admin = (await newUser('admin')).actor;
  });
  afterAll(() => testApp.close());

  it('stores e-mails in one form, so the same address cannot sign up twice, even at once', async () => {
    const { user } = await newUser();
    expect(user.email).toBe(user.email.trim().toLowerCase());
    expect(user.displayName).toBe('Persona');
    await expect(users.create(SYSTEM_ACTOR, { email: user.email.toUpperCase(), displayName: 'Altra', password: PASSWORD, role: 'firm' })).rejects.toBeInstanceOf(EmailTakenError);

    const email = `doppia-${randomUUID()}@test.example.it`;
    const outcomes = await Promise.allSettled([1, 2].map(() => users.create(SYSTEM_ACTOR, { email, displayName: 'Doppia', password: PASSWORD, role: 'firm' })));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(EmailTakenError) });
  });

  it('opens a session whose token works only for its kind, until it is revoked', async () => {
    const { user, actor } = await newUser();
    const signedIn = await auth.login(user.email, PASSWORD, client, 'bearer');
    expect(await auth.authenticate(signedIn.token, 'bearer')).toMatchObject({ userId: user.id, sessionId: signedIn.sessionId });
    expect(await auth.authenticate(signedIn.token, 'cookie')).toBeNull();
    expect((await auth.listSessions(actor, signedIn.sessionId)).map((session) => session.current)).toEqual([true]);

    await auth.logout(actor, signedIn.sessionId);
    expect(await auth.authenticate(signedIn.token, 'bearer')).toBeNull();
    expect((await history.forEntity('user', user.id)).map((event) => event.action)).toEqual(['user.created', 'session.opened', 'session.revoked']);
  });

  it('does not let one user end another user\'s session', async () => {
    const owner = await newUser();
    const other = await newUser();
    const signedIn = await auth.login(owner.user.email, PASSWORD, client, 'bearer');
    await expect(auth.revokeOwnSession(other.actor, signedIn.sessionId)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await auth.authenticate(signedIn.token, 'bearer')).not.toBeNull();
  });

  it('ends every other session when the password changes, and keeps the one that changed it', async () => {
    const { user, actor } = await newUser();
    const here = await auth.login(user.email, PASSWORD, client, 'bearer');
    const elsewhere = await auth.login(user.email, PASSWORD, { ...client, ip: '198.51.100.7' }, 'cookie');
    await expect(users.changePassword(actor, here.sessionId, 'wrong wrong wrong', 'nuova password lunga')).rejects.toBeInstanceOf(WrongCurrentPasswordError);
    expect(await auth.authenticate(elsewhere.token, 'cookie')).not.toBeNull();

    await users.changePassword(actor, here.sessionId, PASSWORD, 'nuova password lunga');
    expect(await auth.authenticate(here.token, 'bearer')).not.toBeNull();
    expect(await auth.authenticate(elsewhere.token, 'cookie')).toBeNull();
    await expect(auth.login(user.email, PASSWORD, client, 'bearer')).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(auth.login(user.email, 'nuova password lunga', client, 'bearer')).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('ends the sessions of a disabled account at once and refuses its sign-in, then lets it back when re-enabled', async () => {
    const { user } = await newUser();
    const signedIn = await auth.login(user.email, PASSWORD, client, 'bearer');
    await users.update(admin, user.id, { disabled: true });
    expect(await auth.authenticate(signedIn.token, 'bearer')).toBeNull();
    await expect(auth.login(user.email, PASSWORD, client, 'bearer')).rejects.toBeInstanceOf(AccountDisabledError);

    await users.update(admin, user.id, { disabled: false });
    await expect(auth.login(user.email, PASSWORD, client, 'bearer')).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('keeps firm and staff accounts apart, and an admin from changing their own access', async () => {
    const firmUser = await newUser('firm');
    const auditor = await newUser('auditor');
    await expect(users.update(admin, firmUser.user.id, { role: 'auditor' })).rejects.toBeInstanceOf(RoleChangeNotAllowedError);
    await expect(users.update(admin, admin.userId, { disabled: true })).rejects.toBeInstanceOf(OwnAccessChangeError);
    await expect(users.update(admin, auditor.user.id, { role: 'reviewer' })).resolves.toMatchObject({ role: 'reviewer' });
    const [, updated] = await history.forEntity('user', auditor.user.id);
    expect(updated).toMatchObject({ action: 'user.updated', actorId: admin.userId, before: { role: 'auditor' }, after: { role: 'reviewer' } });
  });
});
