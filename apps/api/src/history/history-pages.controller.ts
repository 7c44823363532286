import { type ChainVerification, HistoryService } from '@app/history';
import { Permission } from '@app/identity';
import type { Language } from '@app/core';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BrowserPage, RequirePermission } from '../http/access.decorators';
import { ADMIN_AREA } from '../identity/admin-home-pages.controller';
import { pageNumber, pagination, RawQuery } from '../pages/web-lists';
import { translate, translateCount } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { historyActionLabel, historyActorLabel, historyEntityLabel } from './history-labels';

const HISTORY = `${ADMIN_AREA}/storico`;
const PAGE_SIZE = 25;

/**
 * The history for the admin: the latest recorded changes and the check of the hash chain (the same
 * verification as GET /api/v1/history/verify). Checking recomputes the whole chain, so it runs only
 * when asked for, on its own address.
 */
@ApiExcludeController()
@Controller()
export class HistoryPagesController {
  constructor(private readonly history: HistoryService) {}

  @Get('area/amministrazione/storico')
  @BrowserPage()
  @RequirePermission(Permission.HistoryRead)
  async latest(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    return this.send(language, pageNumber(query.pagina), null);
  }

  @Get('area/amministrazione/storico/verifica')
  @BrowserPage()
  @RequirePermission(Permission.HistoryRead)
  async verify(@PageLanguage() language: Language): Promise<PageResult> {
    return this.send(language, 1, await this.history.verifyChain());
  }

  private async send(language: Language, page: number, verification: ChainVerification | null): Promise<PageResult> {
    const { events, hasMore } = await this.history.latest(page, PAGE_SIZE);
    const view = {
      verification: verification && {
        valid: verification.valid,
        text: verification.valid
          ? translateCount(language, 'admin.ws.history.valid', verification.checkedEvents)
          : translate(language, 'admin.ws.history.broken', { seq: verification.firstBrokenSeq, problem: verification.problem ?? '', count: verification.checkedEvents }),
      },
      verifyUrl: pageHref(`${HISTORY}/verifica`, {}, language),
      events:
        events.length > 0
          ? events.map(({ seq, occurredAt, actorLabel, action, entityType, entityId }) => ({
              seq,
              occurredAt,
              actorLabel: historyActorLabel(language, actorLabel),
              action: historyActionLabel(language, action),
              entityType: historyEntityLabel(language, entityType),
              entityId,
            }))
          : null,
      pagination: pagination(HISTORY, {}, page, hasMore, language),
    };
    return PageResult.view(language, { template: 'admin-history', title: translate(language, 'admin.ws.history.title'), view });
  }
}
