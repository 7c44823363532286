import { romeDaysBetween } from '@app/core';

/** Days before `validUntil` on which a firm is reminded that its rating expires, largest first. */
export const EXPIRY_REMINDER_DAYS = [90, 30, 7] as const;
export type ExpiryReminderDays = (typeof EXPIRY_REMINDER_DAYS)[number];

/** An unanswered auditor's question is recalled to the firm after this many days. */
export const QUESTION_REMINDER_DAYS = 5;
/** A consumer report's answer is recalled this many days before its deadline. */
export const REPORT_REMINDER_DAYS_BEFORE = 3;

/**
 * The expiry reminder due now, if any: the one whose band holds the days left (90 for 31-90 days,
 * 30 for 8-30, 7 for 1-7). A sweep that runs late still sends the band's reminder, and one that
 * missed a whole band skips it rather than send a stale one; the reminder's key (rating and band)
 * makes a sweep that runs twice send nothing more.
 */
export function expiryReminderDue(now: Date, validUntil: Date): ExpiryReminderDays | null {
  const daysLeft = romeDaysBetween(now, validUntil);
  if (daysLeft <= 0) return null;
  let due: ExpiryReminderDays | null = null;
  for (const days of EXPIRY_REMINDER_DAYS) if (daysLeft <= days) due = days;
  return due;
}
