/** Italian rules are counted on the calendar date in Rome, not in UTC. */
export const ITALIAN_TIME_ZONE = 'Europe/Rome';

const romeDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ITALIAN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) that an instant falls on in Rome. */
export function romeCalendarDate(instant: Date): string {
  return romeDateFormat.format(instant);
}

const italianDateFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: ITALIAN_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** An instant as people in Italy write a date: 24/11/2026. */
export function formatItalianDate(instant: Date): string {
  return italianDateFormat.format(instant);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function calendarParts(date: string): [number, number, number] {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const isoDate = (utcMs: number): string => new Date(utcMs).toISOString().slice(0, 10);

/** The calendar date `days` days after (or before, if negative) `date`, both YYYY-MM-DD. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = calendarParts(date);
  return isoDate(Date.UTC(year, month - 1, day + days));
}

/** The same day `months` calendar months later, clamped to the month's end (31 January + 1 month is 28/29 February). */
export function addCalendarMonths(date: string, months: number): string {
  const [year, month, day] = calendarParts(date);
  const targetIndex = month - 1 + months;
  const lastDay = new Date(Date.UTC(year, targetIndex + 1, 0)).getUTCDate();
  return isoDate(Date.UTC(year, targetIndex, Math.min(day, lastDay)));
}

const romeWallClock = new Intl.DateTimeFormat('en-GB', {
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
  const parts = Object.fromEntries(romeWallClock.formatToParts(new Date(instantMs)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instantMs / 1000) * 1000;
}

const WALL_CLOCK_TIME = /^(\d{2}):(\d{2})$/;

/**
 * The instant a Rome wall-clock reading names: what a consumer types as the day and hour of a call.
 * A time skipped when the clocks go forward reads as the hour after; a time repeated when they go back
 * reads as the second occurrence. Null when the day or the time does not exist.
 */
export function romeWallClockToInstant(date: string, time: string): Date | null {
  const day = CALENDAR_DATE.exec(date);
  const clock = WALL_CLOCK_TIME.exec(time);
  if (!day || !clock) return null;
  const [year, month, dayOfMonth, hour, minute] = [day[1], day[2], day[3], clock[1], clock[2]].map(Number);
  if (hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) return null;
  return new Date(wall - romeOffsetMs(wall - romeOffsetMs(wall)));
}

/** The instant a calendar date (YYYY-MM-DD) begins in Rome: midnight is never skipped by Italian clock changes. */
export function romeDayStart(date: string): Date {
  const start = romeWallClockToInstant(date, '00:00');
  if (start === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return start;
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
  return romeDayStart(`${month}-01`);
}
