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

/** A day on the calendar, written YYYY-MM-DD: no time and no time zone, so a Date cannot shift it. */
export type IsoDate = string;

/** One day in milliseconds: for spans of time (a deadline so many days after an instant), never for calendar days. */
export const DAY_MS = 86_400_000;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function calendarParts(date: IsoDate): [number, number, number] {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Integer arithmetic, so years before 100 (which Date.UTC reads as 19xx) count right too. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real day written as YYYY-MM-DD (2026-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The same day `years` years earlier; 29 February falls back to 28 February in a common year. */
export function subtractYears(date: IsoDate, years: number): IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = calendarParts(date);
  const target = year - years;
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, daysInMonth(target, month))).padStart(2, '0')}`;
}

/** Negative, zero or positive as `a` is before, on or after `b`; zero-padded ISO dates sort as text. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  const [fromYear, fromMonth, fromDay] = calendarParts(from);
  const [toYear, toMonth, toDay] = calendarParts(to);
  return Math.round((Date.UTC(toYear, toMonth - 1, toDay) - Date.UTC(fromYear, fromMonth - 1, fromDay)) / DAY_MS);
}

/** Whole calendar days from one instant to another, counted on Rome's calendar (a day is a date in Italy, not 24 hours). */
export function romeDaysBetween(from: Date, to: Date): number {
  return calendarDaysBetween(romeCalendarDate(from), romeCalendarDate(to));
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

/** The calendar month (YYYY-MM) an instant falls in, in Rome. */
export function romeMonth(instant: Date): string {
  return romeCalendarDate(instant).slice(0, 7);
}
