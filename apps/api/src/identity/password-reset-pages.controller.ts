import { InvalidResetTokenError, PasswordResetService } from '@app/identity';
import { PasswordResetMail } from '@app/notifications';
import type { Language } from '@app/core';
import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { WebPages } from '../pages/web-pages';
import { PasswordResetDto, PasswordResetRequestDto } from './identity.dto';

type RawQuery = Readonly<Record<string, unknown>>;

const RESET_FIELDS = ['newPassword'] as const;

/**
 * "Password dimenticata?" in a browser: the same services as /api/v1/auth/password-reset. The request
 * page answers the same whether the address has an account or not; the link's page asks the new password.
 */
@ApiExcludeController()
@Controller()
export class PasswordResetPagesController {
  constructor(
    private readonly resetMail: PasswordResetMail,
    private readonly resets: PasswordResetService,
    private readonly pages: WebPages,
  ) {}

  @Get('accedi/password-dimenticata')
  @Public()
  requestForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.sendRequest(request, reply, this.pages.languageOf(request), '', new FormErrors());
  }

  @Post('accedi/password-dimenticata')
  @Public()
  async requestReset(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, ['email', 'lang']);
    const language = this.pages.languageOf(request, values);
    const email = (values.email ?? '').trim();
    const validated = await validateForm(PasswordResetRequestDto, { email });
    if (!validated.ok) return this.sendRequest(request, reply, language, email, new FormErrors().add('email', translate(language, 'reset.request.error.email')), 400);
    await this.resetMail.request(validated.value.email);
    this.pages.send(request, reply, { template: 'password-forgotten-sent', title: translate(language, 'reset.sent.title'), view: {} }, language);
  }

  @Get('accedi/nuova-password')
  @Public()
  async resetForm(@Query() query: RawQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const language = this.pages.languageOf(request);
    const token = typeof query.token === 'string' && (await this.resets.isUsable(query.token)) ? query.token : null;
    this.sendReset(request, reply, language, token, new FormErrors(), token === null ? 410 : 200);
  }

  @Post('accedi/nuova-password')
  @Public()
  async reset(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, ['token', 'newPassword', 'lang']);
    const language = this.pages.languageOf(request, values);
    const validated = await validateForm(PasswordResetDto, { token: values.token ?? '', newPassword: values.newPassword ?? '' });
    if (!validated.ok) {
      if (validated.invalid.has('token')) return this.sendReset(request, reply, language, null, new FormErrors(), 410);
      return this.sendReset(request, reply, language, values.token ?? null, new FormErrors().add('newPassword', translate(language, 'reset.form.error.password')), 400);
    }
    try {
      await this.resets.reset(validated.value.token, validated.value.newPassword);
    } catch (error) {
      if (error instanceof InvalidResetTokenError) return this.sendReset(request, reply, language, null, new FormErrors(), 410);
      throw error;
    }
    this.pages.redirect(request, reply, '/accedi', language, { key: 'passwordReset' });
  }

  private sendRequest(request: FastifyRequest, reply: FastifyReply, language: Language, email: string, errors: FormErrors, status = 200): void {
    this.pages.send(request, reply, { template: 'password-forgotten', title: translate(language, 'reset.request.title'), status, view: { form: { email }, errors: errors.view(['email']) } }, language);
  }

  /** The new-password form for a usable token, else the page that says the link is spent. */
  private sendReset(request: FastifyRequest, reply: FastifyReply, language: Language, token: string | null, errors: FormErrors, status = 200): void {
    const title = translate(language, token === null ? 'reset.invalid.title' : 'reset.form.title');
    this.pages.send(request, reply, { template: 'password-reset', title, status, view: { token, errors: errors.view(RESET_FIELDS) } }, language);
  }
}
