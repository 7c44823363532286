import { compareIsoDates, isIsoDate, type IsoDate, type Transitions } from '@app/core';
import type { ReviewOutcome } from '@app/ratings';

export const CHECK_KINDS = ['yearly', 'unannounced', 'reports'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
/** `scheduled`: waiting for its Rome day (the due-checks job opens it); `cancelled`: never opened (the rating stopped being current first). */
export const CHECK_STATUSES = ['scheduled', 'in_progress', 'proposed', 'decided', 'cancelled'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
/** Why a scheduled check was cancelled instead of opened. */
export const CHECK_CANCELLATION_REASONS = ['rating_not_current'] as const;
export type CheckCancellationReason = (typeof CHECK_CANCELLATION_REASONS)[number];

/** How a check moves; `SurveillanceChecksService.transition` is the one place that follows it. */
export const CHECK_TRANSITIONS: Transitions<CheckStatus> = {
  scheduled: ['in_progress', 'cancelled'],
  in_progress: ['proposed'],
  proposed: ['decided'],
  decided: [],
  cancelled: [],
};

/**
 * When a check asked for `scheduledOn` starts, seen on Rome day `today`: `now` when no day is given or
 * the day is today, `later` for a later day (the check waits, `scheduled`), `past` for an earlier day
 * (refused), `invalid` for something that is not a calendar day.
 */
export function checkStart(scheduledOn: string | null | undefined, today: IsoDate): 'now' | 'later' | 'past' | 'invalid' {
  if (scheduledOn === null || scheduledOn === undefined) return 'now';
  if (!isIsoDate(scheduledOn)) return 'invalid';
  const order = compareIsoDates(scheduledOn, today);
  return order === 0 ? 'now' : order > 0 ? 'later' : 'past';
}

/** Whether a scheduled check is due on Rome day `today`: on its day, or any day after (a run after downtime catches up). */
export function isDue(scheduledOn: IsoDate, today: IsoDate): boolean {
  return compareIsoDates(scheduledOn, today) <= 0;
}

/** What the due-checks job does with a due check: open it while its rating is current (active or suspended), cancel it otherwise. */
export function dueCheckStep(effectiveRatingStatus: string): 'open' | 'cancel' {
  return effectiveRatingStatus === 'active' || effectiveRatingStatus === 'suspended' ? 'open' : 'cancel';
}
export const CHECK_OUTCOMES = ['maintain', 'suspend', 'revoke'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];
/** The audit's vocabulary, so a check reads like the audit it repeats in small. */
export const CHECK_ITEM_RESULTS = ['met', 'minor_nc', 'major_nc', 'not_applicable'] as const;
export type CheckItemResult = (typeof CHECK_ITEM_RESULTS)[number];
export const FINDING_SEVERITIES = ['minor', 'major'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** The items of the check still without a result: a proposal needs none left. */
export function itemsWithoutResult(itemCodes: readonly string[], recorded: readonly string[]): string[] {
  const done = new Set(recorded);
  return itemCodes.filter((code) => !done.has(code));
}

/** How a check decided from a review task closes that task. */
export const REVIEW_OUTCOME_OF: { readonly [O in CheckOutcome]: ReviewOutcome } = { maintain: 'no_action', suspend: 'suspended', revoke: 'revoked' };
