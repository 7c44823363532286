import type { Actor, Language } from '@app/core';
import { NotFoundError } from '@app/core';
import { Permission } from '@app/identity';
import { MAIL_LANGUAGES, MailKind, MailPreferences, OPTIONAL_KINDS_BY_ROLE, UNSUBSCRIBE_PATH } from '@app/notifications';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, Public, RequirePermission } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { RawQuery } from '../pages/web-lists';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { WORKSPACE_HOME } from '../pages/workspace-navigation';
import { MailPreferencesDto } from './mail-preferences.controller';

const receiveField = (kind: MailKind) => `receive_${kind}`;

/** The e-mail preferences page, and the page of an unsubscribe link (also the RFC 8058 one-click target). */
@ApiExcludeController()
@Controller()
export class MailPreferencePagesController {
  constructor(private readonly preferences: MailPreferences) {}

  @Get('area/notifiche')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async form(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendForm(actor, language, new FormErrors());
  }

  @Post('area/notifiche')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async save(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const offered = OPTIONAL_KINDS_BY_ROLE[actor.role];
    const { values, language } = await readWebForm(request, ['language', 'dailyDigest', 'lang', ...offered.map(receiveField)]);
    const current = await this.preferences.get(actor.userId);
    // Kinds another role receives keep their setting: the page offers only this role's.
    const mutedElsewhere = current.mutedKinds.filter((kind) => !offered.includes(kind));
    const validated = await validateForm(MailPreferencesDto, {
      language: values.language ?? '',
      dailyDigest: values.dailyDigest === '1',
      mutedKinds: [...mutedElsewhere, ...offered.filter((kind) => values[receiveField(kind)] !== '1')],
    });
    if (!validated.ok) return this.sendForm(actor, language, new FormErrors().add('language', translate(language, 'prefs.error')), 400);
    await this.preferences.set(actor.userId, validated.value);
    return PageResult.afterForm(WORKSPACE_HOME[actor.role], language, { key: 'prefs.saved' });
  }

  @Get('posta/disiscrizione/:token')
  @Public()
  async unsubscribePage(@Param('token') token: string, @Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const kind = typeof query.tipo === 'string' ? query.tipo : '';
    const target = await this.preferences.unsubscribeTarget(token, kind);
    if (!target) throw new NotFoundError('Unsubscribe link');
    const view = { action: `${UNSUBSCRIBE_PATH}/${encodeURIComponent(token)}?tipo=${kind}`, kindLabel: translate(language, `kind.${target.kind}`), done: false };
    return PageResult.view(language, { template: 'unsubscribe', title: translate(language, 'unsubscribe.title'), view });
  }

  /** The page's button (a mail client's one-click POST goes to /api/v1/mail/unsubscribe instead, without a form token). */
  @Post('posta/disiscrizione/:token')
  @Public()
  async unsubscribe(@Param('token') token: string, @Query() query: RawQuery, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    const kind = typeof query.tipo === 'string' ? query.tipo : '';
    await this.preferences.unsubscribe(token, kind);
    const view = { action: null, kindLabel: translate(language, `kind.${kind}`), done: true };
    return PageResult.view(language, { template: 'unsubscribe', title: translate(language, 'unsubscribe.title'), view });
  }

  private async sendForm(actor: Actor, language: Language, errors: FormErrors, status = 200): Promise<PageResult> {
    const current = await this.preferences.get(actor.userId);
    const view = {
      languages: MAIL_LANGUAGES.map((value) => ({ value, label: translate(language, `prefs.language.${value}`), selected: value === current.language })),
      dailyDigest: current.dailyDigest,
      kinds: OPTIONAL_KINDS_BY_ROLE[actor.role].map((kind) => ({ name: receiveField(kind), label: translate(language, `kind.${kind}`), checked: !current.mutedKinds.includes(kind) })),
      errors: errors.view(['language']),
    };
    return PageResult.view(language, { template: 'mail-preferences', title: translate(language, 'prefs.title'), status, view });
  }
}
