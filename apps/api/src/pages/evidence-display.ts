import { evidenceState, type EvidenceDates } from '@app/applications';
import type { Language } from '@app/core';
import { formatDate, translate } from './i18n';

/** A calendar day (`YYYY-MM-DD`) as an instant at noon on it, so the `date` helper shows that very day in Rome. */
export const onCalendarDay = (day: string): Date => new Date(`${day}T12:00:00Z`);

/** The state of a document from its dates, in words: in force, expired on its day, or superseded. */
export function evidenceStateText(language: Language, evidence: EvidenceDates, today: string): string {
  const state = evidenceState(evidence, today);
  return translate(language, `evidence.state.${state}`, state === 'expired' && evidence.expiresOn !== null ? { date: formatDate(language, onCalendarDay(evidence.expiresOn)) } : {});
}

/** Enough of a SHA-256 to tell documents apart at a glance; pages give the whole value beside it. */
export const SHORT_SHA256_LENGTH = 12;
export const shortSha256 = (sha256: string): string => sha256.slice(0, SHORT_SHA256_LENGTH);
