import { ITALIAN_TIME_ZONE } from '@app/core';
import { MailLanguage } from './mail-kinds';

const dateTimeFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: ITALIAN_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as people in Italy write it, in Rome time: 24/11/2026, 14:05 (the same in English messages, the platform being Italian). */
export function mailDateTime(instant: Date, _language: MailLanguage): string {
  return dateTimeFormat.format(instant);
}

/** The language a recipient reads: their preference, Italian when unknown. */
export function mailLanguage(value: string | null | undefined): MailLanguage {
  return value === 'en' ? 'en' : 'it';
}
