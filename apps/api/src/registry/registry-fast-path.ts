import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { normalizePhoneNumber } from '@app/firms';
import { CERTIFICATE_NUMBER_PATTERN } from '@app/ratings';
import { RegistryService } from '@app/registry';
import { Injectable, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { etagMatches } from './conditional-response';
import { PublicRateLimiter } from './public-rate-limit.guard';
import { phoneLookupResponse, verificationResponse } from './registry-responses';

const VERIFY = '/api/v1/verify/';
const LOOKUP_PHONE = '/api/v1/lookup/phone/';

/**
 * Routes the request logger leaves out: per request it costs as much as a cached lookup itself, and
 * these are the two routes a registry serves in bulk. Their unexpected errors are still logged by the
 * error filter; the rate limiter still counts every request.
 */
export const UNLOGGED_PUBLIC_LOOKUPS: RouteInfo[] = [
  { path: 'api/v1/verify/:certificateNumber', method: RequestMethod.GET },
  { path: 'api/v1/lookup/phone/:number', method: RequestMethod.GET },
];

/**
 * The two hottest public questions, "is this certificate valid?" and "who called me?", answered in a
 * Fastify onRequest hook, before Nest's router pipeline (guards, pipes, interceptors, response
 * mapping), which costs more than the lookup itself. It answers only the success case, exactly as
 * RegistryController does (same builders, same cache, same ETag and caching headers, same rate limit);
 * anything else (input that is not a certificate or phone number, a refused rate limit, a database
 * error) falls through to the controller, which answers as documented.
 *
 * The hook is added when the provider is built, so before the application's own hooks (security
 * headers, X-Request-Id), which is why it sets the headers that matter for JSON itself. Nest's
 * middleware still runs first; the request logger is told to skip these routes (UNLOGGED_PUBLIC_LOOKUPS).
 */
@Injectable()
export class RegistryFastPath {
  private readonly hsts: boolean;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly registry: RegistryService,
    private readonly limiter: PublicRateLimiter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.hsts = config.publicBaseUrl.startsWith('https://');
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply) => this.answer(request, reply));
  }

  private async answer(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (request.method !== 'GET') return undefined;
    const path = request.url.split('?', 1)[0];
    const question = path.startsWith(VERIFY) ? 'verify' : path.startsWith(LOOKUP_PHONE) ? 'phone' : null;
    if (question === null) return undefined;
    const key = decodedSegment(path.slice(question === 'verify' ? VERIFY.length : LOOKUP_PHONE.length));
    if (key === null) return undefined;
    const phone = question === 'phone' ? normalizePhoneNumber(key) : null;
    if (phone === null ? !CERTIFICATE_NUMBER_PATTERN.test(key.trim().toUpperCase()) : !phone.ok) return undefined;
    if (!this.limiter.hit(request.ip).allowed) return undefined;

    let body: string;
    let etag: string;
    try {
      const now = this.clock.now();
      if (phone?.ok) {
        const cached = await this.registry.lookupE164(phone.e164);
        etag = cached.etag;
        body = serialized(cached.value, () => phoneLookupResponse(cached.value, this.config.publicBaseUrl, now), now);
      } else {
        const cached = await this.registry.verify(key);
        etag = cached.etag;
        body = serialized(cached.value, () => verificationResponse(cached.value, this.config.publicBaseUrl, now), now);
      }
    } catch {
      return undefined;
    }
    void reply
      .header('x-request-id', request.id)
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag)
      .header('cache-control', 'no-cache')
      .header('access-control-allow-origin', '*');
    if (this.hsts) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

/** A cached answer's JSON without its `checkedAt`, serialised once per cached answer. */
const serializedAnswers = new WeakMap<object, string>();

/** The response body: the answer's JSON, with the instant of this response as `checkedAt` (always the last member). */
function serialized(answer: object, build: () => object, now: Date): string {
  let head = serializedAnswers.get(answer);
  if (head === undefined) {
    head = JSON.stringify(build(), (key, value: unknown) => (key === 'checkedAt' ? undefined : value)).slice(0, -1);
    serializedAnswers.set(answer, head);
  }
  return `${head},"checkedAt":"${now.toISOString()}"}`;
}

/** One path segment, percent-decoded; null when it is not one segment or not valid percent-encoding. */
function decodedSegment(segment: string): string | null {
  if (segment === '' || segment.includes('/')) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
