import { InvalidResetTokenError, PasswordResetService } from '@app/identity';
import { PasswordResetMail } from '@app/notifications';
import type { Language } from '@app/core';
import { Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
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
  ) {}

  @Get('accedi/password-dimenticata')
  @Public()
  requestForm(@PageLanguage() language: Language): PageResult {
    return this.requestPage(language, '', new FormErrors());
  }

  @Post('accedi/password-dimenticata')
  @Public()
  async requestReset(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['email', 'lang']);
    const email = (values.email ?? '').trim();
    const validated = await validateForm(PasswordResetRequestDto, { email });
    if (!validated.ok) return this.requestPage(language, email, new FormErrors().add('email', translate(language, 'reset.request.error.email')), 400);
    await this.resetMail.request(validated.value.email);
    return PageResult.view(language, { template: 'password-forgotten-sent', title: translate(language, 'reset.sent.title'), view: {} });
  }

  @Get('accedi/nuova-password')
  @Public()
  async resetForm(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const token = typeof query.token === 'string' && (await this.resets.isUsable(query.token)) ? query.token : null;
    return this.resetPage(language, token, new FormErrors(), token === null ? 410 : 200);
  }

  @Post('accedi/nuova-password')
  @Public()
  async reset(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['token', 'newPassword', 'lang']);
    const validated = await validateForm(PasswordResetDto, { token: values.token ?? '', newPassword: values.newPassword ?? '' });
    if (!validated.ok) {
      if (validated.invalid.has('token')) return this.resetPage(language, null, new FormErrors(), 410);
      return this.resetPage(language, values.token ?? null, new FormErrors().add('newPassword', translate(language, 'reset.form.error.password')), 400);
    }
    try {
      await this.resets.reset(validated.value.token, validated.value.newPassword);
    } catch (error) {
      if (error instanceof InvalidResetTokenError) return this.resetPage(language, null, new FormErrors(), 410);
      throw error;
    }
    return PageResult.afterForm('/accedi', language, { key: 'passwordReset' });
  }

  private requestPage(language: Language, email: string, errors: FormErrors, status = 200): PageResult {
    return PageResult.view(language, { template: 'password-forgotten', title: translate(language, 'reset.request.title'), status, view: { form: { email }, errors: errors.view(['email']) } });
  }

  /** The new-password form for a usable token, else the page that says the link is spent. */
  private resetPage(language: Language, token: string | null, errors: FormErrors, status = 200): PageResult {
    const title = translate(language, token === null ? 'reset.invalid.title' : 'reset.form.title');
    return PageResult.view(language, { template: 'password-reset', title, status, view: { token, errors: errors.view(RESET_FIELDS) } });
  }
}
