import { romeCalendarDate } from '@app/core';
import fc from 'fast-check';
import { evaluateSanctionCriterion, SanctionFacts, sanctionWindow } from './sanction-window';
import { SANCTION_CONDUCTS, SanctionConduct } from './sanction.vocabulary';

interface TestSanction extends SanctionFacts {
  readonly name: string;
}

const sanction = (name: string, definitiveOn: string | null, conductCategory: SanctionConduct = 'data_protection', annulled = false): TestSanction => ({
  name,
  definitiveOn,
  conductCategory,
  annulled,
});

/** Noon UTC is the same calendar day in Rome in winter and in summer. */
const decidedOn = (day: string) => new Date(`${day}T12:00:00Z`);

const names = (list: readonly TestSanction[]) => list.map((s) => s.name);
const warnings = (result: ReturnType<typeof evaluateSanctionCriterion<TestSanction>>) => result.warnings.map((w) => [w.sanction.name, w.reason]);

describe('the two-year sanction window', () => {
  it('is (D minus 2 years, D]: the limit day itself is outside, the decision day inside', () => {
    const result = evaluateSanctionCriterion(
      [
        sanction('day before the limit', '2024-06-14'),
        sanction('on the limit', '2024-06-15'),
        sanction('day after the limit', '2024-06-16'),
        sanction('on the decision day', '2026-06-15'),
      ],
      decidedOn('2026-06-15'),
    );
    expect(result.decisionDay).toBe('2026-06-15');
    expect(result.window).toEqual({ after: '2024-06-15', through: '2026-06-15' });
    expect(names(result.counting)).toEqual(['day after the limit', 'on the decision day']);
    expect(result.passed).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('passes a firm whose only definitive sanction is exactly two years old', () => {
    const result = evaluateSanctionCriterion([sanction('on the limit', '2024-06-15')], decidedOn('2026-06-15'));
    expect(result).toMatchObject({ passed: true, counting: [], warnings: [] });
  });

  it('takes 28 February as the limit for a decision on 29 February', () => {
    expect(sanctionWindow('2028-02-29')).toEqual({ after: '2026-02-28', through: '2028-02-29' });
    const result = evaluateSanctionCriterion(
      [sanction('27 Feb', '2026-02-27'), sanction('28 Feb (limit)', '2026-02-28'), sanction('1 Mar', '2026-03-01')],
      decidedOn('2028-02-29'),
    );
    expect(names(result.counting)).toEqual(['1 Mar']);
  });

  it('counts from 1 March to 1 March across a leap day', () => {
    const result = evaluateSanctionCriterion(
      [sanction('28 Feb', '2025-02-28'), sanction('1 Mar (limit)', '2025-03-01'), sanction('2 Mar', '2025-03-02')],
      decidedOn('2027-03-01'),
    );
    expect(result.window.after).toBe('2025-03-01');
    expect(names(result.counting)).toEqual(['2 Mar']);
  });

  it('includes a leap day that falls inside the window', () => {
    const result = evaluateSanctionCriterion([sanction('leap day', '2028-02-29'), sanction('limit', '2028-02-28')], decidedOn('2030-02-28'));
    expect(names(result.counting)).toEqual(['leap day']);
  });

  it('counts only data violations and conduct harmful to customers, and shows the rest', () => {
    const result = evaluateSanctionCriterion(
      [sanction('privacy', '2025-05-01', 'data_protection'), sanction('consumer', '2025-05-02', 'consumer_harm'), sanction('tax', '2025-05-03', 'other')],
      decidedOn('2026-06-15'),
    );
    expect(names(result.counting)).toEqual(['privacy', 'consumer']);
    expect(warnings(result)).toEqual([['tax', 'unrelated_conduct']]);

    const unrelatedOnly = evaluateSanctionCriterion([sanction('tax', '2025-05-03', 'other')], decidedOn('2026-06-15'));
    expect(unrelatedOnly.passed).toBe(true);
  });

  it('does not disqualify for a sanction under appeal, but shows it', () => {
    const result = evaluateSanctionCriterion([sanction('appealed', null, 'consumer_harm'), sanction('appealed, unrelated', null, 'other')], decidedOn('2026-06-15'));
    expect(result.passed).toBe(true);
    expect(warnings(result)).toEqual([
      ['appealed', 'under_appeal'],
      ['appealed, unrelated', 'unrelated_conduct'],
    ]);
  });

  it('does not count a sanction that became definitive after the decision day, but shows it', () => {
    const result = evaluateSanctionCriterion([sanction('later', '2026-06-16')], decidedOn('2026-06-15'));
    expect(result.passed).toBe(true);
    expect(warnings(result)).toEqual([['later', 'definitive_after_decision']]);
  });

  it('ignores annulled sanctions and sanctions definitive before the window', () => {
    const result = evaluateSanctionCriterion(
      [sanction('annulled', '2026-01-10', 'data_protection', true), sanction('annulled appeal', null, 'consumer_harm', true), sanction('old', '2020-01-01'), sanction('old tax', '2020-01-01', 'other')],
      decidedOn('2026-06-15'),
    );
    expect(result).toMatchObject({ passed: true, counting: [], warnings: [] });
  });

  it('takes the decision day in Rome: late evening UTC is already the next day', () => {
    // 22:30 UTC on 15 June is 00:30 on 16 June in Rome (summer time, UTC+2).
    const summer = evaluateSanctionCriterion([sanction('limit in UTC terms', '2024-06-16'), sanction('next day in Rome', '2026-06-16')], new Date('2026-06-15T22:30:00Z'));
    expect(summer.decisionDay).toBe('2026-06-16');
    expect(names(summer.counting)).toEqual(['next day in Rome']);

    // 23:30 UTC on 31 December is 00:30 on 1 January in Rome (winter time, UTC+1).
    const winter = evaluateSanctionCriterion([sanction('new year', '2027-01-01'), sanction('limit', '2025-01-01')], new Date('2026-12-31T23:30:00Z'));
    expect(winter.window).toEqual({ after: '2025-01-01', through: '2027-01-01' });
    expect(names(winter.counting)).toEqual(['new year']);

    // 22:30 UTC on 31 December is still 31 December in Rome (23:30).
    const beforeMidnight = evaluateSanctionCriterion([sanction('new year', '2027-01-01')], new Date('2026-12-31T22:30:00Z'));
    expect(beforeMidnight.decisionDay).toBe('2026-12-31');
    expect(warnings(beforeMidnight)).toEqual([['new year', 'definitive_after_decision']]);
  });
});

describe('the two-year sanction window, against an independent formulation', () => {
  const DAY_MS = 86_400_000;
  const dayOf = (utcMs: number) => new Date(utcMs).toISOString().slice(0, 10);
  const utcMsOf = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

  /** The limit by JavaScript's own calendar: day 0 of the next month is the last day of this one. */
  const referenceLimitMs = (decisionDay: string) => {
    const [year, month, day] = [Number(decisionDay.slice(0, 4)), Number(decisionDay.slice(5, 7)) - 1, Number(decisionDay.slice(8, 10))];
    const lastDayThen = new Date(Date.UTC(year - 2, month + 1, 0)).getUTCDate();
    return Date.UTC(year - 2, month, Math.min(day, lastDayThen));
  };
  const referenceCounts = (s: SanctionFacts, decisionDay: string) =>
    !s.annulled &&
    s.conductCategory !== 'other' &&
    s.definitiveOn !== null &&
    utcMsOf(s.definitiveOn) > referenceLimitMs(decisionDay) &&
    utcMsOf(s.definitiveOn) <= utcMsOf(decisionDay);

  const decisionInstant = fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2095-12-31T23:59:59Z'), noInvalidDate: true });
  /** Definitive dates clustered around the window edges, where mistakes hide. */
  const sanctionAround = (decisionDay: string) =>
    fc.record({
      name: fc.constant('generated'),
      conductCategory: fc.constantFrom(...SANCTION_CONDUCTS),
      annulled: fc.boolean(),
      definitiveOn: fc.option(
        fc.oneof(fc.integer({ min: -740, max: -720 }), fc.integer({ min: -800, max: 30 }), fc.integer({ min: -3, max: 3 })).map((offset) => dayOf(utcMsOf(decisionDay) + offset * DAY_MS)),
        { freq: 5 },
      ),
    });

  it('counts exactly the sanctions the reference counts, and warns about every other one not ignored', () => {
    fc.assert(
      fc.property(
        decisionInstant.chain((instant) => fc.tuple(fc.constant(instant), fc.array(sanctionAround(romeCalendarDate(instant)), { maxLength: 8 }))),
        ([instant, sanctions]) => {
          const decisionDay = romeCalendarDate(instant);
          const result = evaluateSanctionCriterion(sanctions, instant);
          expect(result.decisionDay).toBe(decisionDay);
          expect(result.counting).toEqual(sanctions.filter((s) => referenceCounts(s, decisionDay)));
          expect(result.passed).toBe(result.counting.length === 0);
          const ignored = sanctions.filter((s) => s.annulled || (s.definitiveOn !== null && utcMsOf(s.definitiveOn) <= referenceLimitMs(decisionDay)));
          expect(result.counting.length + result.warnings.length + ignored.length).toBe(sanctions.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('spans two years of calendar days (730 or 731), starting on the same day two years earlier or on 28 February', () => {
    fc.assert(
      fc.property(decisionInstant, (instant) => {
        const decisionDay = romeCalendarDate(instant);
        const window = sanctionWindow(decisionDay);
        expect(window.after).toBe(dayOf(referenceLimitMs(decisionDay)));
        const length = (utcMsOf(window.through) - utcMsOf(window.after)) / DAY_MS;
        expect([730, 731]).toContain(length);
      }),
      { numRuns: 2000 },
    );
  });
});
