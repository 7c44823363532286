import { CheckpointPublisher, leafHash, LogKey, parseTilePath, TileNotFoundError, TransparencyLogService, TreeSizeError, verifierKeyText } from '@app/transparency';
import type { LogEntry } from '@app/transparency';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Permission } from '@app/identity';
import { Public, RequirePermission } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { etagMatches } from '../registry/conditional-response';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { fullTileHeaders } from './tile-fast-path';
import {
  CheckpointResponse,
  ConsistencyProofQuery,
  ConsistencyProofResponse,
  EntriesQuery,
  EntriesResponse,
  InclusionProofQuery,
  InclusionProofResponse,
} from './transparency.dto';

/** The checkpoint and partial tiles move as the log grows. */
const SHORT_LIVED = 'public, max-age=5';

const base64 = (hash: Buffer): string => hash.toString('base64');

function entryJson(entry: LogEntry): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));
}

/**
 * The public transparency log: the C2SP tlog-tiles resources under /log (checkpoint, hash tiles, entry
 * bundles) and a JSON API of the same data with proofs computed server-side. No account.
 */
@ApiTags('transparency log')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this IP in this minute (see Retry-After)' })
@UseGuards(PublicRateLimitGuard)
@Controller()
export class TransparencyController {
  constructor(
    private readonly log: TransparencyLogService,
    private readonly key: LogKey,
    private readonly publisher: CheckpointPublisher,
  ) {}

  @Get('log/checkpoint')
  @Public()
  @ApiOperation({ summary: 'The latest checkpoint (c2sp.org/tlog-tiles), a signed note with witness cosignatures' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'origin, size and root hash lines, a blank line, then signature lines' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No checkpoint was published yet' })
  async checkpointNote(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const checkpoint = await this.log.latestCheckpoint();
    if (checkpoint === null) throw new TileNotFoundError('checkpoint');
    void reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', SHORT_LIVED).header('access-control-allow-origin', '*');
    return checkpoint.note;
  }

  @Get('log/tile/*')
  @Public()
  @ApiOperation({ summary: 'A hash tile or an entry bundle (c2sp.org/tlog-tiles): tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]' })
  @ApiParam({ name: '*', description: 'e.g. 0/000, 0/x001/234.p/17, entries/000', example: '0/000.p/3' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: '32-byte hashes, or uint16-length-prefixed entries; a full tile with an ETag (the SHA-256 of its bytes)' })
  @ApiResponse({ status: 304, description: 'A full tile whose ETag If-None-Match names' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'Not a tile path, or the log does not hold that tile yet' })
  async tile(@Param('*') path: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer | undefined> {
    const address = parseTilePath(path);
    if (address === null) throw new TileNotFoundError(path);
    const bytes = await this.log.tile(address);
    if (address.width === undefined) {
      const headers = fullTileHeaders(bytes);
      void reply.headers(headers);
      if (etagMatches(request.headers['if-none-match'], headers.etag)) {
        void reply.status(304);
        return undefined;
      }
      return bytes;
    }
    void reply.header('content-type', 'application/octet-stream').header('cache-control', SHORT_LIVED).header('access-control-allow-origin', '*');
    return bytes;
  }

  @Get('api/v1/transparency/checkpoint')
  @Public()
  @ApiOperation({ summary: 'The latest checkpoint, with its signed note and the log key to verify it' })
  @ApiOkResponse({ type: CheckpointResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No checkpoint was published yet' })
  async checkpoint(): Promise<CheckpointResponse> {
    const checkpoint = await this.log.latestCheckpoint();
    if (checkpoint === null) throw new TileNotFoundError('checkpoint');
    return {
      origin: this.key.current.name,
      size: checkpoint.size,
      rootHash: base64(checkpoint.rootHash),
      note: checkpoint.note,
      logKey: verifierKeyText(this.key.current),
      publishedAt: checkpoint.publishedAt,
      cosigners: [...checkpoint.cosigners],
    };
  }

  @Post('api/v1/transparency/checkpoints')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission(Permission.JobManage)
  @ApiOperation({ summary: 'Publish a checkpoint now and have the witness cosign it (otherwise one is published every TRANSPARENCY_CHECKPOINT_INTERVAL_SECONDS)' })
  @ApiOkResponse({ type: CheckpointResponse })
  async publish(): Promise<CheckpointResponse> {
    await this.publisher.publish();
    return this.checkpoint();
  }

  @Get('api/v1/transparency/proofs/inclusion')
  @Public()
  @ApiOperation({ summary: 'RFC 6962 inclusion proof of an entry in the tree of a given size' })
  @ApiOkResponse({ type: InclusionProofResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'A parameter is missing or not an integer, the index is not below the size, or the size is beyond the log' })
  async inclusion(@Query() { index, size }: InclusionProofQuery): Promise<InclusionProofResponse> {
    const proof = await this.log.inclusionProof(index, size);
    const [logged] = await this.log.entries(index, index + 1);
    return { index, size, leafHash: base64(leafHash(logged.bytes)), proof: proof.map(base64) };
  }

  @Get('api/v1/transparency/proofs/consistency')
  @Public()
  @ApiOperation({ summary: 'RFC 6962 consistency proof between two tree sizes' })
  @ApiOkResponse({ type: ConsistencyProofResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'A parameter is missing or not an integer, from > to, or to is beyond the log' })
  async consistency(@Query() { from, to }: ConsistencyProofQuery): Promise<ConsistencyProofResponse> {
    const proof = await this.log.consistencyProof(from, to);
    return { from, to, proof: proof.map(base64) };
  }

  @Get('api/v1/transparency/entries')
  @Public()
  @ApiOperation({ summary: 'The entries with indexes in [start, end), at most 256' })
  @ApiOkResponse({ type: EntriesResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'A parameter is missing or not an integer, or start > end' })
  async entries(@Query() { start, end }: EntriesQuery): Promise<EntriesResponse> {
    if (start > end) throw new TreeSizeError(`start ${start} is after end ${end}`, { start, end });
    const entries = await this.log.entries(start, end);
    return { entries: entries.map((logged) => ({ index: logged.index, leaf: base64(logged.bytes), entry: entryJson(logged.entry) })) };
  }
}
