import { ITALIAN_TIME_ZONE } from '@app/core';

const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ITALIAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Rome's clock is ahead of UTC at an instant (one or two hours). */
function romeOffsetMs(instantMs: number): number {
  const parts = Object.fromEntries(wallClockFormat.formatToParts(new Date(instantMs)).map((part) => [part.type, Number(part.value)]));
  const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * The instant a Rome wall-clock reading names: what a consumer types as the day and hour of a call.
 * A time skipped when the clocks go forward reads as the hour after; a time repeated when they go back
 * reads as the second occurrence. Null when the day or the time does not exist.
 */
export function romeWallClockToInstant(date: string, time: string): Date | null {
  const day = DATE.exec(date);
  const clock = TIME.exec(time);
  if (!day || !clock) return null;
  const [year, month, dayOfMonth, hour, minute] = [day[1], day[2], day[3], clock[1], clock[2]].map(Number);
  if (hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) return null;
  const first = wall - romeOffsetMs(wall);
  return new Date(wall - romeOffsetMs(first));
}

/** The calendar month (YYYY-MM) `count` - 1 months before `month`, then each following one up to `month`. */
export function monthsEndingWith(month: string, count: number): string[] {
  const [year, monthNumber] = month.split('-').map(Number);
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = year * 12 + (monthNumber - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** The instant a calendar month (YYYY-MM) begins in Rome. */
export function romeMonthStart(month: string): Date {
  const start = romeWallClockToInstant(`${month}-01`, '00:00');
  if (start === null) throw new RangeError(`Not a calendar month (YYYY-MM): ${month}`);
  return start;
}
