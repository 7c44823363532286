import { startTestApp, TestApp } from '../../support/test-app';

const attemptLogin = (testApp: TestApp, forwardedFor: string, email: string) =>
  testApp.http.post('/api/v1/auth/login').set('X-Forwarded-For', forwardedFor).send({ email, password: 'a guess' });

// One application per process at a time: @Transactional() resolves its transaction host statically.
describe('per-IP sign-in limit without a trusted proxy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '3' } });
  });
  afterAll(() => testApp.close());

  it('counts failures per client IP, and a spoofed X-Forwarded-For gains nothing', async () => {
    for (let i = 0; i < 3; i++) await attemptLogin(testApp, `198.51.100.${i}`, `victim-${i}@example.it`).expect(401);
    const refused = await attemptLogin(testApp, '198.51.100.99', 'other@example.it').expect(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/your network/) });
  });
});

describe('per-IP sign-in limit behind a trusted proxy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '3', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => testApp.close());

  it('believes X-Forwarded-For from the trusted proxy, so distinct clients are counted apart', async () => {
    for (let i = 0; i < 5; i++) await attemptLogin(testApp, `198.51.100.${i}`, `someone-${i}@example.it`).expect(401);
    for (let i = 0; i < 3; i++) await attemptLogin(testApp, '198.51.100.200', `same-client-${i}@example.it`).expect(401);
    await attemptLogin(testApp, '198.51.100.200', 'same-client-x@example.it').expect(429);
  });
});
