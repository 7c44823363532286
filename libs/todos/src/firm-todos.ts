import { DAY_MS } from '@app/core';

/**
 * What a firm must do now, decided from plain facts: the auditor's open questions, consumer reports
 * waiting for its answer, evidence about to expire, corrective actions to answer, and a rating about to lapse. The query that
 * gathers the facts is `FirmTodosQuery`; other users' lists (auditors, reviewers, staff) can be
 * added beside this one with the same shape.
 */

/** Evidence expiring within this many days is worth replacing now: an auditor refuses an expired document. */
export const EVIDENCE_EXPIRY_NOTICE_DAYS = 30;
/** A renewal needs a new audit, which takes weeks: the firm is told this long before its rating lapses. */
export const RATING_EXPIRY_NOTICE_DAYS = 60;

export interface OpenQuestionFact {
  readonly requestId: string;
  readonly applicationId: string;
  readonly itemCode: string | null;
  readonly question: string;
  readonly askedAt: Date;
}

export interface ReportAwaitingAnswerFact {
  readonly reportId: string;
  readonly reference: string;
  readonly answerDueAt: Date;
}

/** A piece of evidence still in force (not replaced by a newer version) that has an expiry date. */
export interface ExpiringEvidenceFact {
  readonly evidenceId: string;
  readonly applicationId: string;
  readonly itemCode: string;
  readonly fileName: string;
  /** Calendar date, YYYY-MM-DD. */
  readonly expiresOn: string;
}

/** A finding's corrective action waiting for the firm's answer (open, or reopened by the auditor). */
export interface CorrectiveActionFact {
  readonly findingId: string;
  readonly itemCode: string | null;
  readonly description: string;
  /** Rome day, YYYY-MM-DD. */
  readonly dueOn: string;
}

/** The firm's current rating (active or suspended). */
export interface CurrentRatingFact {
  readonly ratingId: string;
  readonly certificateNumber: string;
  readonly validUntil: Date;
}

/** An announced surveillance check running or scheduled at the firm (an unannounced one is never listed). */
export interface AnnouncedCheckFact {
  readonly checkId: string;
  /** When it opened, or (scheduled) when its day begins. */
  readonly openedAt: Date;
  /** Rome day, YYYY-MM-DD, it is to open on while scheduled; null (or absent) once running. */
  readonly scheduledOn?: string | null;
}

export interface FirmTodoFacts {
  readonly openQuestions: readonly OpenQuestionFact[];
  readonly reportsAwaitingAnswer: readonly ReportAwaitingAnswerFact[];
  readonly expiringEvidence: readonly ExpiringEvidenceFact[];
  readonly correctiveActions: readonly CorrectiveActionFact[];
  readonly currentRating: CurrentRatingFact | null;
  readonly announcedChecks: readonly AnnouncedCheckFact[];
}

export type FirmTodo =
  | { readonly kind: 'answer_question'; readonly overdue: false; readonly question: OpenQuestionFact }
  | { readonly kind: 'answer_report'; readonly overdue: boolean; readonly report: ReportAwaitingAnswerFact }
  | { readonly kind: 'replace_evidence'; readonly overdue: boolean; readonly evidence: ExpiringEvidenceFact }
  | { readonly kind: 'answer_corrective_action'; readonly overdue: boolean; readonly correctiveAction: CorrectiveActionFact }
  | { readonly kind: 'renew_rating'; readonly overdue: boolean; readonly rating: CurrentRatingFact }
  | { readonly kind: 'surveillance_check'; readonly overdue: false; readonly check: AnnouncedCheckFact };

export type FirmTodoKind = FirmTodo['kind'];

/** `today` (YYYY-MM-DD) plus some days, on the calendar. */
export function addCalendarDays(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}


/** The moment a to-do is due (or, for questions, was asked): the list is read in this order. */
function dueTime(todo: FirmTodo): number {
  switch (todo.kind) {
    case 'answer_question':
      return todo.question.askedAt.getTime();
    case 'answer_report':
      return todo.report.answerDueAt.getTime();
    case 'replace_evidence':
      return new Date(`${todo.evidence.expiresOn}T00:00:00Z`).getTime();
    case 'answer_corrective_action':
      return new Date(`${todo.correctiveAction.dueOn}T00:00:00Z`).getTime();
    case 'renew_rating':
      return todo.rating.validUntil.getTime();
    case 'surveillance_check':
      return todo.check.openedAt.getTime();
  }
}

/**
 * The firm's to-do list, most urgent first: what is already late (an unanswered report past its
 * deadline, an expired document, a lapsed rating), then the auditor's questions (the audit waits for
 * them), then the rest by deadline. `today` is the calendar date in Rome.
 */
export function firmTodos(facts: FirmTodoFacts, now: Date, today: string): FirmTodo[] {
  const evidenceHorizon = addCalendarDays(today, EVIDENCE_EXPIRY_NOTICE_DAYS);
  const todos: FirmTodo[] = [
    ...facts.openQuestions.map((question): FirmTodo => ({ kind: 'answer_question', overdue: false, question })),
    ...facts.reportsAwaitingAnswer.map((report): FirmTodo => ({ kind: 'answer_report', overdue: report.answerDueAt.getTime() <= now.getTime(), report })),
    ...facts.expiringEvidence
      .filter((evidence) => evidence.expiresOn <= evidenceHorizon)
      // A document is valid through its expiry date and expired from the next day.
      .map((evidence): FirmTodo => ({ kind: 'replace_evidence', overdue: evidence.expiresOn < today, evidence })),
    // Due through its due date, late from the next day (as the overdue review counts it).
    ...facts.correctiveActions.map((correctiveAction): FirmTodo => ({ kind: 'answer_corrective_action', overdue: correctiveAction.dueOn < today, correctiveAction })),
    // Nothing to answer by a date: the firm is told the check is under way, so it can expect the auditor.
    ...facts.announcedChecks.map((check): FirmTodo => ({ kind: 'surveillance_check', overdue: false, check })),
  ];
  const rating = facts.currentRating;
  if (rating !== null && rating.validUntil.getTime() - now.getTime() <= RATING_EXPIRY_NOTICE_DAYS * DAY_MS) {
    todos.push({ kind: 'renew_rating', overdue: rating.validUntil.getTime() <= now.getTime(), rating });
  }
  const rank = (todo: FirmTodo) => (todo.overdue ? 0 : todo.kind === 'answer_question' ? 1 : 2);
  return todos.sort((left, right) => rank(left) - rank(right) || dueTime(left) - dueTime(right));
}
