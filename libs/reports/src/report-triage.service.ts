import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { ConsumerReportTransition } from './consumer-report-transition.entity';
import { ConsumerReport } from './consumer-report.entity';
import { ReportSteps } from './report-steps';
import { ReportSurveillance } from './report-surveillance';
import type { ReportStatus } from './report.vocabulary';
import { Page, toReportTransitionView, toTriageReportView, TriageReportDetail, TriageReportView } from './report.views';
import { ReportNotFoundError } from './reports.errors';

export interface TriageFilter {
  readonly status?: ReportStatus;
  readonly firmId?: string;
  /** false: only reports of numbers no firm declared; true: only reports linked to a firm. */
  readonly declared?: boolean;
  /** true: only reports forwarded to the firm whose time to answer is up; false: all others. */
  readonly overdue?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

/** The staff triage queue: `new -> forwarded_to_firm -> answered -> closed`, or `dismissed`. */
@Injectable()
export class ReportTriageService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly steps: ReportSteps,
    private readonly surveillance: ReportSurveillance,
    private readonly clock: Clock,
  ) {}

  /** Oldest first, so the queue is worked in order of arrival. */
  async list(filter: TriageFilter): Promise<Page<TriageReportView>> {
    const now = this.clock.now();
    const query = this.txHost.tx
      .getRepository(ConsumerReport)
      .createQueryBuilder('report')
      .leftJoinAndSelect('report.firm', 'firm')
      .orderBy('report.received_at', 'ASC')
      .addOrderBy('report.id', 'ASC');
    if (filter.status !== undefined) query.andWhere('report.status = :status', { status: filter.status });
    if (filter.firmId !== undefined) query.andWhere('report.firm_id = :firmId', { firmId: filter.firmId });
    if (filter.declared === true) query.andWhere('report.firm_id IS NOT NULL');
    if (filter.declared === false) query.andWhere('report.firm_id IS NULL');
    const overdue = `(report.status = 'forwarded_to_firm' AND report.answer_due_at <= :now)`;
    if (filter.overdue === true) query.andWhere(overdue, { now });
    if (filter.overdue === false) query.andWhere(`NOT ${overdue}`, { now });
    const [reports, total] = await query.skip((filter.page - 1) * filter.pageSize).take(filter.pageSize).getManyAndCount();
    return { items: reports.map((report) => toTriageReportView(report, now)), total, page: filter.page, pageSize: filter.pageSize };
  }

  async get(id: string): Promise<TriageReportDetail> {
    const report = await this.txHost.tx.getRepository(ConsumerReport).findOne({ where: { id }, relations: { firm: true } });
    if (!report) throw new ReportNotFoundError();
    const transitions = await this.txHost.tx.getRepository(ConsumerReportTransition).find({ where: { reportId: id }, order: { id: 'ASC' } });
    return { ...toTriageReportView(report, this.clock.now()), transitions: transitions.map(toReportTransitionView) };
  }

  /** Sends the report to the firm, which then has REPORT_ANSWER_DAYS days to answer. */
  @Transactional()
  async forward(actor: Actor, id: string, note: string | null): Promise<TriageReportDetail> {
    await this.steps.take(actor, await this.steps.lock({ id }), { to: 'forwarded_to_firm', note, substantiated: null, answer: null });
    return this.get(id);
  }

  /**
   * Closes the report with staff's verdict. Substantiated reports count for the firm's surveillance
   * threshold and its public statistics; closing one may open a revocation review in this transaction.
   */
  @Transactional()
  async close(actor: Actor, id: string, substantiated: boolean, note: string): Promise<TriageReportDetail> {
    const report = await this.steps.lock({ id });
    await this.steps.take(actor, report, { to: 'closed', note, substantiated, answer: null });
    if (substantiated && report.firmId !== null) await this.surveillance.reportSubstantiated(actor, report.firmId);
    return this.get(id);
  }

  /** Not admissible (no such call, spam, not a contact center): counts for nothing. */
  @Transactional()
  async dismiss(actor: Actor, id: string, note: string): Promise<TriageReportDetail> {
    await this.steps.take(actor, await this.steps.lock({ id }), { to: 'dismissed', note, substantiated: null, answer: null });
    return this.get(id);
  }
}
