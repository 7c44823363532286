import type { Language } from '@app/core';
import { Permission } from '@app/identity';
import { MAIL_STATUSES, type MailStatus, SentMail } from '@app/notifications';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BrowserPage, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { translate } from '../pages/i18n';
import { pageNumber, pagination, pathId, RawQuery, selectOptions } from '../pages/web-lists';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';

const MAIL = `${ADMIN_AREA}/posta`;
const PAGE_SIZE = 25;

const isMailStatus = (value: unknown): value is MailStatus => typeof value === 'string' && (MAIL_STATUSES as readonly string[]).includes(value);

/** "Posta inviata": what the platform sent, or would send without an SMTP server, with the delivery state. */
@ApiExcludeController()
@Controller()
export class MailPagesController {
  constructor(private readonly sent: SentMail) {}

  @Get('area/amministrazione/posta')
  @BrowserPage()
  @RequirePermission(Permission.JobManage)
  async list(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const page = pageNumber(query.pagina);
    const status = isMailStatus(query.stato) ? query.stato : undefined;
    const { items, hasMore } = await this.sent.list(page, PAGE_SIZE, status);
    const view = {
      action: MAIL,
      statuses: selectOptions(language, MAIL_STATUSES, 'mail.ws.status.', status ?? null),
      messages: items.length > 0 ? items.map((item) => ({ ...item, link: `${MAIL}/${item.id}`, statusLabel: translate(language, `mail.ws.status.${item.status}`) })) : null,
      pagination: pagination(MAIL, { stato: status ?? '' }, page, hasMore, language),
    };
    return PageResult.view(language, { template: 'admin-mail', title: translate(language, 'mail.ws.title'), view });
  }

  @Get('area/amministrazione/posta/:id')
  @BrowserPage()
  @RequirePermission(Permission.JobManage)
  async show(@Param('id') id: string, @PageLanguage() language: Language): Promise<PageResult> {
    const message = await this.sent.get(pathId(id));
    const headers = Object.entries(message.headers).map(([name, value]) => ({ name, value }));
    const view = {
      headers: headers.length > 0 ? headers : null,
      message: { ...message, statusLabel: translate(language, `mail.ws.status.${message.status}`) },
      back: MAIL,
    };
    return PageResult.view(language, { template: 'admin-mail-message', title: message.subject, view });
  }
}
