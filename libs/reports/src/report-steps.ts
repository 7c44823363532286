import { AppConfig } from '@app/config';
import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { FindOptionsWhere } from 'typeorm';
import { ConsumerReportTransition } from './consumer-report-transition.entity';
import { ConsumerReport } from './consumer-report.entity';
import { answerDueAt, assertReportTransition } from './report-lifecycle';
import type { ReportStatus } from './report.vocabulary';
import { ReportNotFoundError } from './reports.errors';

export interface ReportStep {
  readonly to: ReportStatus;
  /** Staff's note; erased with the reporter's data after the retention period. */
  readonly note: string | null;
  /** Staff's verdict, given exactly when closing. */
  readonly substantiated: boolean | null;
  /** The firm's answer, given exactly when answering. */
  readonly answer: string | null;
}

/** The one way a report changes status, shared by staff triage and the firm's answer. Call inside a transaction. */
@Injectable()
export class ReportSteps {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The row lock makes concurrent steps on one report wait, then meet its new status. */
  async lock(where: FindOptionsWhere<ConsumerReport>): Promise<ConsumerReport> {
    const report = await this.txHost.tx.getRepository(ConsumerReport).findOne({ where, lock: { mode: 'pessimistic_write' } });
    if (!report) throw new ReportNotFoundError();
    return report;
  }

  /**
   * Moves a locked report one step and records it twice: in the report's own steps (with the note) and
   * in the history (without free text, since the history is kept forever and the texts are not).
   */
  async take(actor: Actor, report: ConsumerReport, step: ReportStep): Promise<void> {
    assertReportTransition({ status: report.status, linkedToFirm: report.firmId !== null }, step.to);
    const now = this.clock.now();
    const before = { status: report.status, substantiated: report.substantiated };
    const from = report.status;
    report.status = step.to;
    switch (step.to) {
      case 'forwarded_to_firm':
        report.forwardedAt = now;
        report.answerDueAt = answerDueAt(now, this.config.reports.answerDays);
        break;
      case 'answered':
        Object.assign(report, { firmAnswer: step.answer, answeredAt: now, answeredById: actor.userId });
        break;
      case 'closed':
        Object.assign(report, { substantiated: step.substantiated, finishedAt: now });
        break;
      case 'dismissed':
        report.finishedAt = now;
        break;
      case 'new':
        break;
    }
    await this.txHost.tx.getRepository(ConsumerReport).save(report);
    await this.txHost.tx
      .getRepository(ConsumerReportTransition)
      .insert({ reportId: report.id, fromStatus: from, toStatus: step.to, substantiated: step.substantiated, note: step.note, actorId: actor.userId, occurredAt: now });
    await this.history.record(actor, {
      action: `report.${step.to}`,
      entityType: 'consumer_report',
      entityId: report.id,
      before,
      after: { status: report.status, substantiated: report.substantiated, firmId: report.firmId, answerDueAt: report.answerDueAt },
    });
  }
}
