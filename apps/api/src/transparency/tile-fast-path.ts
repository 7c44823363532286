import { AppConfig } from '@app/config';
import { parseTilePath, TransparencyLogService } from '@app/transparency';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { replyWithError } from '../http/error-reply';
import { etagMatches } from '../registry/conditional-response';
import { PublicRateLimiter } from '../registry/public-rate-limit.guard';

const TILES = '/log/tile/';

/** Full tiles and full entry bundles never change: cached for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The headers of each full tile, computed once per cached tile (the service keeps one Buffer per tile). */
const headersOfTile = new WeakMap<Buffer, Readonly<Record<string, string>>>();

/**
 * What a full tile is answered with on both paths: its bytes never change, so its ETag is their
 * SHA-256 and it may be cached for a year, by anyone (CORS: monitors run in browsers too).
 */
export function fullTileHeaders(bytes: Buffer): Readonly<Record<string, string>> {
  let headers = headersOfTile.get(bytes);
  if (headers === undefined) {
    headers = {
      'content-type': 'application/octet-stream',
      'cache-control': IMMUTABLE,
      'access-control-allow-origin': '*',
      etag: `"${createHash('sha256').update(bytes).digest('base64url')}"`,
    };
    headersOfTile.set(bytes, headers);
  }
  return headers;
}

/**
 * Full tiles and entry bundles, the bulk of what monitors and witnesses download, answered from the
 * first onRequest hook (see RegistryFastPath) with their cached bytes and precomputed headers: no
 * Nest middleware, guard, interceptor or serialisation, which cost three times the bytes' own
 * serving. The same rate limit and error shape as TransparencyController; of the security headers
 * only those that matter for bytes (nosniff, HSTS). Partial tiles, HEAD, a caller with an API key
 * (counted on the key's budget by the guard), a refused rate limit and malformed paths go on to the
 * controller, which answers them as documented.
 */
@Injectable()
export class TileFastPath {
  private readonly hsts: boolean;

  constructor(
    private readonly log: TransparencyLogService,
    private readonly limiter: PublicRateLimiter,
    config: AppConfig,
  ) {
    this.hsts = config.publicBaseUrl.startsWith('https://');
  }

  /** The reply when this is a full tile, undefined to let the request go on to Nest. */
  async answer(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (request.method !== 'GET' || !request.url.startsWith(TILES) || request.headers.authorization !== undefined) return undefined;
    const path = request.url.split('?', 1)[0].slice(TILES.length);
    const address = parseTilePath(path);
    if (address === null || address.width !== undefined) return undefined;
    if (!this.limiter.hit(request.ip).allowed) return undefined;
    void reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
    if (this.hsts) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    let bytes: Buffer;
    try {
      bytes = this.log.cachedFullTile(address) ?? (await this.log.tile(address));
    } catch (error) {
      return replyWithError(error, request, reply.header('access-control-allow-origin', '*'));
    }
    const headers = fullTileHeaders(bytes);
    void reply.headers(headers);
    if (etagMatches(request.headers['if-none-match'], headers.etag)) return reply.code(304).send();
    return reply.code(200).send(bytes);
  }
}
