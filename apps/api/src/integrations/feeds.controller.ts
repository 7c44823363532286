import { CallingNumberFeed, FEED_KEY_PATH, FeedDocument, FeedSigningKey } from '@app/feeds';
import { Permission } from '@app/identity';
import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RequirePermission } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { etagMatches } from '../registry/conditional-response';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';

export class CallingNumberFeedQuery {
  @ApiPropertyOptional({ description: 'A `cursor` from an earlier snapshot or delta: answers only what changed after it', example: '1042' })
  @Matches(/^(0|[1-9][0-9]{0,17})$/, { message: 'since must be a cursor returned by this feed' }) @IsString() @IsOptional()
  since?: string;
}

export class FeedKeyResponse {
  @ApiProperty({ example: 'ed25519' }) algorithm!: 'ed25519';
  @ApiProperty({ description: 'Named in every signature line; the first 16 hex digits of the SHA-256 of the key (SPKI)' }) keyId!: string;
  @ApiProperty({ description: 'The public key, SPKI PEM' }) publicKeyPem!: string;
}

const NDJSON = 'application/x-ndjson; charset=utf-8';

/** The bulk feeds for machines: an API key with `registry:read` (or a session of a role that may read feeds). */
@ApiTags('feeds')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests with this key in this minute (see Retry-After)' })
@UseGuards(PublicRateLimitGuard)
@Controller()
export class FeedsController {
  constructor(
    private readonly feed: CallingNumberFeed,
    private readonly signingKey: FeedSigningKey,
  ) {}

  @Get('api/v1/feeds/calling-numbers')
  @RequirePermission(Permission.FeedRead)
  @ApiBearerAuth()
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary: 'The caller-ID feed: every calling number of every firm that holds or held a rating',
    description:
      'Without `since`: a snapshot (a header line with the `cursor`, then one line per firm: `vat`, `name`, `status`, `qualified`, `numbers`). With `since=<cursor>`: only what changed after it, in order (`added`, `retired`, `changed`), at most 100,000 changes per answer (`more: true` says ask again from the new `cursor`). The last line of both is an Ed25519 signature over every byte before it (key at ' +
      FEED_KEY_PATH +
      '). Compressed with gzip when the client accepts it; ETag and 304 on both.',
  })
  @ApiOkResponse({ description: 'NDJSON: header, lines, signature line' })
  @ApiResponse({ status: 304, description: 'The copy named by If-None-Match is current' })
  async callingNumbers(@Query() query: CallingNumberFeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const cursor = await this.feed.cursor();
    if (query.since === undefined) {
      if (this.notModified(request, reply, this.feed.snapshotEtag(cursor))) return;
      return this.send(request, reply, await this.feed.snapshot(cursor));
    }
    const since = this.feed.parseSince(query.since, cursor);
    if (this.notModified(request, reply, this.feed.deltaEtag(since, cursor))) return;
    return this.send(request, reply, await this.feed.delta(since));
  }

  @Get(FEED_KEY_PATH.slice(1))
  @Public()
  @ApiOperation({ summary: 'The public key that signs the caller-ID feed', description: 'A client keeps it (or pins its keyId) and checks every snapshot and delta with it, wherever it got them from.' })
  @ApiOkResponse({ type: FeedKeyResponse })
  feedKey(@Res({ passthrough: true }) reply: FastifyReply): FeedKeyResponse {
    void reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=3600');
    return { algorithm: 'ed25519', keyId: this.signingKey.keyId, publicKeyPem: this.signingKey.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  }

  private notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
    void reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding, authorization');
    if (!etagMatches(request.headers['if-none-match'], etag)) return false;
    void reply.status(304).send();
    return true;
  }

  private send(request: FastifyRequest, reply: FastifyReply, document: FeedDocument): void {
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    void reply.header('etag', document.etag).header('content-type', NDJSON).header('feed-cursor', document.cursor);
    if (gzip) void reply.header('content-encoding', 'gzip').send(document.gzipped);
    else void reply.send(document.body);
  }
}
