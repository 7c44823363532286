import { CorrectiveActionsService, opensReviewTask } from '@app/audits';
import { Clock, romeCalendarDate, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { effectiveRatingStatusSql } from './rating-lifecycle';
import { ReviewTasksService } from './review-tasks.service';

/** A Rome day as Italians write it, in the task's summary (summaries are stored in Italian, as the sanction reviews' are). */
const italianDay = (day: string): string => day.split('-').reverse().join('/');

/**
 * Puts every major finding whose corrective action was not accepted by its due date before a
 * reviewer, while the firm holds an active rating. Safe to run at any time, late or twice: each
 * finding opens one review task ever (unique in the database), and a run on a later day catches up.
 */
@Injectable()
export class CorrectiveActionReviews {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly correctiveActions: CorrectiveActionsService,
    private readonly reviewTasks: ReviewTasksService,
    private readonly clock: Clock,
  ) {}

  /** The number of review tasks opened by this run. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const today = romeCalendarDate(now);
    const candidates = await this.correctiveActions.overdueMajorFindings(today);
    if (candidates.length === 0) return 0;
    const rated = await this.txHost.tx.query<{ firm_id: string }[]>(
      `SELECT DISTINCT r.firm_id FROM rating r WHERE r.firm_id = ANY($1::uuid[]) AND ${effectiveRatingStatusSql('r', '$2')} = 'active'`,
      [[...new Set(candidates.map((candidate) => candidate.firmId))], now],
    );
    const active = new Set(rated.map((row) => row.firm_id));
    let opened = 0;
    for (const candidate of candidates) {
      if (!opensReviewTask(candidate, today, active.has(candidate.firmId))) continue;
      const summary = `Rilievo maggiore con azione correttiva non accettata entro il ${italianDay(candidate.dueOn)}: ${candidate.description}`;
      if (await this.reviewTasks.openForOverdueFinding(SYSTEM_ACTOR, candidate.firmId, candidate.findingId, summary)) opened += 1;
    }
    return opened;
  }
}
