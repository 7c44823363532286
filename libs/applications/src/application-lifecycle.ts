import type { Transitions } from '@app/core';

export const APPLICATION_STATES = ['draft', 'submitted', 'in_audit', 'decided', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Open applications: a firm has at most one (a unique partial index keeps it so). */
export const OPEN_APPLICATION_STATES: readonly ApplicationState[] = ['draft', 'submitted', 'in_audit'];

/**
 * A submitted application still without an auditor after this many days is late: admins are e-mailed
 * (libs/notifications) and see it on their to-do list (libs/todos), by the same threshold.
 */
export const UNASSIGNED_APPLICATION_DAYS = 3;

export const APPLICATION_OUTCOMES = ['approved', 'refused'] as const;
export type ApplicationOutcome = (typeof APPLICATION_OUTCOMES)[number];

export const APPLICATION_TRANSITIONS: Transitions<ApplicationState> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['in_audit', 'withdrawn'],
  in_audit: ['decided'],
  decided: [],
  withdrawn: [],
};

/**
 * The one way out of `decided`, outside the transitions above: an appeal panel annulled the refusal, so
 * the application is back in audit for a new decision (a trigger allows it only then).
 */
export const APPLICATION_REOPENING_ON_APPEAL: Transitions<ApplicationState> = {
  draft: [],
  submitted: [],
  in_audit: [],
  decided: ['in_audit'],
  withdrawn: [],
};

export const COMPLIANCE_ANSWERS = ['compliant', 'non_compliant', 'not_applicable'] as const;
/** The firm's own position on one checklist item. */
export type Compliance = (typeof COMPLIANCE_ANSWERS)[number];

/** What submission needs to know of a checklist item. */
export interface SubmissionItem {
  readonly code: string;
  readonly assessment: 'declared' | 'computed';
  readonly required: boolean;
  readonly evidenceRequired: boolean;
}

export interface MissingForSubmission {
  readonly itemCode: string;
  readonly missing: readonly ('answer' | 'evidence')[];
  /** When evidence is missing: the item's current documents that have expired, so the firm knows which to renew. */
  readonly expired?: readonly ExpiredEvidence[];
}

export interface ExpiredEvidence {
  readonly id: string;
  readonly fileName: string;
  /** `YYYY-MM-DD`, the last day it was valid. */
  readonly expiresOn: string;
}

/**
 * What stops an application from being submitted, item by item in checklist order. The firm
 * answers every required item it is asked about (computed items are the platform's); a claim of
 * compliance on an item that needs evidence must be backed by evidence still valid on `today`.
 */
export function missingForSubmission(
  items: readonly SubmissionItem[],
  answers: ReadonlyMap<string, Compliance>,
  evidenceValidToday: ReadonlySet<string>,
): MissingForSubmission[] {
  const result: MissingForSubmission[] = [];
  for (const item of items) {
    if (item.assessment !== 'declared') continue;
    const answer = answers.get(item.code);
    const missing: ('answer' | 'evidence')[] = [];
    if (item.required && answer === undefined) missing.push('answer');
    if (item.evidenceRequired && answer === 'compliant' && !evidenceValidToday.has(item.code)) missing.push('evidence');
    if (missing.length > 0) result.push({ itemCode: item.code, missing });
  }
  return result;
}
