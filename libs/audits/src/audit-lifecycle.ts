import type { Transitions } from '@app/core';

export const AUDIT_STATUSES = ['in_progress', 'awaiting_firm', 'proposed', 'decided'] as const;
/**
 * `awaiting_firm`: an information request is open and the audit waits for the firm's answer;
 * `proposed`: the auditor has proposed an outcome and the audit waits for a reviewer's decision;
 * `decided`: a reviewer decided, and nothing about the audit changes any more.
 */
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const AUDIT_TRANSITIONS: Transitions<AuditStatus> = {
  in_progress: ['awaiting_firm', 'proposed'],
  awaiting_firm: ['in_progress'],
  proposed: ['in_progress', 'decided'],
  decided: [],
};

/**
 * The one way out of `decided`, outside the transitions above: an appeal panel annulled the refusal, so
 * the audit waits for a fresh decision (the database allows it only then).
 */
export const AUDIT_REOPENING_ON_APPEAL: Transitions<AuditStatus> = {
  in_progress: [],
  awaiting_firm: [],
  proposed: [],
  decided: ['proposed'],
};

/** The auditor records results, findings and questions while the audit is neither proposed nor decided. */
export const AUDIT_WORKING_STATUSES: readonly AuditStatus[] = ['in_progress', 'awaiting_firm'];

export const ITEM_RESULTS = ['met', 'minor_nc', 'major_nc', 'not_applicable'] as const;
/** The auditor's finding on one checklist item: met, a minor or major non-conformity, or not applicable to this firm. */
export type ItemResult = (typeof ITEM_RESULTS)[number];

export const FINDING_SEVERITIES = ['minor', 'major'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const VERDICTS = ['approve', 'refuse'] as const;
/** What the auditor proposes and the reviewer decides. */
export type Verdict = (typeof VERDICTS)[number];

/** What the approval rule needs to know about a checklist item. */
export interface GateItem {
  readonly code: string;
  readonly required: boolean;
  readonly blocking: boolean;
  readonly assessment: 'declared' | 'computed';
}

/** The sanctions criterion as evaluated for the decision day. */
export interface SanctionGate<S> {
  readonly passed: boolean;
  readonly counting: readonly S[];
}

/** Everything that stands in the way of an approval; empty lists everywhere mean approval is possible. */
export interface ApprovalBlockers<S> {
  /** Blocking items the auditor found in major non-conformity. */
  readonly blockingMajorNonConformities: string[];
  /** Required items the firm declares on which the auditor has recorded nothing yet. */
  readonly missingResults: string[];
  /** Definitive sanctions in the two years before the decision day. */
  readonly disqualifyingSanctions: S[];
}

/**
 * Why approval cannot be proposed or decided, item by item in checklist order: a blocking item in
 * major non-conformity, a required declared item without a result, or a failed sanctions criterion
 * (the computed item is judged by the criterion alone, never by a recorded result).
 */
export function approvalBlockers<S>(items: readonly GateItem[], results: ReadonlyMap<string, ItemResult>, sanctions: SanctionGate<S>): ApprovalBlockers<S> {
  const blockingMajorNonConformities: string[] = [];
  const missingResults: string[] = [];
  for (const item of items) {
    if (item.assessment !== 'declared') continue;
    const result = results.get(item.code);
    if (result === undefined) {
      if (item.required) missingResults.push(item.code);
    } else if (result === 'major_nc' && item.blocking) {
      blockingMajorNonConformities.push(item.code);
    }
  }
  return { blockingMajorNonConformities, missingResults, disqualifyingSanctions: sanctions.passed ? [] : [...sanctions.counting] };
}

export function approvalIsPossible(blockers: ApprovalBlockers<unknown>): boolean {
  return blockers.blockingMajorNonConformities.length === 0 && blockers.missingResults.length === 0 && blockers.disqualifyingSanctions.length === 0;
}

/** What the item-result rule needs to know about a checklist item. */
export interface ResultItem {
  readonly code: string;
  readonly evidenceRequired: boolean;
  readonly assessment: 'declared' | 'computed';
}

export type ItemResultProblem = 'computed_item' | 'evidence_needed';

/**
 * Whether a result may be recorded on an item: never on the computed item (the platform evaluates
 * it from the sanctions register), and `met` on an item that needs evidence only with at least one
 * linked piece of the firm's evidence, so that every "met" can be traced to what proves it.
 */
export function itemResultProblem(item: ResultItem, result: ItemResult, linkedEvidenceCount: number): ItemResultProblem | null {
  if (item.assessment === 'computed') return 'computed_item';
  if (result === 'met' && item.evidenceRequired && linkedEvidenceCount === 0) return 'evidence_needed';
  return null;
}
