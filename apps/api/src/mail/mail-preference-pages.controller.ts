import type { Actor, Language } from '@app/core';
import { NotFoundError } from '@app/core';
import { Permission } from '@app/identity';
import { MAIL_LANGUAGES, MailKind, MailPreferences, OPTIONAL_KINDS_BY_ROLE, UNSUBSCRIBE_PATH } from '@app/notifications';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, Public, RequirePermission } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { RawQuery } from '../pages/web-lists';
import { WebPages } from '../pages/web-pages';
import { WORKSPACE_HOME } from '../pages/workspace-navigation';
import { MailPreferencesDto } from './mail-preferences.controller';

const receiveField = (kind: MailKind) => `receive_${kind}`;

/** The e-mail preferences page, and the page of an unsubscribe link (also the RFC 8058 one-click target). */
@ApiExcludeController()
@Controller()
export class MailPreferencePagesController {
  constructor(
    private readonly preferences: MailPreferences,
    private readonly pages: WebPages,
  ) {}

  @Get('area/notifiche')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async form(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.sendForm(actor, request, reply, this.pages.languageOf(request), new FormErrors());
  }

  @Post('area/notifiche')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async save(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const offered = OPTIONAL_KINDS_BY_ROLE[actor.role];
    const { values } = await readWebForm(request, ['language', 'dailyDigest', 'lang', ...offered.map(receiveField)]);
    const language = this.pages.languageOf(request, values);
    const current = await this.preferences.get(actor.userId);
    // Kinds another role receives keep their setting: the page offers only this role's.
    const mutedElsewhere = current.mutedKinds.filter((kind) => !offered.includes(kind));
    const validated = await validateForm(MailPreferencesDto, {
      language: values.language ?? '',
      dailyDigest: values.dailyDigest === '1',
      mutedKinds: [...mutedElsewhere, ...offered.filter((kind) => values[receiveField(kind)] !== '1')],
    });
    if (!validated.ok) return this.sendForm(actor, request, reply, language, new FormErrors().add('language', translate(language, 'prefs.error')), 400);
    await this.preferences.set(actor.userId, validated.value);
    this.pages.redirect(request, reply, WORKSPACE_HOME[actor.role], language, { key: 'prefs.saved' });
  }

  @Get('posta/disiscrizione/:token')
  @Public()
  async unsubscribePage(@Param('token') token: string, @Query() query: RawQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const language = this.pages.languageOf(request);
    const kind = typeof query.tipo === 'string' ? query.tipo : '';
    const target = await this.preferences.unsubscribeTarget(token, kind);
    if (!target) throw new NotFoundError('Unsubscribe link');
    const view = { action: `${UNSUBSCRIBE_PATH}/${encodeURIComponent(token)}?tipo=${kind}`, kindLabel: translate(language, `kind.${target.kind}`), done: false };
    this.pages.send(request, reply, { template: 'unsubscribe', title: translate(language, 'unsubscribe.title'), view }, language);
  }

  /** The page's button (a mail client's one-click POST goes to /api/v1/mail/unsubscribe instead, without a form token). */
  @Post('posta/disiscrizione/:token')
  @Public()
  async unsubscribe(@Param('token') token: string, @Query() query: RawQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { values } = await readWebForm(request, ['lang']);
    const language = this.pages.languageOf(request, values);
    const kind = typeof query.tipo === 'string' ? query.tipo : '';
    await this.preferences.unsubscribe(token, kind);
    const view = { action: null, kindLabel: translate(language, `kind.${kind}`), done: true };
    this.pages.send(request, reply, { template: 'unsubscribe', title: translate(language, 'unsubscribe.title'), view }, language);
  }

  private async sendForm(actor: Actor, request: FastifyRequest, reply: FastifyReply, language: Language, errors: FormErrors, status = 200): Promise<void> {
    const current = await this.preferences.get(actor.userId);
    const view = {
      languages: MAIL_LANGUAGES.map((value) => ({ value, label: translate(language, `prefs.language.${value}`), selected: value === current.language })),
      dailyDigest: current.dailyDigest,
      kinds: OPTIONAL_KINDS_BY_ROLE[actor.role].map((kind) => ({ name: receiveField(kind), label: translate(language, `kind.${kind}`), checked: !current.mutedKinds.includes(kind) })),
      errors: errors.view(['language']),
    };
    this.pages.send(request, reply, { template: 'mail-preferences', title: translate(language, 'prefs.title'), status, view }, language);
  }
}
