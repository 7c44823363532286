import { Actor, AnyActor, Clock } from '@app/core';
import { SanctionAuthority, SanctionConduct, SanctionsService } from '@app/sanctions';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { effectiveRatingStatusSql } from './rating-lifecycle';
import { ReviewOutcome, ReviewTask, ReviewTaskKind } from './review-task.entity';
import { ReviewTaskNotFoundError } from './ratings.errors';

export interface ReviewTaskView {
  readonly id: string;
  readonly ratingId: string;
  readonly firmId: string;
  readonly kind: ReviewTaskKind;
  readonly sourceRef: string;
  readonly summary: string;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly outcome: ReviewOutcome | null;
  readonly note: string | null;
}

/** What a sanction review is about, for pages to name in the reader's language. */
export interface ReviewedSanction {
  readonly authority: SanctionAuthority;
  readonly reference: string;
  readonly conductCategory: SanctionConduct;
  readonly definitiveOn: string | null;
}

const toView = (task: ReviewTask): ReviewTaskView => ({
  id: task.id,
  ratingId: task.ratingId,
  firmId: task.firmId,
  kind: task.kind,
  sourceRef: task.sourceRef,
  summary: task.summary,
  openedAt: task.openedAt,
  closedAt: task.closedAt,
  outcome: task.outcome,
  note: task.note,
});

@Injectable()
export class ReviewTasksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
    private readonly sanctions: SanctionsService,
  ) {}

  /**
   * Opens a revocation review for the firm's current rating, if it has one. Idempotent per source:
   * a second call while the task is open (even concurrently) opens nothing (unique partial index).
   */
  @Transactional()
  async openForFirm(actor: AnyActor, firmId: string, kind: ReviewTaskKind, sourceRef: string, summary: string): Promise<ReviewTaskView | null> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string }[]>(
      `INSERT INTO review_task (rating_id, firm_id, kind, source_ref, summary, opened_at)
       SELECT r.id, r.firm_id, $2, $3, $4, $5 FROM rating r
       WHERE r.firm_id = $1 AND r.status IN ('active', 'suspended') AND r.valid_until > $5
       ON CONFLICT (rating_id, kind, source_ref) WHERE closed_at IS NULL DO NOTHING
       RETURNING id`,
      [firmId, kind, sourceRef, summary, now],
    );
    if (rows.length === 0) return null;
    const task = await this.txHost.tx.getRepository(ReviewTask).findOneByOrFail({ id: rows[0].id });
    await this.history.record(actor, { action: 'review_task.opened', entityType: 'review_task', entityId: task.id, after: toView(task) });
    return toView(task);
  }

  /**
   * Opens a review for a finding whose corrective action is overdue, if the firm holds an active
   * rating; once for ever per finding (unique index), so sweeps that run late, twice or at once
   * open nothing more.
   */
  @Transactional()
  async openForOverdueFinding(actor: AnyActor, firmId: string, findingId: string, summary: string): Promise<ReviewTaskView | null> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string }[]>(
      `INSERT INTO review_task (rating_id, firm_id, kind, source_ref, summary, opened_at)
       SELECT r.id, r.firm_id, 'corrective_action', $2, $3, $4 FROM rating r
       WHERE r.firm_id = $1 AND ${effectiveRatingStatusSql('r', '$4')} = 'active'
       ORDER BY r.issued_at DESC LIMIT 1
       ON CONFLICT (source_ref) WHERE kind = 'corrective_action' DO NOTHING
       RETURNING id`,
      [firmId, findingId, summary, now],
    );
    if (rows.length === 0) return null;
    const task = await this.txHost.tx.getRepository(ReviewTask).findOneByOrFail({ id: rows[0].id });
    await this.history.record(actor, { action: 'review_task.opened', entityType: 'review_task', entityId: task.id, after: toView(task) });
    return toView(task);
  }

  async listOpen(): Promise<ReviewTaskView[]> {
    const tasks = await this.txHost.tx.getRepository(ReviewTask).find({ where: { closedAt: IsNull() }, order: { openedAt: 'ASC' } });
    return tasks.map(toView);
  }

  /** The sanctions that opened these tasks, by task id (tasks of other kinds are left out). */
  async reviewedSanctions(tasks: readonly ReviewTaskView[]): Promise<Map<string, ReviewedSanction>> {
    const reviewed = new Map<string, ReviewedSanction>();
    for (const task of tasks.filter((each) => each.kind === 'sanction')) {
      const { authority, reference, conductCategory, definitiveOn } = await this.sanctions.get(task.sourceRef);
      reviewed.set(task.id, { authority, reference, conductCategory, definitiveOn });
    }
    return reviewed;
  }

  @Transactional()
  async close(actor: Actor, id: string, outcome: ReviewOutcome, note: string): Promise<ReviewTaskView> {
    const repository = this.txHost.tx.getRepository(ReviewTask);
    const task = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task || task.closedAt !== null) throw new ReviewTaskNotFoundError();
    const before = toView(task);
    Object.assign(task, { closedAt: this.clock.now(), closedById: actor.userId, outcome, note });
    await repository.save(task);
    const after = toView(task);
    await this.history.record(actor, { action: 'review_task.closed', entityType: 'review_task', entityId: id, before, after });
    return after;
  }
}
