import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksService } from './webhooks.service';

/**
 * Signed webhooks: endpoint management, the history listener that writes deliveries in the event's
 * transaction, and the delivery job. Needs the global config, clock, database, history and job queue.
 */
@Module({
  providers: [WebhooksService, WebhookDispatcher],
  exports: [WebhooksService, WebhookDispatcher],
})
export class WebhooksModule {}
