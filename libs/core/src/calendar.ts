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
