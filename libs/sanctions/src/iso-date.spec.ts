import { compareIsoDates, daysInMonth, isIsoDate, parseIsoDate, subtractYears } from './iso-date';

describe('ISO calendar dates', () => {
  it('knows real days from look-alikes', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
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
