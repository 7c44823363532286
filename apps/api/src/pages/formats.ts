import { ITALIAN_TIME_ZONE, type Language } from '@app/core';

/**
 * How pages write dates, times and amounts: as people in Italy write them in Italian
 * (24/11/2026, 24/11/2026 14:05, 50.000,00 €), as English readers expect in English.
 */

const CALENDAR_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const italianCalendarDate = new Intl.DateTimeFormat('it-IT', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
const englishCalendarDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** A calendar date kept as YYYY-MM-DD (a document's date, a sanction's): 12/01/2026, or 12 January 2026. Anything else is shown as it is. */
export function formatCalendarDate(language: Language, day: string): string {
  if (!CALENDAR_DATE.test(day)) return day;
  const date = new Date(`${day}T00:00:00Z`);
  return (language === 'it' ? italianCalendarDate : englishCalendarDate).format(date);
}

const DATE_TIME: { readonly [L in Language]: Intl.DateTimeFormat } = {
  it: new Intl.DateTimeFormat('it-IT', { timeZone: ITALIAN_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: ITALIAN_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
};

/** An instant with its time in Rome, where the hour matters (a call, a deadline): 24/11/2026 14:05. */
export function formatDateTime(language: Language, instant: Date): string {
  return DATE_TIME[language].format(instant).replace(', ', ' ');
}

/**
 * A date as a form field may receive it: `2026-01-12` from a date picker, or `12/01/2026` (also with
 * dots or dashes, and one-digit day or month) typed where the browser has no picker. Returns
 * YYYY-MM-DD, or the input unchanged for the validation to refuse.
 */
export function calendarDateFromForm(input: string): string {
  const typed = /^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$/.exec(input.trim());
  if (typed === null) return input.trim();
  const [, day, month, year] = typed;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
