import { FeedsModule } from '@app/feeds';
import { WebhooksModule } from '@app/webhooks';
import { Module } from '@nestjs/common';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { FeedsController } from './feeds.controller';
import { WebhooksController } from './webhooks.controller';

/** What integrators call with an API key: the bulk feeds (and the webhooks' management). */
@Module({
  imports: [FeedsModule, WebhooksModule, PublicRegistryModule],
  controllers: [FeedsController, WebhooksController],
  exports: [WebhooksModule],
})
export class IntegrationsHttpModule {}
