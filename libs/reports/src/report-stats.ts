import { REPORT_KINDS, REPORT_OUTCOMES, ReportKind, ReportOutcome } from './report.vocabulary';

/** One group of a firm's reports: those of one month, kind and outcome. */
export interface ReportCountRow {
  /** The calendar month of the call in Rome, YYYY-MM. */
  readonly month: string;
  readonly kind: ReportKind;
  readonly outcome: ReportOutcome;
  readonly reports: number;
  /** Reports plus the duplicates collapsed into them. */
  readonly submissions: number;
}

export interface MonthlyReportStats {
  readonly month: string;
  readonly reports: number;
  readonly submissions: number;
  readonly byKind: Readonly<Record<ReportKind, number>>;
  readonly byOutcome: Readonly<Record<ReportOutcome, number>>;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** Every month asked for, oldest first, with zeroes where nothing was reported; rows of other months are ignored. */
export function monthlyReportStats(months: readonly string[], rows: readonly ReportCountRow[]): MonthlyReportStats[] {
  return months.map((month) => {
    const byKind = zeroes(REPORT_KINDS);
    const byOutcome = zeroes(REPORT_OUTCOMES);
    let reports = 0;
    let submissions = 0;
    for (const row of rows) {
      if (row.month !== month) continue;
      byKind[row.kind] += row.reports;
      byOutcome[row.outcome] += row.reports;
      reports += row.reports;
      submissions += row.submissions;
    }
    return { month, reports, submissions, byKind, byOutcome };
  });
}
