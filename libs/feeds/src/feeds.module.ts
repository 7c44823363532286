import { Module } from '@nestjs/common';
import { CallingNumberFeed } from './calling-number-feed';
import { FeedSigningKey } from './feed-signing-key';

/** The bulk feeds for integrators (the caller-ID feed), signed with the feed key. Needs the global config, clock and database. */
@Module({
  providers: [FeedSigningKey, CallingNumberFeed],
  exports: [FeedSigningKey, CallingNumberFeed],
})
export class FeedsModule {}
