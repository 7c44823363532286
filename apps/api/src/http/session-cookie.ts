import type { FastifyRequest } from 'fastify';

/** The signed-in browser's session token (HttpOnly: page scripts never see it). */
export const SESSION_COOKIE = 'aq_session';

/** What the platform's cookies hold: random base64url tokens; anything else is ignored, never looked up. */
const COOKIE_TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies[name];
  return value !== undefined && COOKIE_TOKEN.test(value) ? value : undefined;
}

/** The browser's session token, read by the access guard for every page request. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return cookieOf(request, SESSION_COOKIE);
}
