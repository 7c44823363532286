import { addCalendarDays, romeCalendarDate } from '@app/core';

/** Decisions on a rating that a firm may appeal: the appeal names the public event that recorded them. */
export const RATING_APPEAL_KINDS = ['suspension', 'revocation'] as const;
export type RatingAppealKind = (typeof RATING_APPEAL_KINDS)[number];

/**
 * What a firm may appeal (ISO/IEC 17065 7.13), as data: the kind of the decision appealed (also
 * `chk_appeal_kind` in the database). A refusal names the reviewer's `audit_decision`; a surveillance
 * outcome names the decided `surveillance_check` and the public event its decision recorded.
 */
export const APPEALABLE_KINDS = [...RATING_APPEAL_KINDS, 'refusal', 'surveillance_outcome'] as const;
export type AppealKind = (typeof APPEALABLE_KINDS)[number];

/** The outcomes of a surveillance check that a firm may appeal: those that changed its public status. */
export const APPEALABLE_CHECK_OUTCOMES = ['suspend', 'revoke'] as const;
export type AppealableCheckOutcome = (typeof APPEALABLE_CHECK_OUTCOMES)[number];

/**
 * Whether a decided surveillance check may be appealed, by its outcome. "maintain" may not, findings or
 * not: it leaves the rating as it was and orders nothing (findings are the auditor's notes, with no
 * sanction or corrective action attached), so an upheld appeal would have nothing to reverse; the panel's
 * only power is to annul a decision against the firm. A firm that disputes a finding writes to the
 * scheme as a complaint instead.
 */
export function isAppealableCheckOutcome(outcome: string | null): outcome is AppealableCheckOutcome {
  return (APPEALABLE_CHECK_OUTCOMES as readonly string[]).includes(outcome ?? '');
}

/** The public rating event a surveillance check's outcome recorded: a suspension or a revocation. */
export const RATING_EVENT_OF_CHECK_OUTCOME: { readonly [O in AppealableCheckOutcome]: 'suspended' | 'revoked' } = { suspend: 'suspended', revoke: 'revoked' };

export const APPEAL_STATUSES = ['filed', 'under_review', 'upheld', 'dismissed'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** The last Rome day on which a decision taken at `decidedAt` may be appealed: `days` days after the decision day. */
export function appealLastDay(decidedAt: Date, days: number): string {
  return addCalendarDays(romeCalendarDate(decidedAt), days);
}

export function appealWindowOpen(decidedAt: Date, now: Date, days: number): boolean {
  return romeCalendarDate(now) <= appealLastDay(decidedAt, days);
}

/** Who took part in the decision appealed: its decider (none for a lapse the platform recorded), its auditor, the firm's people. */
export interface DecisionParticipants {
  readonly deciderId: string | null;
  readonly auditorId: string | null;
  readonly firmMemberIds: readonly string[];
}

export interface PanelCandidate {
  readonly id: string;
  readonly role: string;
}

export type PanelIneligibility = 'not_reviewer' | 'took_the_decision' | 'audited_the_firm' | 'firm_member';

/** Why a candidate may not sit on the panel, or null if they may: a reviewer who took no part in the decision appealed. */
export function panelIneligibility(candidate: PanelCandidate, participants: DecisionParticipants): PanelIneligibility | null {
  if (candidate.role !== 'reviewer') return 'not_reviewer';
  if (candidate.id === participants.deciderId) return 'took_the_decision';
  if (candidate.id === participants.auditorId) return 'audited_the_firm';
  if (participants.firmMemberIds.includes(candidate.id)) return 'firm_member';
  return null;
}

/** Every candidate that may not sit, with the reason; a panel is valid when this is empty and it has at least one member. */
export function panelRefusals(candidates: readonly PanelCandidate[], participants: DecisionParticipants): { id: string; reason: PanelIneligibility }[] {
  return candidates.flatMap((candidate) => {
    const reason = panelIneligibility(candidate, participants);
    return reason === null ? [] : [{ id: candidate.id, reason }];
  });
}
