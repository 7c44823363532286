import { Clock, ITALIAN_TIME_ZONE } from '@app/core';
import { effectiveRatingStatusSql, RATING_STATUSES, RatingStatus } from '@app/ratings';
import { ListedFirmRow, UNRECORDED_LAPSES, unrecordedLapse } from '@app/registry';
import { REPORT_KINDS, ReportKind } from '@app/reports';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { countsOf, median, monthsUpTo, romeMonth, roundedDays } from './statistics-rules';

/** The rating events the statistics count per month. */
export const COUNTED_RATING_EVENTS = ['issued', 'suspended', 'revoked', 'expired'] as const;
export type CountedRatingEvent = (typeof COUNTED_RATING_EVENTS)[number];

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

const MONTH = (column: string) => `to_char(${column} AT TIME ZONE '${ITALIAN_TIME_ZONE}', 'YYYY-MM')`;
/** Rows of a little more than the months covered are read; those outside them are ignored. */
const SINCE = (column: string) => `${column} > $1::timestamptz - interval '13 months' AND ${column} <= $1::timestamptz`;

/**
 * Counts for the public statistics, read from the same tables, with the same rules, as the public
 * registry: a firm's status as of now (lapses applied), and the rating events the firms' public
 * histories show, lapses no job has recorded yet included. Consumer reports are counted by the month
 * they were received and the kind of call reported, whatever became of them.
 */
@Injectable()
export class RegistryStatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<RegistryStatistics> {
    const now = this.clock.now();
    const months = monthsUpTo(now);
    const [statuses, events, lapses, reports, decisions] = await Promise.all([
      this.dataSource.query<{ status: RatingStatus; firms: number }[]>(
        `SELECT ${effectiveRatingStatusSql('r', '$1::timestamptz')} AS status, count(*)::int AS firms
         FROM registry_entry e JOIN rating r ON r.id = e.rating_id GROUP BY 1`,
        [now],
      ),
      this.dataSource.query<{ kind: CountedRatingEvent; month: string; events: number }[]>(
        `SELECT ev.kind, ${MONTH('ev.occurred_at')} AS month, count(*)::int AS events
         FROM rating_event ev WHERE ev.kind = ANY($2::text[]) AND ${SINCE('ev.occurred_at')} GROUP BY 1, 2`,
        [now, COUNTED_RATING_EVENTS],
      ),
      this.dataSource.query<ListedFirmRow[]>(UNRECORDED_LAPSES.text, [now, null]),
      this.dataSource.query<{ kind: ReportKind; month: string; reports: number }[]>(
        `SELECT kind, ${MONTH('received_at')} AS month, count(*)::int AS reports FROM consumer_report WHERE ${SINCE('received_at')} GROUP BY 1, 2`,
        [now],
      ),
      this.dataSource.query<{ month: string; days: number }[]>(
        `SELECT ${MONTH('decided_at')} AS month, (extract(epoch FROM decided_at - submitted_at) / 86400)::float8 AS days
         FROM application WHERE submitted_at IS NOT NULL AND ${SINCE('decided_at')}`,
        [now],
      ),
    ]);

    const firmsByStatus = countsOf(RATING_STATUSES, []);
    for (const row of statuses) firmsByStatus[row.status] += row.firms;

    const eventCounts = new Map(months.map((month) => [month, countsOf(COUNTED_RATING_EVENTS, [])]));
    for (const row of events) {
      const counts = eventCounts.get(row.month);
      if (counts) counts[row.kind] += row.events;
    }
    for (const row of lapses) {
      const lapse = unrecordedLapse(row, now);
      const counts = lapse === null ? undefined : eventCounts.get(romeMonth(lapse.occurredAt));
      if (lapse !== null && counts && (lapse.kind === 'expired' || lapse.kind === 'revoked')) counts[lapse.kind] += 1;
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
