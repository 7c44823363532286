import { AppConfig } from '@app/config';
import type { Language } from '@app/core';
import { LogKey, TILE_WIDTH, TransparencyLogService, verifierKeyText } from '@app/transparency';
import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/access.decorators';
import { languageOf, translate } from '../pages/i18n';
import { PageErrorFilter } from '../pages/page-error.filter';
import { pageHref, PageRenderer, sendHtml } from '../pages/page-renderer';
import { PublicRateLimitGuard } from '../registry/public-rate-limit.guard';

const PAGE_PATH = '/registro-trasparente';

/** "Registro trasparente": what the log proves, its latest checkpoint with cosignatures, how to check it. */
@ApiExcludeController()
@UseGuards(PublicRateLimitGuard)
@UseFilters(PageErrorFilter)
@Controller()
export class TransparencyPageController {
  constructor(
    private readonly log: TransparencyLogService,
    private readonly key: LogKey,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  @Get('registro-trasparente')
  @Public()
  async page(@Query() query: Readonly<Record<string, unknown>>, @Res() reply: FastifyReply): Promise<void> {
    const request = { language: languageOf(query.lang), path: PAGE_PATH, query: {} };
    const checkpoint = await this.log.latestCheckpoint();
    const view = {
      checkpoint:
        checkpoint === null
          ? null
          : { size: checkpoint.size, publishedAt: checkpoint.publishedAt, rootHash: checkpoint.rootHash.toString('base64'), note: checkpoint.note, cosigners: checkpoint.cosigners },
      logKey: verifierKeyText(this.key.current),
      baseUrl: this.config.publicBaseUrl,
      firstBundleWidth: checkpoint === null || checkpoint.size >= TILE_WIDTH ? null : checkpoint.size,
    };
    sendHtml(reply, this.pages.render('transparency-log', request, translate(request.language, 'transparencyPage.title'), view), { status: 200, language: request.language, caching: 'no-cache' });
  }

  @Get('transparency-log')
  @Public()
  inEnglish(@Res() reply: FastifyReply): void {
    const english: Language = 'en';
    void reply.redirect(pageHref(PAGE_PATH, {}, english), 301);
  }
}
