import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { normalizePhoneNumber } from '@app/firms';
import { CERTIFICATE_NUMBER_PATTERN } from '@app/ratings';
import { parseRegistrySearch, RegistryService } from '@app/registry';
import { etagWithCheckpoint, TransparencyEvidence } from '@app/transparency';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyWithError } from '../http/error-reply';
import { etagMatches } from './conditional-response';
import { PublicRateLimiter } from './public-rate-limit.guard';
import { phoneLookupResponse, searchResponse, verificationResponse } from './registry-responses';

const VERIFY = '/api/v1/verify/';
const LOOKUP_PHONE = '/api/v1/lookup/phone/';
const SEARCH = '/api/v1/registry/firms';
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** The parameters RegistrySearchQuery declares: any other is refused by the controller's validation. */
const SEARCH_PARAMETERS: ReadonlySet<string> = new Set(['q', 'status', 'province', 'page', 'pageSize']);

/**
 * The hottest public questions, "is this certificate valid?", "who called me?" and "which firms are
 * called so?", answered before Nest's middleware (CLS context, request logging) and router pipeline
 * (guards, pipes, interceptors, response mapping), which together cost as much as a cached lookup or a
 * quick search itself: `createApiApplication` makes `answer` the first onRequest hook. It answers valid
 * questions exactly as RegistryController does (same builders, same cache, same ETag and caching
 * headers, same rate limit, same error shape) and sets the headers that matter for JSON, which the
 * application's own hooks would otherwise add; input the controller would refuse, or a refused rate
 * limit, falls through to the controller, which answers (and is logged) as documented.
 */
@Injectable()
export class RegistryFastPath {
  private readonly hsts: boolean;

  constructor(
    private readonly registry: RegistryService,
    private readonly limiter: PublicRateLimiter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly transparency: TransparencyEvidence,
  ) {
    this.hsts = config.publicBaseUrl.startsWith('https://');
  }

  /** The reply when this is one of the fast path's questions, undefined to let the request go on to Nest. */
  async answer(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    // A caller with an API key goes through the access guard, which checks the key and gives it the key's own budget.
    if (request.method !== 'GET' || request.headers.authorization !== undefined) return undefined;
    const path = request.url.split('?', 1)[0];
    if (path === SEARCH) return this.search(request, reply);
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
        const transparency = await this.transparency.forCertificate(cached.value.certificateNumber);
        etag = etagWithCheckpoint(cached.etag, transparency);
        body = serialized(cached.value, () => verificationResponse(cached.value, this.config.publicBaseUrl, now, transparency), now, transparency ?? undefined);
      }
    } catch (error) {
      return replyWithError(error, request, this.publicJsonHeaders(request, reply));
    }
    this.publicJsonHeaders(request, reply).header('etag', etag).header('cache-control', 'no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(body);
  }

  /** Searches are not cached: every one asks the database, through indexes. */
  private async search(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const query = request.query as Record<string, unknown>;
    if (Object.keys(query).some((name) => !SEARCH_PARAMETERS.has(name))) return undefined;
    const parsed = parseRegistrySearch(query);
    if (!parsed.ok) return undefined;
    if (!this.limiter.hit(request.ip).allowed) return undefined;
    let body: string;
    try {
      body = JSON.stringify(searchResponse(await this.registry.search(parsed.search), this.config.publicBaseUrl));
    } catch (error) {
      return replyWithError(error, request, this.publicJsonHeaders(request, reply));
    }
    return this.publicJsonHeaders(request, reply).code(200).header('content-type', JSON_CONTENT_TYPE).send(body);
  }

  /** What the application's own hooks and RegistryController would add to a JSON answer. */
  private publicJsonHeaders(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    void reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff').header('access-control-allow-origin', '*');
    if (this.hsts) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return reply;
  }
}

/** A cached answer's JSON without its `checkedAt`, serialised once per cached answer (and per transparency evidence, cached per checkpoint). */
const serializedAnswers = new WeakMap<object, WeakMap<object, string>>();
const NO_EVIDENCE = {};

/** The response body: the answer's JSON, with the instant of this response as `checkedAt` (always the last member). */
function serialized(answer: object, build: () => object, now: Date, evidence: object = NO_EVIDENCE): string {
  let byEvidence = serializedAnswers.get(answer);
  if (byEvidence === undefined) {
    byEvidence = new WeakMap();
    serializedAnswers.set(answer, byEvidence);
  }
  let head = byEvidence.get(evidence);
  if (head === undefined) {
    head = JSON.stringify({ ...build(), checkedAt: undefined }).slice(0, -1);
    byEvidence.set(evidence, head);
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
