import { Actor, type Language, PUBLIC_ACTOR } from '@app/core';
import {
  AccountDisabledError,
  AuthService,
  EmailTakenError,
  InvalidCredentialsError,
  LoginThrottledError,
  Permission,
  UsersService,
  UserView,
  WrongCurrentPasswordError,
} from '@app/identity';
import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, CurrentSessionId, Public, RequirePermission } from '../http/access.decorators';
import { translate, translateCount } from '../pages/i18n';
import { localPath } from '../pages/page-error.filter';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { endBrowserSession, startBrowserSession } from '../pages/web-session';
import { WORKSPACE_HOME } from '../pages/workspace-navigation';
import { deviceTokensOf, rememberDevice } from './device-cookie';
import { ChangePasswordDto, SignUpDto } from './identity.dto';

type RawQuery = Readonly<Record<string, unknown>>;

const SIGN_IN_FIELDS = ['email', 'password'] as const;
const SIGN_UP_FIELDS = ['displayName', 'email', 'password'] as const;
const PASSWORD_FIELDS = ['currentPassword', 'newPassword'] as const;

/** How long a throttled visitor waits, as people say it: the policy's delays are seconds, its budgets an hour. */
function waitText(language: Language, seconds: number): string {
  if (seconds < 60) return translateCount(language, 'signIn.wait.seconds', Math.max(1, seconds));
  return translateCount(language, 'signIn.wait.minutes', Math.ceil(seconds / 60));
}

/**
 * Signing in and out in a browser, a firm's sign-up, and the password change: the same services as
 * /api/v1/auth, with a session kept in an HttpOnly cookie instead of a bearer token.
 */
@ApiExcludeController()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Get('accedi')
  @Public()
  signInForm(@Query() query: RawQuery, @PageLanguage() language: Language): PageResult {
    return this.sendSignIn(language, { email: '', next: localPath(query.next) ?? '' }, new FormErrors());
  }

  @Post('accedi')
  @Public()
  async signIn(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...SIGN_IN_FIELDS, 'next', 'lang']);
    const form = { email: (values.email ?? '').trim(), next: localPath(values.next) ?? '' };
    const errors = new FormErrors();
    if (form.email === '') errors.add('email', translate(language, 'signIn.error.email'));
    if ((values.password ?? '') === '') errors.add('password', translate(language, 'signIn.error.password'));
    if (errors.has()) return this.sendSignIn(language, form, errors, 400);
    try {
      const client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, deviceTokens: deviceTokensOf(request) };
      const signedIn = await this.auth.login(form.email, values.password, client, 'cookie');
      startBrowserSession(request, reply, signedIn.token, signedIn.expiresAt);
      rememberDevice(request, reply, signedIn.deviceToken);
      return PageResult.afterForm(form.next || '/area', language, { key: 'signedIn' });
    } catch (error) {
      if (error instanceof InvalidCredentialsError) errors.add('password', translate(language, 'signIn.error.credentials'));
      else if (error instanceof AccountDisabledError) errors.add('email', translate(language, 'signIn.error.disabled'));
      else if (error instanceof LoginThrottledError) {
        void reply.header('retry-after', String(error.retryAfterSeconds));
        errors.add('email', translate(language, 'signIn.error.throttled', { wait: waitText(language, error.retryAfterSeconds) }));
        return this.sendSignIn(language, form, errors, 429);
      } else throw error;
      return this.sendSignIn(language, form, errors, 400);
    }
  }

  @Post('esci')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async signOut(@CurrentActor() actor: Actor, @CurrentSessionId() sessionId: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    await this.auth.logout(actor, sessionId);
    endBrowserSession(request, reply);
    return PageResult.afterForm('/accedi', language, { key: 'signedOut' });
  }

  @Get('registrati')
  @Public()
  signUpForm(@PageLanguage() language: Language): PageResult {
    return this.sendSignUp(language, { displayName: '', email: '', integrator: false }, new FormErrors());
  }

  @Post('registrati')
  @Public()
  async signUp(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...SIGN_UP_FIELDS, 'accountType', 'lang']);
    const body = { displayName: (values.displayName ?? '').trim(), email: (values.email ?? '').trim(), password: values.password ?? '' };
    // Firms by default; an integrator (caller-ID apps, client companies) only uses keys, feeds and webhooks.
    const role = values.accountType === 'integrator' ? 'integrator' : 'firm';
    const form = { displayName: body.displayName, email: body.email, integrator: role === 'integrator' };
    const errors = new FormErrors();
    const validated = await validateForm(SignUpDto, body);
    if (!validated.ok) {
      for (const field of SIGN_UP_FIELDS) if (validated.invalid.has(field)) errors.add(field, translate(language, `signUp.error.${field}`));
      return this.sendSignUp(language, form, errors, 400);
    }
    let user: UserView;
    try {
      user = await this.users.create(PUBLIC_ACTOR, { ...validated.value, role });
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      errors.add('email', translate(language, 'signUp.error.emailTaken'));
      return this.sendSignUp(language, form, errors, 409);
    }
    const signedIn = await this.auth.signInNewAccount(user, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, 'cookie');
    startBrowserSession(request, reply, signedIn.token, signedIn.expiresAt);
    rememberDevice(request, reply, signedIn.deviceToken);
    return PageResult.afterForm(WORKSPACE_HOME[role], language, { key: 'signedUp' });
  }

  /** The workspace's front door: each role's own home. */
  @Get('area')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  home(@CurrentActor() actor: Actor, @PageLanguage() language: Language): PageResult {
    return PageResult.afterForm(WORKSPACE_HOME[actor.role], language);
  }

  @Get('area/password')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  passwordForm(@PageLanguage() language: Language): PageResult {
    return this.sendPassword(language, new FormErrors());
  }

  @Post('area/password')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async changePassword(@CurrentActor() actor: Actor, @CurrentSessionId() sessionId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...PASSWORD_FIELDS, 'lang']);
    const errors = new FormErrors();
    const validated = await validateForm(ChangePasswordDto, { currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' });
    if (!validated.ok) {
      if (validated.invalid.has('currentPassword')) errors.add('currentPassword', translate(language, 'password.error.current'));
      if (validated.invalid.has('newPassword')) errors.add('newPassword', translate(language, 'password.error.new'));
      return this.sendPassword(language, errors, 400);
    }
    try {
      await this.users.changePassword(actor, sessionId, validated.value.currentPassword, validated.value.newPassword);
    } catch (error) {
      if (!(error instanceof WrongCurrentPasswordError)) throw error;
      errors.add('currentPassword', translate(language, 'password.error.current'));
      return this.sendPassword(language, errors, 422);
    }
    return PageResult.afterForm(WORKSPACE_HOME[actor.role], language, { key: 'passwordChanged' });
  }

  private sendSignIn(language: Language, form: { email: string; next: string }, errors: FormErrors, status = 200): PageResult {
    const signUp = language === 'en' ? '/registrati?lang=en' : '/registrati';
    return PageResult.view(language, { template: 'sign-in', title: translate(language, 'signIn.title'), status, view: { form, errors: errors.view(SIGN_IN_FIELDS), signUp } });
  }

  private sendSignUp(language: Language, form: { displayName: string; email: string; integrator: boolean }, errors: FormErrors, status = 200): PageResult {
    return PageResult.view(language, { template: 'sign-up', title: translate(language, 'signUp.title'), status, view: { form, errors: errors.view(SIGN_UP_FIELDS) } });
  }

  private sendPassword(language: Language, errors: FormErrors, status = 200): PageResult {
    return PageResult.view(language, { template: 'password', title: translate(language, 'password.title'), status, view: { errors: errors.view(PASSWORD_FIELDS) } });
  }
}
