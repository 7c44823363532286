import { monthsEndingWith, romeMonth } from '@app/core';

/** How many calendar months (in Rome) the monthly figures cover, the current one included. */
export const STATISTICS_MONTHS = 12;

/** The months ending with the one `now` falls in (in Rome), oldest first, as `YYYY-MM`. */
export function monthsUpTo(now: Date, count = STATISTICS_MONTHS): string[] {
  return monthsEndingWith(romeMonth(now), count);
}

/** The median of some numbers (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Days, to one decimal place, as the statistics publish them. */
export function roundedDays(days: number): number {
  return Math.round(days * 10) / 10;
}

/** A count per key, every key present (zero when nothing was counted). */
export function countsOf<K extends string>(keys: readonly K[], counted: Iterable<K>): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const key of counted) if (key in counts) counts[key] += 1;
  return counts;
}
