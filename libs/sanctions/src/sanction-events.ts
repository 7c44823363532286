import type { Actor, IsoDate } from '@app/core';
import { Injectable } from '@nestjs/common';
import type { SanctionAuthority, SanctionConduct } from './sanction.vocabulary';

/**
 * A sanction has just come to count against the seal: it is definitive, not annulled, and its
 * conduct counts (recorded so, or changed so by an update). Whether it opens a revocation review
 * depends on the firm's rating, which the listener knows and this library does not; `definitiveOn`
 * lets the listener judge when it became definitive.
 */
export interface SanctionBecameDefinitive {
  readonly sanctionId: string;
  readonly firmId: string;
  readonly authority: SanctionAuthority;
  readonly conductCategory: SanctionConduct;
  readonly reference: string;
  readonly definitiveOn: IsoDate;
}

export interface SanctionEventListener {
  /** Runs inside the transaction that records the change: throwing refuses the change. */
  sanctionBecameDefinitive(actor: Actor, event: SanctionBecameDefinitive): Promise<void>;
}

/**
 * Where the sanctions register tells other domains about sanctions that count. Without listeners it
 * does nothing; a later domain (ratings) subscribes at start-up, e.g. in `onModuleInit`. Listeners
 * run in order, awaited, in the same transaction as the sanction change, so a revocation review and
 * the sanction that caused it commit or roll back together.
 */
@Injectable()
export class SanctionEvents {
  private readonly listeners: SanctionEventListener[] = [];

  /** Returns the function that unsubscribes the listener. */
  subscribe(listener: SanctionEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  async sanctionBecameDefinitive(actor: Actor, event: SanctionBecameDefinitive): Promise<void> {
    for (const listener of [...this.listeners]) await listener.sanctionBecameDefinitive(actor, event);
  }
}
