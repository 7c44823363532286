import fc from 'fast-check';
import { addCalendarDays, addCalendarMonths, compareIsoDates, daysInMonth, formatItalianDate, isIsoDate, romeCalendarDate, romeDayStart, romeDaysBetween, subtractYears } from './calendar';

const at = (iso: string) => new Date(iso);

describe('Rome calendar', () => {
  it('counts the date in Rome, not in UTC', () => {
    expect(romeCalendarDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(romeCalendarDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(romeCalendarDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('writes dates as people in Italy do', () => {
    expect(formatItalianDate(new Date('2026-03-05T10:00:00Z'))).toBe('05/03/2026');
  });

  it('adds days and clamped months to calendar dates', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addCalendarMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('finds the instant a Rome day begins, on both sides of the clock changes', () => {
    expect(romeDayStart('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(romeDayStart('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(romeDayStart('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(romeDayStart('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('begins every Rome day on that day, with the instant before on the day before', () => {
    const days = fc.integer({ min: 0, max: 365 * 30 }).map((offset) => addCalendarDays('2020-01-01', offset));
    fc.assert(
      fc.property(days, (day) => {
        const start = romeDayStart(day);
        expect(romeCalendarDate(start)).toBe(day);
        expect(romeCalendarDate(new Date(start.getTime() - 1))).toBe(addCalendarDays(day, -1));
      }),
    );
  });

  it('counts days on the Rome calendar, not in 24-hour spans', () => {
    // 23:30 UTC on 1 March is already 2 March in Rome (UTC+1 in winter).
    expect(romeDaysBetween(at('2027-03-01T23:30:00Z'), at('2027-03-02T10:00:00Z'))).toBe(0);
    expect(romeDaysBetween(at('2027-03-01T22:59:00Z'), at('2027-03-01T23:01:00Z'))).toBe(1); // 23:59 on 1 March -> 00:01 on 2 March
    // Across the change to summer time (28 March 2027) a day is 23 hours long and still one day.
    expect(romeDaysBetween(at('2027-03-27T12:00:00Z'), at('2027-03-28T11:00:00Z'))).toBe(1);
  });

  it('knows real days from look-alikes', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(() => subtractYears('2026-02-30', 2)).toThrow(RangeError);
  });

  it('counts the days of each month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2027, month))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2028, 2)).toBe(29);
  });

  it('subtracts years, clamping 29 February to 28 February in a common year', () => {
    expect(subtractYears('2026-06-15', 2)).toBe('2024-06-15');
    expect(subtractYears('2028-02-29', 2)).toBe('2026-02-28');
    expect(subtractYears('2028-02-29', 4)).toBe('2024-02-29');
    expect(subtractYears('2027-03-01', 2)).toBe('2025-03-01');
    expect(subtractYears('2026-12-31', 2)).toBe('2024-12-31');
  });

  it('compares as the calendar does', () => {
    expect(compareIsoDates('2026-02-28', '2026-03-01')).toBeLessThan(0);
    expect(compareIsoDates('2026-03-01', '2026-03-01')).toBe(0);
    expect(compareIsoDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0);
  });
});
