import { KNOWN_CLIENT_MS, MAX_DEVICE_TOKENS } from '@app/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser's device tokens (OWASP's "device cookie"), one per account signed in from it, newest
 * first. Not a credential: it only keeps this browser signing in while strangers have spent an
 * account's budget of failed attempts. Read by the sign-in form only, hence its path.
 */
const DEVICE_COOKIE = 'aq_device';
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SEPARATOR = '.';

function cookieOptions(request: FastifyRequest) {
  return { httpOnly: true, sameSite: 'lax', path: '/accedi', secure: request.protocol === 'https', maxAge: KNOWN_CLIENT_MS / 1000 } as const;
}

export function deviceTokensOf(request: FastifyRequest): string[] {
  const raw = request.cookies[DEVICE_COOKIE] ?? '';
  return raw.split(SEPARATOR).filter((token) => DEVICE_TOKEN.test(token)).slice(0, MAX_DEVICE_TOKENS);
}

/** Puts the token of the account just signed in first, keeping the others the browser holds. */
export function rememberDevice(request: FastifyRequest, reply: FastifyReply, deviceToken: string): void {
  const tokens = [deviceToken, ...deviceTokensOf(request).filter((token) => token !== deviceToken)].slice(0, MAX_DEVICE_TOKENS);
  void reply.setCookie(DEVICE_COOKIE, tokens.join(SEPARATOR), cookieOptions(request));
}
