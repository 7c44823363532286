/**
 * Whose password gets checked, and when: the rules of README "Sign-in policy" (OWASP ASVS 5.0 V6.3.1,
 * V6.1.1). Pure functions over the failures the service reads from `login_attempt`.
 *
 * A client is a device token (issued at a successful sign-in, valid for that account only) or, without
 * one, an IP. Guessing is capped per account, but the cap binds only clients the account does not know,
 * so an attacker who spends it locks out nobody who signed in before; and an IP that failed too often
 * loses only its own further guesses, never other people's sign-ins from behind it.
 */

/** Failures older than this no longer count. */
export const SIGN_IN_WINDOW_MS = 60 * 60 * 1000;
/** A device token, or an IP, stays known to an account this long after its last sign-in there. */
export const KNOWN_CLIENT_MS = 30 * 24 * 60 * 60 * 1000;
/** Failures of one client on one account answered at once; after them each attempt waits, twice as long each time. */
const FREE_FAILURES = 3;
const LONGEST_DELAY_MS = 60_000;

export interface SignInBudgets {
  /** Failed checks per account per window by clients without one of its device tokens, whatever their IP. */
  readonly perAccount: number;
  /** Failed checks per account per window by one client; the last `perClient` of `perAccount` are kept for IPs the account knows. */
  readonly perClient: number;
  /** Failed checks per IP per window (without device tokens); past it the IP may only try accounts it has not failed on. */
  readonly perIp: number;
}

/** How the account knows the client asking: by a device token, by its IP, or not at all. */
export type ClientStanding = 'device' | 'known-ip' | 'stranger';

/** Failed attempts within the window: how many, and the first and last of them. */
export interface FailureTally {
  readonly count: number;
  readonly oldest: Date | null;
  readonly latest: Date | null;
}

export const NO_FAILURES: FailureTally = { count: 0, oldest: null, latest: null };

export interface SignInFacts {
  readonly standing: ClientStanding;
  /** Failures on the account by clients without one of its device tokens. */
  readonly account: FailureTally;
  /** Failures on the account by this client (its device token, or its IP without one). */
  readonly client: FailureTally;
  /** Failures from this IP on any account, without device tokens. */
  readonly ip: FailureTally;
}

export type ThrottleScope = 'account' | 'client' | 'ip';

export type SignInVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: ThrottleScope; readonly retryAfterSeconds: number };

const ALLOWED: SignInVerdict = { allowed: true };

/** How long a client waits after its `failures`-th failure on an account: 0, 0, 0, 1 s, 2 s, 4 s … at most a minute. */
export function progressiveDelayMs(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(1000 * 2 ** (failures - FREE_FAILURES), LONGEST_DELAY_MS);
}

/** Failed checks per account per window that clients the account does not know may use between them. */
export function strangerBudget(budgets: SignInBudgets): number {
  return budgets.perAccount - budgets.perClient;
}

/**
 * Whether the password may be checked now. Refusals come before the check, so a spent budget tells
 * the guesser nothing about the password; `retryAfterSeconds` is the earliest time worth trying again.
 */
export function decideSignIn(facts: SignInFacts, budgets: SignInBudgets, now: Date): SignInVerdict {
  const { standing, account, client, ip } = facts;
  const refuse = (scope: ThrottleScope, until: number): SignInVerdict => ({
    allowed: false,
    scope,
    retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
  });
  const leavesWindow = (at: Date | null): number => (at?.getTime() ?? now.getTime()) + SIGN_IN_WINDOW_MS;

  if (client.count >= budgets.perClient) return refuse('client', leavesWindow(client.oldest));
  const delayEnds = client.latest === null ? 0 : client.latest.getTime() + progressiveDelayMs(client.count);
  if (delayEnds > now.getTime()) return refuse('client', delayEnds);
  // A device token was issued to someone who knew the password: only its own budget applies.
  if (standing === 'device') return ALLOWED;

  const accountLimit = standing === 'known-ip' ? budgets.perAccount : strangerBudget(budgets);
  if (account.count >= accountLimit) return refuse('account', leavesWindow(account.oldest));
  // A client that has not failed on this account is not held back by its neighbours behind the same IP.
  if (ip.count >= budgets.perIp && client.count > 0) return refuse('ip', Math.min(leavesWindow(ip.oldest), leavesWindow(client.latest)));
  return ALLOWED;
}
