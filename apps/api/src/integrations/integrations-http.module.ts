import { FeedsModule } from '@app/feeds';
import { Module } from '@nestjs/common';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { FeedsController } from './feeds.controller';

/** What integrators call with an API key: the bulk feeds (and the webhooks' management). */
@Module({
  imports: [FeedsModule, PublicRegistryModule],
  controllers: [FeedsController],
})
export class IntegrationsHttpModule {}
