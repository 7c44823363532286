export * from './calling-number-feed';
export * from './feed-client';
export * from './feed-lines';
export * from './feed-signature';
export * from './feed-signing-key';
export * from './feeds.module';
