export { WebhookDispatcher } from './webhook-dispatcher';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events';
export { sendWebhook } from './webhook-sender';
export { WebhooksModule } from './webhooks.module';
export { FAILING_ENDPOINT_LIMIT_MS, newWebhookSecret, type WebhookEndpointView, WebhooksService } from './webhooks.service';
