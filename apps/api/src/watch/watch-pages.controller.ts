import type { Actor, Language } from '@app/core';
import { DomainError } from '@app/core';
import { InvalidVatNumberError } from '@app/firms';
import { Permission } from '@app/identity';
import { InvalidWatchTokenError, WATCH_LIST_LINE_REASONS, WATCH_LIST_MAX, WatchList, WatchListImportRefusedError, WatchListTooLongError } from '@app/notifications';
import { firmPagePath, RegistryService } from '@app/registry';
import { Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, Public, RequirePermission } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { RawQuery } from '../pages/web-lists';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';
import { csvText, WATCH_CSV_MAX_BYTES, WatchSubscribeDto } from './watch.controller';
import { WatchRateLimiter } from './watch-rate-limiter';

const TOKEN = /^[0-9a-f]{64}$/;
const WATCH_LIST_PAGE = '/area/aziende-seguite';

/** A refused line's reason (in English, from the library) in the page's words. */
const lineReason = (language: Language, reason: string): string =>
  (WATCH_LIST_LINE_REASONS as readonly string[]).includes(reason) ? translate(language, `watch.list.why.${reason.replace(/ /g, '_')}`) : reason;

/**
 * Watch lists in a browser, on the same services as /api/v1/watch. The registry's firm page links to
 * "Segui questa azienda" here: the firm page is public and cached, a form needs the visitor's token.
 * The confirmation and unsubscribe links open pages that ask first (mail scanners open links; only
 * the visitor's click confirms or deletes), and the workspace keeps the signed-in user's list.
 */
@ApiExcludeController()
@Controller()
export class WatchPagesController {
  constructor(
    private readonly watches: WatchList,
    private readonly registry: RegistryService,
    private readonly limiter: WatchRateLimiter,
  ) {}

  @Get('registro/:vatNumber/segui')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  async subscribeForm(@Param('vatNumber') vatNumber: string, @PageLanguage() language: Language): Promise<PageResult> {
    const { value: firm } = await this.registry.firm(vatNumber);
    return this.sendSubscribe(language, firm, '', new FormErrors());
  }

  @Post('registro/:vatNumber/segui')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  async subscribe(@Param('vatNumber') vatNumber: string, @Req() request: FastifyRequest): Promise<PageResult> {
    // The form's token first: a forged post learns nothing, not even whether the firm exists.
    const { values, language } = await readWebForm(request, ['email', 'lang']);
    const { value: firm } = await this.registry.firm(vatNumber);
    const email = (values.email ?? '').trim();
    const validated = await validateForm(WatchSubscribeDto, { vatNumber: firm.vatNumber, email, language });
    if (!validated.ok) return this.sendSubscribe(language, firm, email, new FormErrors().add('email', translate(language, 'watch.subscribe.error.email')), 400);
    this.limiter.check(request.ip, email);
    await this.watches.subscribe(firm.vatNumber, email, language);
    const view = { firm: { legalName: firm.legalName }, sent: true, firmUrl: pageHref(firmPagePath(firm.vatNumber), {}, language) };
    return PageResult.view(language, { template: 'watch-subscribe', title: translate(language, 'watch.sent.title'), view });
  }

  @Get('segui/conferma')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  async confirmForm(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const token = typeof query.token === 'string' && TOKEN.test(query.token) ? query.token : null;
    const firm = token === null ? null : await this.watches.pendingFirm(token);
    if (token === null || firm === null) return this.sendConfirm(language, { state: 'invalid' }, 410);
    return this.sendConfirm(language, { state: 'ask', token, firm });
  }

  @Post('segui/conferma')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  async confirm(@Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['token', 'lang']);
    const token = values.token ?? '';
    if (!TOKEN.test(token)) return this.sendConfirm(language, { state: 'invalid' }, 410);
    try {
      const firm = await this.watches.confirm(token);
      return this.sendConfirm(language, { state: 'done', firm, firmUrl: pageHref(firmPagePath(firm.vatNumber), {}, language) });
    } catch (error) {
      if (error instanceof InvalidWatchTokenError) return this.sendConfirm(language, { state: 'invalid' }, 410);
      throw error;
    }
  }

  @Get('segui/disiscrizione/:token')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  async unsubscribeForm(@Param('token') token: string, @PageLanguage() language: Language): Promise<PageResult> {
    const firm = TOKEN.test(token) ? await this.watches.watchedFirm(token) : null;
    // Unknown or spent: already unsubscribed, which is what the visitor wants; say so rather than fail.
    const view = firm === null ? { done: true, firm: null, action: null } : { done: false, firm, action: `/segui/disiscrizione/${token}` };
    return PageResult.view(language, { template: 'watch-unsubscribe', title: translate(language, 'watch.unsubscribe.title'), view });
  }

  @Post('segui/disiscrizione/:token')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  async unsubscribe(@Param('token') token: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    if (TOKEN.test(token)) await this.watches.unsubscribe(token);
    return PageResult.view(language, { template: 'watch-unsubscribe', title: translate(language, 'watch.unsubscribe.title'), view: { done: true, firm: null, action: null } });
  }

  @Get('area/aziende-seguite')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async listPage(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendList(actor, language, new FormErrors(), null);
  }

  @Post('area/aziende-seguite')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async addPage(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['vatNumber', 'lang']);
    try {
      const vatNumber = await this.watches.add(actor.userId, values.vatNumber ?? '');
      return PageResult.afterForm(WATCH_LIST_PAGE, language, { key: 'watch.list.added', values: { vatNumber } });
    } catch (error) {
      if (error instanceof InvalidVatNumberError) return this.sendList(actor, language, new FormErrors().add('vatNumber', translate(language, 'watch.list.error.vat')), null, 400);
      if (error instanceof WatchListTooLongError) return this.sendList(actor, language, new FormErrors().add('vatNumber', translate(language, 'watch.list.error.tooLong', { max: String(WATCH_LIST_MAX) })), null, 422);
      throw error;
    }
  }

  @Post('area/aziende-seguite/rimuovi')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async removePage(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['vatNumber', 'lang']);
    await this.watches.remove(actor.userId, values.vatNumber ?? '');
    return PageResult.afterForm(WATCH_LIST_PAGE, language, { key: 'watch.list.removed', values: { vatNumber: values.vatNumber ?? '' } });
  }

  @Post('area/aziende-seguite/importa')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async importPage(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @PageLanguage() pageLanguage: Language): Promise<PageResult> {
    let form;
    try {
      form = await readWebForm(request, ['lang'], { maxFileBytes: WATCH_CSV_MAX_BYTES });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'file_too_large')) throw error;
      return this.sendList(actor, pageLanguage, new FormErrors().add('file', translate(pageLanguage, 'watch.list.error.tooLarge')), null, 413);
    }
    const { language } = form;
    if (form.file === null) return this.sendList(actor, language, new FormErrors().add('file', translate(language, 'watch.list.error.noFile')), null, 400);
    try {
      const saved = await this.watches.replaceFromCsv(actor.userId, csvText(form.file.bytes));
      return PageResult.afterForm(WATCH_LIST_PAGE, language, { key: 'watch.list.imported', values: { count: String(saved.length) } });
    } catch (error) {
      if (error instanceof WatchListImportRefusedError) {
        const details = error.details as { errorCount: number; errors: { line: number; value: string; reason: string }[] };
        const errors = new FormErrors().add('file', translate(language, 'watch.list.error.lines', { count: String(details.errorCount) }));
        const lines = details.errors.map((line) => ({ ...line, reason: lineReason(language, line.reason) }));
        return this.sendList(actor, language, errors, { lines, truncated: details.errorCount > details.errors.length }, 400);
      }
      if (error instanceof WatchListTooLongError) return this.sendList(actor, language, new FormErrors().add('file', translate(language, 'watch.list.error.tooLong', { max: String(WATCH_LIST_MAX) })), null, 422);
      throw error;
    }
  }

  @Get('area/aziende-seguite.csv')
  @BrowserPage()
  @RequirePermission(Permission.AccountSelf)
  async downloadPage(@CurrentActor() actor: Actor): Promise<PageResult> {
    const csv = await this.watches.csv(actor.userId);
    return PageResult.download({ bytes: Buffer.from(csv, 'utf8'), contentType: 'text/csv', fileName: 'aziende-seguite.csv' });
  }

  private sendSubscribe(language: Language, firm: { legalName: string; vatNumber: string }, email: string, errors: FormErrors, status = 200): PageResult {
    const view = {
      firm: { legalName: firm.legalName },
      sent: false,
      action: `/registro/${firm.vatNumber}/segui`,
      firmUrl: pageHref(firmPagePath(firm.vatNumber), {}, language),
      form: { email },
      errors: errors.view(['email']),
    };
    return PageResult.view(language, { template: 'watch-subscribe', title: translate(language, 'watch.subscribe.title', { name: firm.legalName }), status, view });
  }

  private sendConfirm(language: Language, view: { state: 'ask' | 'done' | 'invalid' } & Record<string, unknown>, status = 200): PageResult {
    const title = translate(language, view.state === 'invalid' ? 'watch.confirm.invalid.title' : 'watch.confirm.title');
    return PageResult.view(language, { template: 'watch-confirm', title, status, view: { ...view, ask: view.state === 'ask', done: view.state === 'done' } });
  }

  private async sendList(actor: Actor, language: Language, errors: FormErrors, report: object | null, status = 200): Promise<PageResult> {
    const vatNumbers = await this.watches.list(actor.userId);
    const view = {
      items: vatNumbers.map((vatNumber) => ({ vatNumber, url: pageHref(firmPagePath(vatNumber), {}, language) })),
      max: WATCH_LIST_MAX,
      errors: errors.view(['vatNumber', 'file']),
      report,
    };
    return PageResult.view(language, { template: 'watch-list', title: translate(language, 'watch.list.title'), status, view });
  }
}
