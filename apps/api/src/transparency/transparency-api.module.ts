import { TransparencyModule } from '@app/transparency';
import { Module } from '@nestjs/common';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { TransparencyController } from './transparency.controller';

/** The transparency log over HTTP, under the public registry's per-IP rate limit. */
@Module({
  imports: [TransparencyModule, PublicRegistryModule],
  controllers: [TransparencyController],
})
export class TransparencyApiModule {}
