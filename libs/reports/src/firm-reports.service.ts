import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { ConsumerReport } from './consumer-report.entity';
import { ReportSteps } from './report-steps';
import type { ReportStatus } from './report.vocabulary';
import { FirmReportView, Page, toFirmReportView } from './report.views';
import { ReportNotFoundError } from './reports.errors';

/**
 * A firm's own reports: those against its numbers that staff forwarded to it. A report of another
 * firm, or not yet forwarded, does not exist for it (404).
 */
@Injectable()
export class FirmReportsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly steps: ReportSteps,
    private readonly clock: Clock,
  ) {}

  /** Newest first: what arrived last is what the firm has not read yet. */
  async list(actor: Actor, status: ReportStatus | undefined, page: number, pageSize: number): Promise<Page<FirmReportView>> {
    if (actor.firmId === null) return { items: [], total: 0, page, pageSize };
    const [reports, total] = await this.txHost.tx.getRepository(ConsumerReport).findAndCount({
      where: { firmId: actor.firmId, forwardedAt: Not(IsNull()), ...(status !== undefined ? { status } : {}) },
      order: { forwardedAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const now = this.clock.now();
    return { items: reports.map((report) => toFirmReportView(report, now)), total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<FirmReportView> {
    if (actor.firmId === null) throw new ReportNotFoundError();
    const report = await this.txHost.tx.getRepository(ConsumerReport).findOneBy({ id, firmId: actor.firmId, forwardedAt: Not(IsNull()) });
    if (!report) throw new ReportNotFoundError();
    return toFirmReportView(report, this.clock.now());
  }

  /** The firm's answer, once; late answers are accepted and show as answered after the due date. */
  @Transactional()
  async answer(actor: Actor, id: string, answer: string): Promise<FirmReportView> {
    if (actor.firmId === null) throw new ReportNotFoundError();
    const report = await this.steps.lock({ id, firmId: actor.firmId, forwardedAt: Not(IsNull()) });
    await this.steps.take(actor, report, { to: 'answered', note: null, substantiated: null, answer: answer.trim() });
    return toFirmReportView(report, this.clock.now());
  }
}
