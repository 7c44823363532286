import { ConflictError, DomainError, NotFoundError } from '@app/core';

export class WebhookUrlError extends DomainError {
  constructor(message: string) {
    super('bad_request', 'validation_failed', message, { fields: { url: [message] } });
  }
}

export class WebhookEndpointNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook endpoint');
  }
}

export class WebhookDeliveryNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook delivery');
  }
}

export class TooManyWebhookEndpointsError extends ConflictError {
  constructor(limit: number) {
    super('too_many_webhook_endpoints', `An account holds at most ${limit} webhook endpoints: delete one first`);
  }
}
