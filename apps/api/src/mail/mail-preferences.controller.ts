import type { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { MAIL_LANGUAGES, MailKind, type MailLanguage, MailPreferences, OPTIONAL_MAIL_KINDS } from '@app/notifications';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, Matches } from 'class-validator';
import { CurrentActor, Public, RequirePermission } from '../http/access.decorators';

export class MailPreferencesDto {
  @ApiProperty({ enum: MAIL_LANGUAGES, description: 'The language of the messages' })
  @IsIn(MAIL_LANGUAGES, { message: `language must be one of ${MAIL_LANGUAGES.join(', ')}` })
  language!: MailLanguage;

  @ApiProperty({ description: 'Gather the optional messages in one digest a day' })
  @IsBoolean({ message: 'dailyDigest must be true or false' })
  dailyDigest!: boolean;

  @ApiProperty({ enum: OPTIONAL_MAIL_KINDS, isArray: true, description: 'Optional kinds turned off; legal and security messages cannot be' })
  @IsArray({ message: 'mutedKinds must be a list' })
  @ArrayMaxSize(OPTIONAL_MAIL_KINDS.length)
  @IsIn(OPTIONAL_MAIL_KINDS, { each: true, message: `each of mutedKinds must be one of ${OPTIONAL_MAIL_KINDS.join(', ')}` })
  mutedKinds!: MailKind[];
}

class UnsubscribeTokenParam {
  @ApiProperty({ description: 'The token of the unsubscribe link' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'token must be the token of an unsubscribe link' })
  token!: string;
}

class UnsubscribeQuery {
  @ApiProperty({ enum: OPTIONAL_MAIL_KINDS })
  @IsIn(OPTIONAL_MAIL_KINDS, { message: `kind must be one of ${OPTIONAL_MAIL_KINDS.join(', ')}` })
  kind!: MailKind;
}

/** A user's own choices about e-mail, and the one-click unsubscribe of mail clients. */
@ApiTags('mail')
@ApiBearerAuth()
@Controller('api/v1/mail')
export class MailPreferencesController {
  constructor(private readonly preferences: MailPreferences) {}

  @Get('preferences')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'My e-mail preferences' })
  @ApiOkResponse({ type: MailPreferencesDto })
  get(@CurrentActor() actor: Actor): Promise<MailPreferencesDto> {
    return this.preferences.get(actor.userId);
  }

  @Put('preferences')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'Replace my e-mail preferences' })
  @ApiOkResponse({ type: MailPreferencesDto })
  set(@CurrentActor() actor: Actor, @Body() dto: MailPreferencesDto): Promise<MailPreferencesDto> {
    return this.preferences.set(actor.userId, dto);
  }

  /** RFC 8058: the address of `List-Unsubscribe`; mail clients POST `List-Unsubscribe=One-Click` to it, without cookies. */
  @Post('unsubscribe/:token')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'One-click unsubscribe from one optional kind of message (RFC 8058)', description: 'The token in the path is the credential; the body (`List-Unsubscribe=One-Click`) is not needed.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such unsubscribe link' })
  unsubscribe(@Param() { token }: UnsubscribeTokenParam, @Query() { kind }: UnsubscribeQuery): Promise<void> {
    return this.preferences.unsubscribe(token, kind);
  }
}
