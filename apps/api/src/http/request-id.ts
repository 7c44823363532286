import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const REQUEST_ID = Symbol('requestId');

type WithRequestId = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The id of a request: the caller's X-Request-Id when it looks like one (so a proxy's id carries
 * through), otherwise a new UUID. Kept on the raw request so Fastify, the logger and the request
 * context all see the same id.
 */
export function requestIdOf(request: IncomingMessage): string {
  const raw = request as WithRequestId;
  if (raw[REQUEST_ID] === undefined) {
    const offered = request.headers['x-request-id'];
    raw[REQUEST_ID] = typeof offered === 'string' && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
  }
  return raw[REQUEST_ID];
}
