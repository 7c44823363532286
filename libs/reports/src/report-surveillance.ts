import { AppConfig } from '@app/config';
import { Actor, Clock, DAY_MS } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { effectiveRatingStatusSql, ReviewTasksService } from '@app/ratings';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';


/**
 * Substantiated reports against a firm with an active rating, past SURVEILLANCE_REPORT_THRESHOLD
 * calls within SURVEILLANCE_WINDOW_DAYS, open a revocation review, inside the transaction of the
 * report change that crossed it.
 */
@Injectable()
export class ReportSurveillance {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly reviewTasks: ReviewTasksService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Call inside the transaction that just made a report of this firm substantiated. */
  async reportSubstantiated(actor: Actor, firmId: string): Promise<void> {
    // Serialises the counting for one firm: two reports closed at once would each miss the other's
    // uncommitted change and neither would see the threshold. NO KEY UPDATE lets new reports (their
    // foreign key takes KEY SHARE) keep arriving meanwhile.
    await this.txHost.tx.query(`SELECT id FROM firm WHERE id = $1 FOR NO KEY UPDATE`, [firmId]);
    const now = this.clock.now();
    const { surveillanceThreshold, surveillanceWindowDays } = this.config.reports;
    const [facts] = await this.txHost.tx.query<{ substantiated: number; rated: boolean }[]>(
      `SELECT
         (SELECT count(*)::int FROM consumer_report
          WHERE firm_id = $1 AND status = 'closed' AND substantiated AND called_at > $2) AS substantiated,
         EXISTS (SELECT 1 FROM rating r WHERE r.firm_id = $1 AND ${effectiveRatingStatusSql('r', '$3')} = 'active') AS rated`,
      [firmId, new Date(now.getTime() - surveillanceWindowDays * DAY_MS), now],
    );
    if (!facts.rated || facts.substantiated < surveillanceThreshold) return;
    // Idempotent while a task is open (unique partial index): crossing again opens nothing new.
    await this.reviewTasks.openForFirm(
      actor,
      firmId,
      'surveillance',
      'reports',
      `Segnalazioni fondate negli ultimi ${surveillanceWindowDays} giorni: ${facts.substantiated} (soglia ${surveillanceThreshold})`,
    );
  }
}
