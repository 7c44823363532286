import { romeMonth } from '@app/core';
import { countsOf, median, monthsUpTo, roundedDays } from './statistics-rules';

describe('statistics rules', () => {
  it('lists the twelve months up to the current one in Rome, across a year end', () => {
    expect(monthsUpTo(new Date('2026-03-15T10:00:00Z'))).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    // 23:30 UTC on 31 December is already January in Rome.
    expect(monthsUpTo(new Date('2026-12-31T23:30:00Z'), 2)).toEqual(['2026-12', '2027-01']);
    expect(romeMonth(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07');
  });

  it('takes the median of odd and even counts, and of none', () => {
    expect(median([40, 10, 20])).toBe(20);
    expect(median([1, 4, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(roundedDays(12.345)).toBe(12.3);
  });

  it('counts every key, zero included, ignoring keys it does not know', () => {
    expect(countsOf(['a', 'b', 'c'] as const, ['a', 'c', 'a', 'x' as 'a'])).toEqual({ a: 2, b: 0, c: 1 });
  });
});
