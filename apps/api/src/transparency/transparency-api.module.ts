import { TransparencyModule } from '@app/transparency';
import { Module } from '@nestjs/common';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { PagesModule } from '../pages/pages.module';
import { TransparencyPageController } from './transparency-page.controller';
import { TileFastPath } from './tile-fast-path';
import { TransparencyController } from './transparency.controller';

/** The transparency log over HTTP (tiles, JSON and its public page), under the public registry's per-IP rate limit. */
@Module({
  imports: [TransparencyModule, PublicRegistryModule, PagesModule],
  controllers: [TransparencyController, TransparencyPageController],
  providers: [TileFastPath],
})
export class TransparencyApiModule {}
