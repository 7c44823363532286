import { DomainError } from '@app/core';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { cookieOf, SESSION_COOKIE } from '../http/session-cookie';

/** A random value the forms repeat in CSRF_FIELD: a page of another site can neither read it nor set the field. */
export const CSRF_COOKIE = 'aq_csrf';
export const CSRF_FIELD = '_csrf';
const FLASH_COOKIE = 'aq_flash';

export type FlashKind = 'success' | 'error';

/** A one-time message shown by the next page after a redirect: a message key, never free text. */
export interface Flash {
  readonly kind: FlashKind;
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
}

export class CsrfRejectedError extends DomainError {
  constructor() {
    super('forbidden', 'csrf_rejected', 'This form was not sent from a page of this site, or the page is too old: reload the page and send it again');
  }
}

/** HttpOnly, SameSite=Lax, whole site; Secure when the visitor came over HTTPS (also behind a trusted proxy). */
function cookieOptions(request: FastifyRequest, expires?: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https', ...(expires ? { expires } : {}) };
}

export function startBrowserSession(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  void reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, expiresAt));
  // A new session gets a new form token, so a token seen before signing in is worth nothing after.
  void reply.setCookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), cookieOptions(request));
}

export function endBrowserSession(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

/** The visitor's form token, created (and sent as a cookie) on the first page that has a form. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  const existing = cookieOf(request, CSRF_COOKIE);
  if (existing !== undefined) return existing;
  const token = randomBytes(32).toString('base64url');
  request.cookies[CSRF_COOKIE] = token;
  void reply.setCookie(CSRF_COOKIE, token, cookieOptions(request));
  return token;
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/** Refuses a form post whose token does not match the visitor's cookie, or that a browser says came from another site. */
export function verifyCsrf(request: FastifyRequest, submitted: string | undefined): void {
  const expected = cookieOf(request, CSRF_COOKIE);
  if (expected === undefined || submitted === undefined || !sameOrigin(request)) throw new CsrfRejectedError();
  const [left, right] = [Buffer.from(expected), Buffer.from(submitted)];
  if (left.length !== right.length || !timingSafeEqual(left, right)) throw new CsrfRejectedError();
}

export function setFlash(request: FastifyRequest, reply: FastifyReply, flash: Flash): void {
  void reply.setCookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), { ...cookieOptions(request), maxAge: 60 });
}

/** The flash left by the previous response, cleared as it is read; anything malformed is dropped. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = request.cookies[FLASH_COOKIE];
  if (raw === undefined) return null;
  void reply.clearCookie(FLASH_COOKIE, cookieOptions(request));
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    const values = parsed.values ?? {};
    const valid =
      (parsed.kind === 'success' || parsed.kind === 'error') &&
      typeof parsed.key === 'string' &&
      typeof values === 'object' &&
      Object.values(values).every((value) => typeof value === 'string');
    return valid ? { kind: parsed.kind, key: parsed.key, values } : null;
  } catch {
    return null;
  }
}
