import type { RecordedEvent } from '@app/history';

/** What an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['firm.status_changed', 'certificate.issued', 'calling_numbers.changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const RATING_STATUS_ACTIONS: ReadonlySet<string> = new Set(['rating.issued', 'rating.suspended', 'rating.reinstated', 'rating.revoked', 'rating.expired']);
const CALLING_NUMBER_ACTIONS: ReadonlySet<string> = new Set(['calling_number.declared', 'calling_number.retired', 'calling_number.imported']);

/** The webhook event a history event causes, if any: the one place that maps domain actions to webhook events. */
export function webhookEventOf(event: Pick<RecordedEvent, 'action'>): WebhookEventType | null {
  if (RATING_STATUS_ACTIONS.has(event.action)) return 'firm.status_changed';
  if (event.action === 'rating.certificate_attached') return 'certificate.issued';
  if (CALLING_NUMBER_ACTIONS.has(event.action)) return 'calling_numbers.changed';
  return null;
}

/** The firm an event concerns, and how to find it: through its rating, its calling number, or itself. */
export function firmLookupOf(event: Pick<RecordedEvent, 'entityType' | 'entityId'>): { readonly table: 'rating' | 'calling_number' | 'firm'; readonly id: string } | null {
  switch (event.entityType) {
    case 'rating':
    case 'calling_number':
    case 'firm':
      return { table: event.entityType, id: event.entityId };
    default:
      return null;
  }
}

/** The body every delivery carries (Standard Webhooks: `type`, `timestamp`, `data`). */
export interface WebhookPayload {
  readonly type: WebhookEventType;
  readonly timestamp: string;
  readonly data: Record<string, unknown>;
}
