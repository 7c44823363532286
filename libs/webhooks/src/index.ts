export * from './webhook-dispatcher';
export * from './webhook-events';
export * from './webhook-sender';
export * from './webhook-target';
export * from './webhooks.errors';
export * from './webhooks.module';
export * from './webhooks.service';
