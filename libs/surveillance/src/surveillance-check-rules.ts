import type { ReviewOutcome } from '@app/ratings';

export const CHECK_KINDS = ['yearly', 'unannounced', 'reports'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const CHECK_STATUSES = ['in_progress', 'proposed', 'decided'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
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
