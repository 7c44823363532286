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

function romeOffsetMs(instantMs: number): number {
  const parts = Object.fromEntries(romeWallClock.formatToParts(new Date(instantMs)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a calendar date (YYYY-MM-DD) begins in Rome: midnight is never skipped by Italian clock changes. */
export function romeDayStart(date: string): Date {
  const [year, month, day] = calendarParts(date);
  const wall = Date.UTC(year, month - 1, day);
  return new Date(wall - romeOffsetMs(wall - romeOffsetMs(wall)));
}
