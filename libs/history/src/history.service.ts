import { actorLabel, AnyActor } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { HistoryEvent } from './history-event.entity';

export interface HistoryEntry {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** An event as its listeners see it: what was recorded, and by whom. */
export interface RecordedEvent extends HistoryEntry {
  readonly actor: AnyActor;
}

/**
 * Runs inside the event's own transaction, after the event is written: what an event causes
 * (messages, transparency-log leaves, webhook deliveries) commits or rolls back with it (outbox).
 * A listener that throws fails the whole change.
 */
export type HistoryListener = (event: RecordedEvent) => Promise<void>;

export interface ChainVerification {
  readonly valid: boolean;
  readonly checkedEvents: number;
  /** The first event whose link does not hold, when the chain is broken. */
  readonly firstBrokenSeq: number | null;
  readonly problem: string | null;
}

export class HistoryOutsideTransactionError extends Error {
  constructor() {
    super('History must be written in the same transaction as the change it records');
  }
}

@Injectable()
export class HistoryService {
  private readonly listeners: HistoryListener[] = [];

  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly cls: ClsService,
  ) {}

  /** Records a state change. Refuses to run outside a transaction, so a change and its history commit together. */
  async record(actor: AnyActor, entry: HistoryEntry): Promise<void> {
    if (!this.txHost.isTransactionActive()) throw new HistoryOutsideTransactionError();
    await this.txHost.tx.query(
      `INSERT INTO history (actor_id, actor_label, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
      [
        actor.userId,
        actorLabel(actor),
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        this.cls.isActive() ? (this.cls.getId() ?? null) : null,
      ],
    );
    for (const listener of this.listeners) await listener({ ...entry, actor });
  }

  /**
   * Libraries above history (notifications, transparency, webhooks) register here at module init,
   * so the services that change state need not know who reacts to their events.
   */
  addListener(listener: HistoryListener): void {
    this.listeners.push(listener);
  }

  /** The events of one entity, oldest first. */
  forEntity(entityType: string, entityId: string): Promise<HistoryEvent[]> {
    return this.txHost.tx.getRepository(HistoryEvent).find({
      where: { entityType, entityId },
      order: { seq: 'ASC' },
    });
  }

  /** One page of the latest events of every entity, newest first; `hasMore` without counting the whole table. */
  async latest(page: number, pageSize: number): Promise<{ events: HistoryEvent[]; hasMore: boolean }> {
    const events = await this.txHost.tx.getRepository(HistoryEvent).find({ order: { seq: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize + 1 });
    return { events: events.slice(0, pageSize), hasMore: events.length > pageSize };
  }

  /** Recomputes every link of the chain in the database and names the first one that does not hold. */
  async verifyChain(): Promise<ChainVerification> {
    const [row] = await this.txHost.tx.query<
      { checked_events: string; first_broken_seq: string | null; problem: string | null }[]
    >('SELECT checked_events, first_broken_seq, problem FROM history_verify_chain()');
    return {
      valid: row.first_broken_seq === null,
      checkedEvents: Number(row.checked_events),
      firstBrokenSeq: row.first_broken_seq === null ? null : Number(row.first_broken_seq),
      problem: row.problem,
    };
  }
}
