import { NotificationsModule } from '@app/notifications';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { WatchPagesController } from './watch-pages.controller';
import { WatchRateLimiter } from './watch-rate-limiter';
import { WatchController } from './watch.controller';

/** Watch lists over HTTP: the JSON API and the pages, sharing one rate limiter per process; public routes also count in the public per-IP budget. */
@Module({
  imports: [NotificationsModule, RegistryModule, PagesModule, PublicRegistryModule],
  controllers: [WatchController, WatchPagesController],
  providers: [WatchRateLimiter],
})
export class WatchHttpModule {}
