import fc from 'fast-check';
import {
  ClientStanding,
  decideSignIn,
  FailureTally,
  NO_FAILURES,
  progressiveDelayMs,
  SIGN_IN_WINDOW_MS,
  SignInBudgets,
  SignInFacts,
  strangerBudget,
} from './sign-in-policy';

const BUDGETS: SignInBudgets = { perAccount: 100, perClient: 10, perIp: 300 };
const NOW = new Date('2026-03-02T10:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const tally = (count: number, oldestAgoMs = 30 * 60_000, latestAgoMs = 60_000): FailureTally => ({
  count,
  oldest: count === 0 ? null : ago(oldestAgoMs),
  latest: count === 0 ? null : ago(latestAgoMs),
});
const facts = (standing: ClientStanding, counts: Partial<Record<'account' | 'client' | 'ip', FailureTally>> = {}): SignInFacts => ({
  standing,
  account: counts.account ?? NO_FAILURES,
  client: counts.client ?? NO_FAILURES,
  ip: counts.ip ?? NO_FAILURES,
});

describe('progressive delays between one client\'s failures on an account', () => {
  it('answers the first three at once, then doubles the wait from one second up to a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 8, 9, 20].map(progressiveDelayMs)).toEqual([0, 0, 0, 1000, 2000, 4000, 32_000, 60_000, 60_000]);
  });

  it('refuses a client until its wait is over, and says how long is left', () => {
    expect(decideSignIn(facts('stranger', { client: tally(4, 60_000, 500) }), BUDGETS, NOW)).toEqual({ allowed: false, scope: 'client', retryAfterSeconds: 2 });
    expect(decideSignIn(facts('stranger', { client: tally(4, 60_000, 2000) }), BUDGETS, NOW)).toEqual({ allowed: true });
    expect(decideSignIn(facts('device', { client: tally(3, 60_000, 999) }), BUDGETS, NOW)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('the account budget: 100 failures an hour, the last 10 kept for the IPs the account knows', () => {
  it('gives clients the account does not know 90 failures between them', () => {
    expect(strangerBudget(BUDGETS)).toBe(90);
    expect(decideSignIn(facts('stranger', { account: tally(89) }), BUDGETS, NOW)).toEqual({ allowed: true });
    expect(decideSignIn(facts('stranger', { account: tally(90, 20 * 60_000) }), BUDGETS, NOW)).toEqual({
      allowed: false,
      scope: 'account',
      retryAfterSeconds: 40 * 60,
    });
  });

  it('lets an IP that signed in to the account before use the rest, up to 100', () => {
    expect(decideSignIn(facts('known-ip', { account: tally(99) }), BUDGETS, NOW)).toEqual({ allowed: true });
    expect(decideSignIn(facts('known-ip', { account: tally(100) }), BUDGETS, NOW)).toMatchObject({ allowed: false, scope: 'account' });
  });

  it('does not bind a client holding the account\'s device token, however many others failed', () => {
    const underAttack = facts('device', { account: tally(10_000), ip: tally(10_000) });
    expect(decideSignIn(underAttack, BUDGETS, NOW)).toEqual({ allowed: true });
  });
});

describe('the client budget: 10 failures an hour per account and client', () => {
  it('applies to every client, a device token included, and lifts as its oldest failure leaves the hour', () => {
    for (const standing of ['device', 'known-ip', 'stranger'] as const) {
      expect(decideSignIn(facts(standing, { client: tally(10, 59 * 60_000, 10 * 60_000) }), BUDGETS, NOW)).toEqual({
        allowed: false,
        scope: 'client',
        retryAfterSeconds: 60,
      });
    }
  });
});

describe('the IP budget: 300 failures an hour', () => {
  const spentIp = tally(300, 45 * 60_000);

  it('does not hold back a client that has not failed on this account (a neighbour behind the same IP, a sign-up)', () => {
    expect(decideSignIn(facts('stranger', { ip: spentIp }), BUDGETS, NOW)).toEqual({ allowed: true });
    expect(decideSignIn(facts('known-ip', { ip: spentIp }), BUDGETS, NOW)).toEqual({ allowed: true });
  });

  it('refuses the IP further guesses on an account it has failed on', () => {
    expect(decideSignIn(facts('stranger', { ip: spentIp, client: tally(1, 5 * 60_000, 5 * 60_000) }), BUDGETS, NOW)).toEqual({
      allowed: false,
      scope: 'ip',
      retryAfterSeconds: 15 * 60,
    });
  });
});

describe('whatever the clients do over hours', () => {
  type Kind = 'rotating' | 'one-ip' | 'known-ip' | 'device';
  interface Failure {
    readonly at: number;
    readonly ip: string;
    readonly device: boolean;
  }
  const KNOWN_IP = '192.0.2.10';
  const STEP = fc.record({ kind: fc.constantFrom<Kind>('rotating', 'one-ip', 'known-ip', 'device'), afterMs: fc.integer({ min: 0, max: 120_000 }) });

  /** The tallies as the service reads them from login_attempt, for one account. */
  function factsFor(failures: readonly Failure[], kind: Kind, ip: string, now: number): SignInFacts {
    const recent = failures.filter((f) => f.at > now - SIGN_IN_WINDOW_MS);
    const toTally = (list: readonly Failure[]): FailureTally =>
      list.length === 0 ? NO_FAILURES : { count: list.length, oldest: new Date(list[0].at), latest: new Date(list[list.length - 1].at) };
    const device = kind === 'device';
    return {
      standing: device ? 'device' : kind === 'known-ip' ? 'known-ip' : 'stranger',
      account: toTally(recent.filter((f) => !f.device)),
      client: toTally(recent.filter((f) => (device ? f.device : !f.device && f.ip === ip))),
      ip: toTally(recent.filter((f) => !f.device && f.ip === ip)),
    };
  }

  it('never lets clients without a device token fail more than 100 times in any hour, nor strangers more than 90', () => {
    fc.assert(
      fc.property(fc.array(STEP, { maxLength: 600 }), (steps) => {
        const failures: Failure[] = [];
        let now = NOW.getTime();
        steps.forEach(({ kind, afterMs }, index) => {
          now += afterMs;
          const ip = kind === 'rotating' ? `100.64.${index >> 8}.${index & 255}` : kind === 'one-ip' ? '203.0.113.7' : KNOWN_IP;
          const verdict = decideSignIn(factsFor(failures, kind, ip, now), BUDGETS, new Date(now));
          if (verdict.allowed) failures.push({ at: now, ip, device: kind === 'device' });
          else expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        });
        for (const failure of failures) {
          const hour = failures.filter((f) => f.at > failure.at - SIGN_IN_WINDOW_MS && f.at <= failure.at && !f.device);
          expect(hour.length).toBeLessThanOrEqual(BUDGETS.perAccount);
          expect(hour.filter((f) => f.ip !== KNOWN_IP).length).toBeLessThanOrEqual(strangerBudget(BUDGETS));
        }
      }),
    );
  });

  it('always checks the password of a client that has not failed, for a device token and for the account\'s known IP alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.nat({ max: 100_000 }), (accountFailures, ipFailures) => {
        expect(decideSignIn(facts('device', { account: tally(accountFailures + 1000), ip: tally(ipFailures) }), BUDGETS, NOW).allowed).toBe(true);
        expect(decideSignIn(facts('known-ip', { account: tally(accountFailures), ip: tally(ipFailures) }), BUDGETS, NOW).allowed).toBe(true);
      }),
    );
  });
});
