import { Actor, PUBLIC_ACTOR } from '@app/core';
import { AuthService, PasswordResetService, Permission, ROLE_PERMISSIONS, SignedIn, UsersService } from '@app/identity';
import { PasswordResetMail } from '@app/notifications';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ClientIp, CurrentActor, CurrentSessionId, Public, RequirePermission, UserAgent } from '../http/access.decorators';
import { ChangePasswordDto, LoginDto, MeResponse, PasswordResetDto, PasswordResetRequestDto, PasswordResetRequestResponse, SessionResponse, SignUpAccountDto, TokenResponse } from './identity.dto';
import { IdParam } from '../http/id-param';

/** The one answer to a reset request, whether the address has an account or not. */
export const PASSWORD_RESET_REQUESTED = 'If an account has this address, a link to choose a new password is on its way; it works once, for one hour.';

function toTokenResponse(signedIn: SignedIn): TokenResponse {
  return { token: signedIn.token, tokenType: 'Bearer', expiresAt: signedIn.expiresAt, deviceToken: signedIn.deviceToken, user: signedIn.user };
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly resetMail: PasswordResetMail,
    private readonly resets: PasswordResetService,
  ) {}

  @Post('password-reset')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a password reset link by e-mail',
    description: 'The answer is the same whether the address has an account or not. The link works once, for one hour; at most 3 are sent per account per hour.',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestResponse })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<PasswordResetRequestResponse> {
    await this.resetMail.request(dto.email);
    return { message: PASSWORD_RESET_REQUESTED };
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Choose a new password with the token of a reset link; every session of the account is ended' })
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ description: '`invalid_reset_token`: the link was used already or expired' })
  resetPassword(@Body() dto: PasswordResetDto): Promise<void> {
    return this.resets.reset(dto.token, dto.newPassword);
  }

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in and get a bearer token',
    description:
      'Failed attempts are budgeted per account, per client and per IP (README "Sign-in policy"); past a budget the answer is 429 with Retry-After and the password is not checked. Send the `deviceToken` of your last sign-in: it keeps you signing in while others have spent the account\'s budget.',
  })
  @ApiOkResponse({ type: TokenResponse })
  async login(@Body() dto: LoginDto, @ClientIp() ip: string, @UserAgent() userAgent: string | null): Promise<TokenResponse> {
    const deviceTokens = dto.deviceToken === undefined ? [] : [dto.deviceToken];
    return toTokenResponse(await this.auth.login(dto.email, dto.password, { ip, userAgent, deviceTokens }, 'bearer'));
  }

  @Post('signup')
  @Public()
  @ApiOperation({ summary: 'Create a firm account (firm users sign up themselves), or an integrator account (`accountType: integrator`)' })
  @ApiCreatedResponse({ type: TokenResponse })
  async signUp(@Body() dto: SignUpAccountDto, @ClientIp() ip: string, @UserAgent() userAgent: string | null): Promise<TokenResponse> {
    const { accountType = 'firm', ...account } = dto;
    const user = await this.users.create(PUBLIC_ACTOR, { ...account, role: accountType });
    return toTokenResponse(await this.auth.signInNewAccount(user, { ip, userAgent }, 'bearer'));
  }

  @Post('logout')
  @RequirePermission(Permission.AccountSelf)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session is revoked' })
  logout(@CurrentActor() actor: Actor, @CurrentSessionId() sessionId: string): Promise<void> {
    return this.auth.logout(actor, sessionId);
  }

  @Get('me')
  @RequirePermission(Permission.AccountSelf)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    const user = await this.users.get(actor.userId);
    return { ...user, firmId: actor.firmId, permissions: [...ROLE_PERMISSIONS[actor.role]] };
  }

  @Post('password')
  @RequirePermission(Permission.AccountSelf)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change own password; every other session is signed out' })
  changePassword(@CurrentActor() actor: Actor, @CurrentSessionId() sessionId: string, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.users.changePassword(actor, sessionId, dto.currentPassword, dto.newPassword);
  }

  @Get('sessions')
  @RequirePermission(Permission.AccountSelf)
  @ApiBearerAuth()
  @ApiOkResponse({ type: [SessionResponse] })
  sessions(@CurrentActor() actor: Actor, @CurrentSessionId() sessionId: string): Promise<SessionResponse[]> {
    return this.auth.listSessions(actor, sessionId);
  }

  @Delete('sessions/:id')
  @RequirePermission(Permission.AccountSelf)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out one of your own sessions' })
  revokeSession(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    return this.auth.revokeOwnSession(actor, id);
  }
}
