import type { TransactionAdapter } from '@app/database';
import type { RecordedEvent } from '@app/history';
import type { TransactionHost } from '@nestjs-cls/transactional';

/** The event just written in this transaction, by its sequence number: unique for ever (`history:<seq>`). */
export async function historyEventKey(txHost: TransactionHost<TransactionAdapter>, event: RecordedEvent): Promise<string> {
  const [row] = await txHost.tx.query<{ seq: string }[]>(
    `SELECT seq FROM history WHERE entity_type = $1 AND entity_id = $2 AND action = $3 ORDER BY seq DESC LIMIT 1`,
    [event.entityType, event.entityId, event.action],
  );
  return `history:${row.seq}`;
}
