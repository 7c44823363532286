import { UsersService } from '@app/identity';
import { startTestApp, TestApp } from '../../support/test-app';

const attemptLogin = (testApp: TestApp, forwardedFor: string, email: string, password = 'a guess', deviceToken?: string) =>
  testApp.http.post('/api/v1/auth/login').set('X-Forwarded-For', forwardedFor).send({ email, password, ...(deviceToken ? { deviceToken } : {}) });

// One application per process at a time: @Transactional() resolves its transaction host statically.
describe('per-IP sign-in budget without a trusted proxy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '3' } });
  });
  afterAll(() => testApp.close());

  it('counts failures per client IP, a spoofed X-Forwarded-For gains nothing, and a spent IP loses only its own further guesses', async () => {
    for (let i = 0; i < 3; i++) await attemptLogin(testApp, `198.51.100.${i}`, `victim-${i}@example.it`).expect(401);
    const refused = await attemptLogin(testApp, '198.51.100.99', 'victim-0@example.it').expect(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/your network/) });
    // Someone else behind the same IP, on an account this IP has not failed on, is still checked.
    await attemptLogin(testApp, '198.51.100.98', 'other@example.it').expect(401);
  });
});

describe('per-IP sign-in budget behind a trusted proxy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '3', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => testApp.close());

  it('believes X-Forwarded-For from the trusted proxy, so distinct clients are counted apart', async () => {
    for (let i = 0; i < 5; i++) await attemptLogin(testApp, `198.51.100.${i}`, `someone-${i}@example.it`).expect(401);
    for (let i = 0; i < 3; i++) await attemptLogin(testApp, '198.51.100.200', `same-client-${i}@example.it`).expect(401);
    await attemptLogin(testApp, '198.51.100.200', 'same-client-0@example.it').expect(429);
    await attemptLogin(testApp, '198.51.100.201', 'same-client-0@example.it').expect(401);
  });
});

describe('account budget on the embedded database (PGlite), behind a trusted proxy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded', env: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_CLIENT: '2' } });
  });
  afterAll(() => testApp.close());

  it('checks concurrent guesses from new IPs one at a time, up to the budget, and keeps the owner\'s clients signing in', async () => {
    const email = 'owner@example.it';
    const password = 'the owner password';
    await testApp.app.get(UsersService).create({ userId: null, label: 'system' }, { email, displayName: 'Owner', password, role: 'firm' });
    const signedIn = await attemptLogin(testApp, '192.0.2.10', email, password).expect(200);
    const deviceToken = (signedIn.body as { deviceToken: string }).deviceToken;

    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => attemptLogin(testApp, `100.64.0.${i}`, email)));
    // 5 failures an hour per account, 2 of them kept for the IPs the account knows: strangers get 3.
    expect(guesses.filter((answer) => answer.status === 401)).toHaveLength(3);
    const refused = guesses.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(7);
    expect(refused[0].body.message).toMatch(/for this account/);

    await attemptLogin(testApp, '100.64.1.1', email, password).expect(429);
    await attemptLogin(testApp, '192.0.2.10', email, password).expect(200);
    await attemptLogin(testApp, '100.64.1.2', email, password, deviceToken).expect(200);
  });
});
