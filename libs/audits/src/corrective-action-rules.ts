import type { Transitions } from '@app/core';
import { addCalendarDays } from '@app/core';
import type { FindingSeverity } from './audit-lifecycle';

export const CORRECTIVE_ACTION_STATES = ['open', 'answered', 'accepted', 'reopened'] as const;
/**
 * `open`: the firm has to act and answer; `answered`: the auditor has to accept or reopen;
 * `accepted`: closed for good; `reopened`: the auditor found the answer wanting, the firm answers again.
 */
export type CorrectiveActionState = (typeof CORRECTIVE_ACTION_STATES)[number];

export const CORRECTIVE_ACTION_TRANSITIONS: Transitions<CorrectiveActionState> = {
  open: ['answered'],
  answered: ['accepted', 'reopened'],
  reopened: ['answered'],
  accepted: [],
};

/** The states in which the firm answers (and adds documents). */
export const AWAITING_FIRM_STATES: readonly CorrectiveActionState[] = ['open', 'reopened'];

/** When the auditor names no due date: a month, the usual period for a corrective action plan. */
export const DEFAULT_CORRECTIVE_ACTION_DAYS = 30;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
function isCalendarDate(value: string): boolean {
  if (!CALENDAR_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * The due date of a new corrective action: the one asked for, or the default period from today
 * (both Rome days). A date that is not a calendar date, or lies before today, is refused.
 */
export function correctiveActionDueOn(requested: string | null | undefined, today: string): { ok: true; dueOn: string } | { ok: false; problem: 'invalid_date' | 'past_date' } {
  if (requested === null || requested === undefined || requested === '') return { ok: true, dueOn: addCalendarDays(today, DEFAULT_CORRECTIVE_ACTION_DAYS) };
  if (!isCalendarDate(requested)) return { ok: false, problem: 'invalid_date' };
  if (requested < today) return { ok: false, problem: 'past_date' };
  return { ok: true, dueOn: requested };
}

/** What the overdue rule needs to know about a corrective action. */
export interface CorrectiveActionFacts {
  readonly severity: FindingSeverity;
  readonly state: CorrectiveActionState;
  /** Rome day, YYYY-MM-DD: the action may be accepted through this day. */
  readonly dueOn: string;
}

/** Not accepted by its due date: overdue from the Rome day after it, whatever the firm has answered meanwhile. */
export function isOverdue(action: CorrectiveActionFacts, today: string): boolean {
  return action.state !== 'accepted' && today > action.dueOn;
}

/**
 * An overdue major finding, while the firm holds an active rating, is put before a reviewer
 * (ISO/IEC 17065 7.11: follow-up of non-conformities may lead to suspension or withdrawal).
 * Minor findings are followed up at the next audit instead.
 */
export function opensReviewTask(action: CorrectiveActionFacts, today: string, firmHasActiveRating: boolean): boolean {
  return firmHasActiveRating && action.severity === 'major' && isOverdue(action, today);
}
