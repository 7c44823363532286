import { AppConfig } from '@app/config';
import type { Language } from '@app/core';
import { LogKey, TILE_WIDTH, TransparencyLogService, verifierKeyText } from '@app/transparency';
import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { PageErrorFilter } from '../pages/page-error.filter';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
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
    private readonly config: AppConfig,
  ) {}

  @Get('registro-trasparente')
  @Public()
  async page(@PageLanguage() language: Language): Promise<PageResult> {
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
    return PageResult.publicView({ page: { language, path: PAGE_PATH, query: {} }, template: 'transparency-log', title: translate(language, 'transparencyPage.title'), view });
  }

  @Get('transparency-log')
  @Public()
  inEnglish(): PageResult {
    return PageResult.toEnglish(PAGE_PATH);
  }
}
