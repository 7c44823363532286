import { AppConfig } from '@app/config';
import { Clock, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';

/** Reports erased per transaction: keeps each transaction, and the rows it locks, small. */
export const RETENTION_BATCH_SIZE = 500;

/**
 * Erases the reporter's data of reports received more than REPORT_RETENTION_MONTHS ago: e-mail,
 * keyed hash, consent, and every free text that may quote them (description, firm answer, staff notes).
 * What remains is an anonymous statistic: number, firm, kind, dates, status and outcome.
 */
@Injectable()
export class ReportRetentionService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One batch; returns how many reports it erased (fewer than RETENTION_BATCH_SIZE: nothing left). */
  @Transactional()
  async purgeBatch(): Promise<number> {
    const now = this.clock.now();
    const purged = await this.txHost.tx.query<{ id: string }[]>(
      `WITH due AS (
         SELECT id FROM consumer_report
         WHERE personal_data_purged_at IS NULL AND received_at <= $1::timestamptz - make_interval(months => $2::int)
         ORDER BY received_at LIMIT $3
         FOR UPDATE SKIP LOCKED
       ), erased AS (
         UPDATE consumer_report r
         SET reporter_email = NULL, reporter_key = NULL, contact_consent_text = NULL, description = NULL, firm_answer = NULL,
             personal_data_purged_at = $1
         FROM due WHERE r.id = due.id
         RETURNING r.id
       )
       SELECT id FROM erased`,
      [now, this.config.reports.retentionMonths, RETENTION_BATCH_SIZE],
    );
    if (purged.length === 0) return 0;
    const ids = purged.map((row) => row.id);
    await this.txHost.tx.query(`UPDATE consumer_report_transition SET note = NULL WHERE report_id = ANY($1::uuid[])`, [ids]);
    for (const id of ids) {
      await this.history.record(SYSTEM_ACTOR, { action: 'report.personal_data_purged', entityType: 'consumer_report', entityId: id, after: { purgedAt: now } });
    }
    return ids.length;
  }

  /** Every batch due now. */
  async purgeAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const purged = await this.purgeBatch();
      total += purged;
      if (purged < RETENTION_BATCH_SIZE) return total;
    }
  }
}
