import { monthlyReportStats } from './report-stats';

describe('monthly report statistics', () => {
  it('lists every month asked for, with zeroes, and sums the groups of each month', () => {
    const stats = monthlyReportStats(
      ['2026-09', '2026-10', '2026-11'],
      [
        { month: '2026-10', kind: 'unwanted_call', outcome: 'substantiated', reports: 2, submissions: 5 },
        { month: '2026-10', kind: 'unwanted_call', outcome: 'open', reports: 1, submissions: 1 },
        { month: '2026-10', kind: 'aggressive_selling', outcome: 'open', reports: 3, submissions: 3 },
        { month: '2026-11', kind: 'other', outcome: 'dismissed', reports: 1, submissions: 2 },
        { month: '2026-12', kind: 'other', outcome: 'dismissed', reports: 9, submissions: 9 },
      ],
    );
    expect(stats.map((month) => month.month)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(stats[0]).toMatchObject({ reports: 0, submissions: 0, byOutcome: { open: 0, substantiated: 0, unsubstantiated: 0, dismissed: 0 } });
    expect(stats[1]).toEqual({
      month: '2026-10',
      reports: 6,
      submissions: 9,
      byKind: { unwanted_call: 3, aggressive_selling: 3, opposition_register_ignored: 0, operator_location_refused: 0, other: 0 },
      byOutcome: { open: 4, substantiated: 2, unsubstantiated: 0, dismissed: 0 },
    });
    expect(stats[2]).toMatchObject({ reports: 1, submissions: 2, byKind: { other: 1 }, byOutcome: { dismissed: 1 } });
  });
});
