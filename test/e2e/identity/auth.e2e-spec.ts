import { startTestApp, TestApp } from '../../support/test-app';

describe('sign-in, sessions and access (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_CLIENT: '2' } });
  });
  afterAll(() => testApp.close());

  it('signs in with the right password and refuses a wrong one or an unknown account alike', async () => {
    const user = await testApp.signIn('auditor');
    const me = await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    expect(me.body).toMatchObject({ email: user.email, role: 'auditor', permissions: expect.arrayContaining(['audit.run']) });
    expect(me.body).not.toHaveProperty('passwordHash');

    const wrong = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: 'not the password' }).expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'invalid_credentials', requestId: expect.any(String) });
    const unknown = await testApp.http.post('/api/v1/auth/login').send({ email: 'nobody@example.it', password: 'whatever' }).expect(401);
    expect(unknown.body.code).toBe('invalid_credentials');
    await testApp.http.post('/api/v1/auth/login').send({ email: user.email.toUpperCase(), password: user.password }).expect(200);
  });

  it('stops checking a client\'s passwords past its budget, even the right one, says when to retry, and lets the owner\'s device in', async () => {
    const user = await testApp.signIn('reviewer');
    const device = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
    const deviceToken = (device.body as { deviceToken: string }).deviceToken;
    expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Without a trusted proxy X-Forwarded-For is not believed: these are two failures of one client.
    for (let i = 0; i < 2; i++) {
      await testApp.http.post('/api/v1/auth/login').set('X-Forwarded-For', `203.0.113.${i}`).send({ email: user.email, password: `guess-${i}` }).expect(401);
    }
    const locked = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(429);
    expect(locked.body).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/this account from this device/) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // An existing session is not affected, and the device that signed in before still signs in.
    await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password, deviceToken }).expect(200);
  });

  it('refuses a device token that is not one', async () => {
    const refused = await testApp.http.post('/api/v1/auth/login').send({ email: 'someone@example.it', password: 'whatever', deviceToken: 'not a token' }).expect(400);
    expect(refused.body.details.fields.deviceToken).toEqual(['deviceToken must be the deviceToken returned by an earlier sign-in']);
  });

  it('refuses a disabled user\'s existing session at once, and their sign-in', async () => {
    const admin = await testApp.signIn('admin');
    const auditor = await testApp.signIn('auditor');
    await testApp.http.get('/api/v1/auth/me').set(auditor.auth).expect(200);

    await testApp.http.patch(`/api/v1/users/${auditor.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    const refused = await testApp.http.get('/api/v1/auth/me').set(auditor.auth).expect(401);
    expect(refused.body.code).toBe('invalid_session');
    const signIn = await testApp.http.post('/api/v1/auth/login').send({ email: auditor.email, password: auditor.password }).expect(403);
    expect(signIn.body.code).toBe('account_disabled');

    await testApp.http.patch(`/api/v1/users/${auditor.id}`).set(admin.auth).send({ disabled: false }).expect(200);
    await testApp.http.post('/api/v1/auth/login').send({ email: auditor.email, password: auditor.password }).expect(200);
  });

  it('applies a role change on the next request', async () => {
    const admin = await testApp.signIn('admin');
    const reviewer = await testApp.signIn('reviewer');
    await testApp.http.get('/api/v1/users').set(reviewer.auth).expect(403);
    await testApp.http.patch(`/api/v1/users/${reviewer.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    await testApp.http.get('/api/v1/users').set(reviewer.auth).expect(200);
  });

  it('refuses turning a firm account into staff, and an admin changing their own access', async () => {
    const admin = await testApp.signIn('admin');
    const firmUser = await testApp.signIn('firm');
    const crossing = await testApp.http.patch(`/api/v1/users/${firmUser.id}`).set(admin.auth).send({ role: 'auditor' }).expect(422);
    expect(crossing.body.code).toBe('role_change_not_allowed');
    const own = await testApp.http.patch(`/api/v1/users/${admin.id}`).set(admin.auth).send({ disabled: true }).expect(422);
    expect(own.body.code).toBe('own_access_change');
  });

  it('signs out: the token stops working', async () => {
    const user = await testApp.signIn('firm');
    await testApp.http.post('/api/v1/auth/logout').set(user.auth).expect(204);
    await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(401);
  });

  it('lists and revokes one\'s own sessions, never someone else\'s', async () => {
    const user = await testApp.signIn('auditor');
    const second = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
    const sessions = await testApp.http.get('/api/v1/auth/sessions').set(user.auth).expect(200);
    expect(sessions.body).toHaveLength(2);
    const other = (sessions.body as { id: string; current: boolean }[]).find((s) => !s.current)!;

    const stranger = await testApp.signIn('auditor');
    await testApp.http.delete(`/api/v1/auth/sessions/${other.id}`).set(stranger.auth).expect(404);
    await testApp.http.delete(`/api/v1/auth/sessions/${other.id}`).set(user.auth).expect(204);
    await testApp.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${second.body.token}` }).expect(401);
  });

  it('changes the password, signing out every other session', async () => {
    const user = await testApp.signIn('reviewer');
    const other = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
    const wrong = await testApp.http.post('/api/v1/auth/password').set(user.auth).send({ currentPassword: 'nope', newPassword: 'a brand new password' }).expect(422);
    expect(wrong.body.code).toBe('wrong_current_password');
    const short = await testApp.http.post('/api/v1/auth/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'short' }).expect(400);
    expect(short.body.details.fields.newPassword[0]).toMatch(/at least 12 characters/);

    await testApp.http.post('/api/v1/auth/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'a brand new password' }).expect(204);
    await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(200);
    await testApp.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${other.body.token}` }).expect(401);
    await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: 'a brand new password' }).expect(200);
  });

  it('lets firm users sign up, once per e-mail, as firm users only', async () => {
    const signUp = await testApp.http.post('/api/v1/auth/signup').send({ email: 'Titolare@CallCenter.example.it', displayName: 'Maria Rossi', password: 'una password lunga' }).expect(201);
    expect(signUp.body.user).toMatchObject({ email: 'titolare@callcenter.example.it', role: 'firm' });
    const again = await testApp.http.post('/api/v1/auth/signup').send({ email: 'titolare@callcenter.example.it', displayName: 'Maria', password: 'una password lunga' }).expect(409);
    expect(again.body.code).toBe('email_taken');
    const escalation = await testApp.http.post('/api/v1/auth/signup').send({ email: 'x@example.it', displayName: 'X', password: 'una password lunga', role: 'admin' }).expect(400);
    expect(escalation.body.details.fields.role).toEqual(['property role should not exist']);
  });

  it('lets only admins manage users, and admins create staff', async () => {
    const admin = await testApp.signIn('admin');
    const auditor = await testApp.signIn('auditor');
    await testApp.http.post('/api/v1/users').set(auditor.auth).send({ email: 'r@example.it', displayName: 'R', password: 'password password', role: 'reviewer' }).expect(403);
    const created = await testApp.http.post('/api/v1/users').set(admin.auth).send({ email: 'r@example.it', displayName: 'R', password: 'password password', role: 'reviewer' }).expect(201);
    expect(created.body).toMatchObject({ role: 'reviewer', disabled: false });
    const firm = await testApp.http.post('/api/v1/users').set(admin.auth).send({ email: 'f@example.it', displayName: 'F', password: 'password password', role: 'firm' }).expect(400);
    expect(firm.body.details.fields.role[0]).toMatch(/admin, auditor, reviewer/);
    const list = await testApp.http.get('/api/v1/users?role=reviewer&pageSize=200').set(admin.auth).expect(200);
    expect(list.body.items.some((u: { email: string }) => u.email === 'r@example.it')).toBe(true);
  });

  it('records every change in the history, with the request id', async () => {
    const admin = await testApp.signIn('admin');
    const target = await testApp.signIn('auditor');
    await testApp.http.patch(`/api/v1/users/${target.id}`).set(admin.auth).set('X-Request-Id', 'req-history-check-1').send({ displayName: 'Renamed' }).expect(200);
    const events = await testApp.http.get(`/api/v1/history?entityType=user&entityId=${target.id}`).set(admin.auth).expect(200);
    const update = (events.body as { action: string; requestId: string; before: { displayName: string }; after: { displayName: string } }[]).find((e) => e.action === 'user.updated');
    expect(update).toMatchObject({ requestId: 'req-history-check-1', before: { displayName: expect.any(String) }, after: { displayName: 'Renamed' } });
    const verification = await testApp.http.get('/api/v1/history/verify').set(admin.auth).expect(200);
    expect(verification.body).toMatchObject({ valid: true, firstBrokenSeq: null });
    await testApp.http.get('/api/v1/history/verify').set(target.auth).expect(403);
  });
});
