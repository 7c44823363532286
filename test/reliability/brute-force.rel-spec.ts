import { UsersService } from '@app/identity';
import type { Response } from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { expectStatus, WebVisitor } from '../support/web-visitor';

/**
 * Password guessing, as an attacker would run it: rotating X-Forwarded-For, a few guesses at once, every
 * Retry-After waited out (by moving the application's clock, not by sleeping) for one hour. The guessing
 * budget must hold, and neither the account's owner nor anyone else behind the attacking IP may be
 * locked out by it. `checked` counts the answers that needed the password hasher (401), `refused` the
 * ones that did not (429).
 */

const HOUR_MS = 3_600_000;
const GUESSES_AT_ONCE = 8;
const OWNER_IP = '192.0.2.10';
/** Low enough to spend quickly; the rule beyond it is the same at the default of 300. */
const IP_BUDGET = 40;

interface Tally {
  checked: number;
  refused: number;
}

let accounts = 0;

async function createAccount(testApp: TestApp, role: 'firm' | 'auditor'): Promise<{ email: string; password: string }> {
  accounts += 1;
  const email = `brute-${role}-${process.pid}-${accounts}@test.example.it`;
  const password = `the right password ${accounts}`;
  await testApp.app.get(UsersService).create({ userId: null, label: 'system' }, { email, displayName: `${role} ${accounts}`, password, role });
  return { email, password };
}

function attempt(testApp: TestApp, body: { email: string; password: string; deviceToken?: string }, forwardedFor?: string): Promise<Response> {
  const request = testApp.http.post('/api/v1/auth/login');
  if (forwardedFor !== undefined) void request.set('X-Forwarded-For', forwardedFor);
  return request.send(body);
}

function expectThrottled(answer: Response): number {
  expect(answer.status).toBe(429);
  expect(answer.body).toMatchObject({ statusCode: 429, code: 'rate_limited', message: expect.any(String), requestId: expect.any(String) });
  const retryAfter = Number(answer.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

const rotating = (guess: number): string => `100.64.${guess >> 8}.${guess & 255}`;

/** Guesses one account's password for an hour of the application's time, as fast as the answers allow. */
async function guessForAnHour(testApp: TestApp, email: string, forwardedFor: (guess: number) => string | undefined): Promise<Tally> {
  const end = testApp.clock.now().getTime() + HOUR_MS;
  const tally: Tally = { checked: 0, refused: 0 };
  let guess = 0;
  for (let batch = 0; batch < 200; batch++) {
    const answers = await Promise.all(
      Array.from({ length: GUESSES_AT_ONCE }, () => {
        guess += 1;
        return attempt(testApp, { email, password: `guess number ${guess}` }, forwardedFor(guess));
      }),
    );
    let wait = Infinity;
    for (const answer of answers) {
      if (answer.status === 401) {
        expect(answer.body).toMatchObject({ code: 'invalid_credentials' });
        tally.checked += 1;
      } else {
        wait = Math.min(wait, expectThrottled(answer));
        tally.refused += 1;
      }
    }
    if (wait === Infinity) continue;
    const resume = testApp.clock.now().getTime() + wait * 1000;
    if (resume >= end) return tally;
    testApp.clock.set(new Date(resume));
  }
  throw new Error(`${tally.checked} guesses were checked and the guessing never ran into the budget`);
}

describe.each([
  ['without a trusted proxy: X-Forwarded-For is ignored, everyone is 127.0.0.1', {}],
  ['behind a trusted proxy (TRUST_PROXY=loopback): every guess comes from a new IP', { TRUST_PROXY: 'loopback' }],
])('password guessing %s', (_, proxyEnv: Record<string, string>) => {
  const trustsProxy = 'TRUST_PROXY' in proxyEnv;
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { ...proxyEnv, LOGIN_MAX_FAILURES_PER_IP: String(IP_BUDGET) } });
  });
  afterAll(async () => {
    await testApp?.close();
  });
  // Each scenario starts after the previous one's hour is over.
  beforeEach(() => testApp.clock.set(new Date(testApp.clock.now().getTime() + 2 * HOUR_MS)));

  it('checks at most 100 passwords per account per hour, and the owner still signs in (API and /accedi)', async () => {
    const owner = await createAccount(testApp, 'firm');
    const known = await expectStatus(attempt(testApp, owner, OWNER_IP), 200);
    const deviceToken = (known.body as { deviceToken: string }).deviceToken;
    expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const browser = new WebVisitor(testApp.app);
    await browser.signIn(owner.email, owner.password);
    await expectStatus(browser.submit('/esci', {}), 303);

    const tally = await guessForAnHour(testApp, owner.email, rotating);
    expect(tally.checked).toBeLessThanOrEqual(100);
    expect(tally.refused).toBeGreaterThan(0);
    // Rotating addresses: every one a stranger to the account, sharing the budget that the owner's known IP does not need.
    // One address: that client's own budget on the account.
    const { maxFailuresPerAccount, maxFailuresPerClient } = testApp.config.login;
    expect(tally.checked).toBe(trustsProxy ? maxFailuresPerAccount - maxFailuresPerClient : maxFailuresPerClient);

    // Spent: a client the account does not know is not even checked, with the right password.
    expectThrottled(await attempt(testApp, owner, rotating(10_000)));
    if (!trustsProxy) {
      // A browser without the owner's cookie, from the guessing address, is told how long to wait in words.
      const stranger = new WebVisitor(testApp.app);
      await stranger.get('/accedi');
      const refusedPage = await expectStatus(stranger.submit('/accedi', { email: owner.email, password: owner.password }), 429);
      expect(refusedPage.headers['retry-after']).toMatch(/^\d+$/);
      expect(refusedPage.text).toMatch(/riprova tra (\d+ secondi|un secondo|un minuto|\d+ minuti)\./);
    }
    // The owner's API client, known by the token of its earlier sign-in.
    const api = await expectStatus(attempt(testApp, { ...owner, deviceToken }, rotating(10_001)), 200);
    await testApp.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${(api.body as { token: string }).token}`).expect(200);
    // The owner's browser, known by its cookie.
    await browser.signIn(owner.email, owner.password);
    await expectStatus(browser.get('/area/password'), 200);
    // Behind a proxy the attacker never had the owner's address, from which the owner signed in before.
    if (trustsProxy) await expectStatus(attempt(testApp, owner, OWNER_IP), 200);
  });

  it('keeps signing in and signing up for everyone behind an IP that failed many times', async () => {
    const bystander = await createAccount(testApp, 'auditor');
    const alreadyGuessed = `sprayed-${process.pid}-0@test.example.it`;
    // Password spraying from one address (127.0.0.1), one guess per account, until that address's budget is spent.
    const spray = trustsProxy ? () => undefined : rotating;
    for (let guess = 0; guess < IP_BUDGET; guess++) {
      await expectStatus(attempt(testApp, { email: `sprayed-${process.pid}-${guess}@test.example.it`, password: 'Summer2026!' }, spray(guess)), 401);
    }
    // The address gets no more guesses on an account it has already failed on...
    const refused = await attempt(testApp, { email: alreadyGuessed, password: 'Autumn2026!' }, spray(IP_BUDGET));
    expectThrottled(refused);
    expect(refused.body.message).toMatch(/your network/);

    // ...while the clients behind it that have not failed still sign in and sign up, by API and by page.
    await expectStatus(attempt(testApp, bystander), 200);
    const signUp = await testApp.http.post('/api/v1/auth/signup').send({ email: `new-${process.pid}@test.example.it`, displayName: 'Nuova Azienda', password: 'a long new password' });
    expect(signUp.status).toBe(201);
    await testApp.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${(signUp.body as { token: string }).token}`).expect(200);
    const colleague = await createAccount(testApp, 'firm');
    await new WebVisitor(testApp.app).signIn(colleague.email, colleague.password);
    const newcomer = new WebVisitor(testApp.app);
    await newcomer.get('/registrati');
    const signedUp = await expectStatus(newcomer.submit('/registrati', { displayName: 'Altra Azienda', email: `newcomer-${process.pid}@test.example.it`, password: 'another long password' }), 303);
    expect(signedUp.headers.location).toBe('/area/azienda');
  });
});
