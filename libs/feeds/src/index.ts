export { CallingNumberFeed, type FeedDocument } from './calling-number-feed';
export { FEED_KEY_PATH, NumberDirectory, openLocalDirectory, syncNumbers } from './feed-client';
export { FeedSignatureError, publicKeyFromPem, verifiedBody } from './feed-signature';
export { FeedSigningKey } from './feed-signing-key';
export { FeedsModule } from './feeds.module';
