import { ApplicationsService } from '@app/applications';
import { Clock, romeMonthStart } from '@app/core';
import type { RatingEventKind, RatingStatus } from '@app/ratings';
import { RegistryService } from '@app/registry';
import { REPORT_KINDS, ReportKind, ReportsService } from '@app/reports';
import { Injectable } from '@nestjs/common';
import { countsOf, median, monthsUpTo, roundedDays } from './statistics-rules';

/** The rating events the statistics count per month. */
export const COUNTED_RATING_EVENTS = ['issued', 'suspended', 'revoked', 'expired'] as const;
export type CountedRatingEvent = (typeof COUNTED_RATING_EVENTS)[number];
const isCounted = (kind: RatingEventKind): kind is CountedRatingEvent => (COUNTED_RATING_EVENTS as readonly string[]).includes(kind);

export interface RatingEventsInMonth extends Readonly<Record<CountedRatingEvent, number>> {
  readonly month: string;
}

export interface ReportsInMonth {
  readonly month: string;
  readonly total: number;
  readonly byKind: Readonly<Record<ReportKind, number>>;
}

export interface DecisionsInMonth {
  readonly month: string;
  readonly decisions: number;
  /** Null when no application was decided that month. */
  readonly medianDays: number | null;
}

/** The registry in figures, as the statistics page and its open data publish them. */
export interface RegistryStatistics {
  readonly asOf: Date;
  /** The months of the monthly figures, oldest first (`YYYY-MM`, calendar months in Rome). */
  readonly months: readonly string[];
  /** The firms the registry lists, by the status of their latest rating as of now. */
  readonly firmsByStatus: Readonly<Record<RatingStatus, number>>;
  readonly ratingEvents: readonly RatingEventsInMonth[];
  readonly reports: readonly ReportsInMonth[];
  /** Days from an application's submission to its decision, for the applications decided in these months. */
  readonly decisions: { readonly count: number; readonly medianDays: number | null; readonly byMonth: readonly DecisionsInMonth[] };
}

/**
 * Counts for the public statistics, each asked of the library that owns the data: the registry (firms
 * by status as of now, and the rating events the firms' public histories show, lapses no job has
 * recorded yet included), consumer reports (by month received and kind, whatever became of them) and
 * applications (days from submission to decision).
 */
@Injectable()
export class RegistryStatisticsService {
  constructor(
    private readonly registry: RegistryService,
    private readonly reports: ReportsService,
    private readonly applications: ApplicationsService,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<RegistryStatistics> {
    const now = this.clock.now();
    const months = monthsUpTo(now);
    const since = romeMonthStart(months[0]);
    const firmsByStatus = await this.registry.firmsByStatus();
    const events = await this.registry.ratingEventsPerMonth(COUNTED_RATING_EVENTS, since);
    const reports = await this.reports.receivedPerMonth(since, now);
    const decisions = await this.applications.decisionDays(since, now);

    const eventCounts = new Map(months.map((month) => [month, countsOf(COUNTED_RATING_EVENTS, [])]));
    for (const row of events) {
      const counts = eventCounts.get(row.month);
      if (counts && isCounted(row.kind)) counts[row.kind] += row.events;
    }

    const reportCounts = new Map(months.map((month) => [month, countsOf(REPORT_KINDS, [])]));
    for (const row of reports) {
      const counts = reportCounts.get(row.month);
      if (counts) counts[row.kind] += row.reports;
    }

    const decided = decisions.filter((row) => eventCounts.has(row.month));
    const medianOf = (rows: readonly { days: number }[]) => {
      const value = median(rows.map((row) => row.days));
      return value === null ? null : roundedDays(value);
    };

    return {
      asOf: now,
      months,
      firmsByStatus,
      ratingEvents: months.map((month) => ({ month, ...(eventCounts.get(month) ?? countsOf(COUNTED_RATING_EVENTS, [])) })),
      reports: months.map((month) => {
        const byKind = reportCounts.get(month) ?? countsOf(REPORT_KINDS, []);
        return { month, total: Object.values<number>(byKind).reduce((sum, count) => sum + count, 0), byKind };
      }),
      decisions: {
        count: decided.length,
        medianDays: medianOf(decided),
        byMonth: months.map((month) => {
          const inMonth = decided.filter((row) => row.month === month);
          return { month, decisions: inMonth.length, medianDays: medianOf(inMonth) };
        }),
      },
    };
  }
}
