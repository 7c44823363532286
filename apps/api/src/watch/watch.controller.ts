import type { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { MAIL_LANGUAGES, type MailLanguage, WATCH_LIST_MAX, WatchList } from '@app/notifications';
import { RegistryService } from '@app/registry';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, RequirePermission } from '../http/access.decorators';
import { sendDownload } from '../http/content-disposition';
import { ErrorBody } from '../http/error-body';
import { FILE_FIELD, readMultipartUpload } from '../http/multipart';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { WatchRateLimiter } from './watch-rate-limiter';

/** The answer to every subscription, whatever became of it: it neither confirms nor denies one. */
export const WATCH_SUBSCRIBE_ANSWER = 'If the address is valid you will receive a confirmation e-mail; the link in it works once, for 48 hours.';
/** A watch list file: 5,000 lines of a VAT number with room for quotes and other columns. */
export const WATCH_CSV_MAX_BYTES = 1024 * 1024;

const TOKEN = /^[0-9a-f]{64}$/;

export class WatchSubscribeDto {
  @ApiProperty({ example: '01114601006', description: 'The VAT number of a firm in the public registry (11 digits, `IT` prefix allowed)' })
  @MaxLength(20) @IsString({ message: 'vatNumber must be a string' })
  vatNumber!: string;

  @ApiProperty({ example: 'mario.rossi@example.it' })
  @MaxLength(254) @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @ApiPropertyOptional({ enum: MAIL_LANGUAGES, default: 'it', description: 'The language of the messages' })
  @IsOptional() @IsIn(MAIL_LANGUAGES, { message: `language must be one of ${MAIL_LANGUAGES.join(', ')}` })
  language?: MailLanguage;
}

class WatchMessageResponse {
  @ApiProperty({ example: WATCH_SUBSCRIBE_ANSWER }) message!: string;
}

export class WatchConfirmDto {
  @ApiProperty({ description: 'The token of the confirmation link (`?token=`)' })
  @Matches(TOKEN, { message: 'token must be the token of a confirmation link' })
  token!: string;
}

class WatchedFirmResponse {
  @ApiProperty({ example: 'Contact Center Roma S.r.l.' }) legalName!: string;
  @ApiProperty({ example: '01114601006' }) vatNumber!: string;
}

class WatchTokenParam {
  @ApiProperty({ description: 'The token of the unsubscribe link' })
  @Matches(TOKEN, { message: 'token must be the token of an unsubscribe link' })
  token!: string;
}

class VatNumberParam {
  @ApiProperty({ example: '01114601006' })
  @MaxLength(20) @IsString()
  vatNumber!: string;
}

class WatchListResponse {
  @ApiProperty({ type: [String], example: ['01114601006'], description: `In order; at most ${WATCH_LIST_MAX}` }) vatNumbers!: string[];
}

/**
 * Watch lists over HTTP. Anyone follows a firm of the public registry with an e-mail address (double
 * opt-in; the answer is the same whatever happens), confirms with the link, and unsubscribes with one
 * click (RFC 8058). A signed-in user keeps a list of VAT numbers, also as a CSV file.
 */
@ApiTags('watch lists')
@Controller('api/v1/watch')
export class WatchController {
  constructor(
    private readonly watches: WatchList,
    private readonly registry: RegistryService,
    private readonly limiter: WatchRateLimiter,
  ) {}

  @Post('subscriptions')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Follow a firm of the registry by e-mail (double opt-in)',
    description:
      'Sends a confirmation link valid 48 hours, unless the address already follows the firm. The answer is the same either way. ' +
      '400 for a malformed address or VAT number, 404 firm_not_in_registry, 429 past WATCH_SUBSCRIBE_PER_ADDRESS_PER_HOUR or WATCH_SUBSCRIBE_PER_IP_PER_HOUR.',
  })
  @ApiAcceptedResponse({ type: WatchMessageResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No firm with this VAT number in the public registry' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many subscriptions for this address or from this IP in this hour (see Retry-After)' })
  async subscribe(@Body() dto: WatchSubscribeDto, @Req() request: FastifyRequest): Promise<WatchMessageResponse> {
    const { value: firm } = await this.registry.firm(dto.vatNumber);
    this.limiter.check(request.ip, dto.email);
    await this.watches.subscribe(firm.vatNumber, dto.email, dto.language ?? 'it');
    return { message: WATCH_SUBSCRIBE_ANSWER };
  }

  @Post('confirm')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm a subscription with the token of its link (once, within 48 hours)' })
  @ApiOkResponse({ type: WatchedFirmResponse })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'invalid_watch_token: used, expired or unknown' })
  confirm(@Body() { token }: WatchConfirmDto): Promise<WatchedFirmResponse> {
    return this.watches.confirm(token);
  }

  /** RFC 8058: the address of `List-Unsubscribe`; mail clients POST `List-Unsubscribe=One-Click` to it, without cookies. */
  @Post('unsubscribe/:token')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058): deletes the subscription and its address',
    description: 'The token in the path is the credential; the body (`List-Unsubscribe=One-Click`) is not needed. A spent token answers 204 as well.',
  })
  @ApiNoContentResponse()
  async unsubscribe(@Param() { token }: WatchTokenParam): Promise<void> {
    await this.watches.unsubscribe(token);
  }

  @Get('list')
  @ApiBearerAuth()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'The VAT numbers I follow; each public change of their status reaches my account\'s address' })
  @ApiOkResponse({ type: WatchListResponse })
  async list(@CurrentActor() actor: Actor): Promise<WatchListResponse> {
    return { vatNumbers: await this.watches.list(actor.userId) };
  }

  @Put('list/:vatNumber')
  @ApiBearerAuth()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'Follow a VAT number (registered or not yet); following it already changes nothing' })
  @ApiOkResponse({ type: WatchListResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'invalid_vat_number, with the reason' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: `watch_list_too_long: at most ${WATCH_LIST_MAX}` })
  async add(@CurrentActor() actor: Actor, @Param() { vatNumber }: VatNumberParam): Promise<WatchListResponse> {
    await this.watches.add(actor.userId, vatNumber);
    return { vatNumbers: await this.watches.list(actor.userId) };
  }

  @Delete('list/:vatNumber')
  @ApiBearerAuth()
  @RequirePermission(Permission.AccountSelf)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop following a VAT number' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorBody, description: 'invalid_vat_number, with the reason' })
  remove(@CurrentActor() actor: Actor, @Param() { vatNumber }: VatNumberParam): Promise<void> {
    return this.watches.remove(actor.userId, vatNumber);
  }

  @Get('list.csv')
  @ApiBearerAuth()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'My list as a CSV file (a `vat_number` header, one VAT number a line)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv' })
  async download(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const csv = await this.watches.csv(actor.userId);
    await sendDownload(reply, { bytes: Buffer.from(csv, 'utf8'), contentType: 'text/csv', fileName: 'aziende-seguite.csv' });
  }

  @Put('list.csv')
  @ApiBearerAuth()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({
    summary: 'Replace my list with a CSV file: all or nothing',
    description:
      'One VAT number a line in the first column (`,` or `;` delimited; other columns ignored; a first line of letters is a header; `IT`, spaces and dots allowed). ' +
      `When any line is wrong nothing changes: 400 watch_list_refused lists the lines (the first 50) with the reason. At most ${WATCH_LIST_MAX} numbers.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: WatchListResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'watch_list_refused, with the lines at fault' })
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<WatchListResponse> {
    const upload = await readMultipartUpload(request, { maxFileBytes: WATCH_CSV_MAX_BYTES });
    return { vatNumbers: await this.watches.replaceFromCsv(actor.userId, csvText(upload.file.bytes)) };
  }
}

/** The text of an uploaded CSV, without the byte-order mark spreadsheets write. */
export function csvText(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}
