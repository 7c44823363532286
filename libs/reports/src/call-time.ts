import { DAY_MS } from '@app/core';

/** Calls older than this are not taken: memories fade, and the reporter's data would soon be deleted anyway. */
export const CALL_MAX_AGE_DAYS = 365;
/** A phone's clock a few minutes ahead is not a call in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Why a reported call time cannot be right, or null when it can. */
export function callTimeProblem(calledAt: Date, now: Date): string | null {
  if (Number.isNaN(calledAt.getTime())) return 'is not a date and time';
  if (calledAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return 'is in the future';
  if (calledAt.getTime() < now.getTime() - CALL_MAX_AGE_DAYS * DAY_MS) return `is more than ${CALL_MAX_AGE_DAYS} days ago`;
  return null;
}
