import { UNASSIGNED_APPLICATION_DAYS } from '@app/applications';
import { DAY_MS, romeCalendarDate } from '@app/core';

/**
 * What staff must do now, decided from plain facts read from the current state of the database (not
 * from the messages sent), so the list is right even when a message was muted, digested or lost. The
 * events are those libs/notifications tells each role of: auditors their assignments, the firm's
 * answers and corrective actions to review; reviewers the proposals waiting (never their own audit's)
 * and the review tasks; admins applications waiting for an auditor and what was dead-lettered. The
 * query that gathers the facts is `StaffTodosQuery`.
 */

export type StaffRole = 'auditor' | 'reviewer' | 'admin';

/** Something assigned to, or waiting for, one user, since a moment. */
export interface WaitingFact {
  readonly id: string;
  readonly firmName: string;
  readonly since: Date;
}

/** A firm's answer to a corrective action, for the auditor to accept or reopen by its due date. */
export interface AnsweredCorrectiveActionFact extends WaitingFact {
  readonly description: string;
  /** Rome day, YYYY-MM-DD. */
  readonly dueOn: string;
}

export interface ReviewTaskFact extends WaitingFact {
  readonly summary: string;
}

/** Things of one kind in a list of their own (dead-lettered jobs, undelivered messages): how many, since when. */
export interface FailedCountFact {
  readonly count: number;
  readonly oldest: Date | null;
}

export interface AuditorTodoFacts {
  /** Audits assigned to the auditor on which nothing is recorded yet. */
  readonly newAudits: readonly WaitingFact[];
  /** Audits back with the auditor after the firm answered; `since` is the latest answer. */
  readonly answeredAudits: readonly WaitingFact[];
  readonly answeredCorrectiveActions: readonly AnsweredCorrectiveActionFact[];
  /** Surveillance checks assigned to the auditor and not proposed yet. */
  readonly surveillanceChecks: readonly WaitingFact[];
}

export interface ReviewerTodoFacts {
  /** Proposed audits the reviewer did not run; `since` is the proposal. */
  readonly proposals: readonly WaitingFact[];
  /** Proposed surveillance checks the reviewer did not run. */
  readonly surveillanceProposals: readonly WaitingFact[];
  readonly reviewTasks: readonly ReviewTaskFact[];
  /** Appeals under review on whose panel the reviewer sits; `since` is the panel's forming. */
  readonly appeals: readonly WaitingFact[];
}

export interface AdminTodoFacts {
  /** Submitted applications without an auditor; `since` is the submission. */
  readonly unassignedApplications: readonly WaitingFact[];
  /** Appeals filed and waiting for a panel. */
  readonly appealsWithoutPanel: readonly WaitingFact[];
  readonly deadLetteredJobs: FailedCountFact;
  readonly undeliveredMail: FailedCountFact;
}

/** The facts of each role the user holds; a role the user lacks is absent. */
export interface StaffTodoFacts {
  readonly auditor?: AuditorTodoFacts;
  readonly reviewer?: ReviewerTodoFacts;
  readonly admin?: AdminTodoFacts;
}

export const STAFF_TODO_KINDS = [
  'start_audit',
  'read_firm_answers',
  'review_corrective_action',
  'run_surveillance_check',
  'decide_proposal',
  'decide_surveillance_check',
  'close_review_task',
  'decide_appeal',
  'assign_auditor',
  'form_appeal_panel',
  'retry_dead_letters',
  'check_undelivered_mail',
] as const;
export type StaffTodoKind = (typeof STAFF_TODO_KINDS)[number];

/** One line of a staff member's to-do list. */
export interface StaffTodo {
  readonly kind: StaffTodoKind;
  readonly role: StaffRole;
  /** The thing to act on (an audit, a finding, a check, a task, an appeal, an application); null for a count. */
  readonly subjectId: string | null;
  readonly firmName: string | null;
  /** A corrective action's description, a review task's summary. */
  readonly detail: string | null;
  /** How many, for the counted kinds (dead letters, undelivered messages); 1 otherwise. */
  readonly count: number;
  /** Since when it waits (assigned, answered, proposed, opened, submitted, failed). */
  readonly waitingSince: Date;
  /** The Rome day by which it is due (YYYY-MM-DD), where the domain sets one. */
  readonly dueOn: string | null;
  /** Past its due day (from the day after it); a late application, a dead letter or an undelivered message at once. */
  readonly overdue: boolean;
}

type Line = Omit<StaffTodo, 'overdue' | 'count' | 'detail' | 'dueOn'> & Partial<Pick<StaffTodo, 'count' | 'detail' | 'dueOn'>>;

const waiting = (kind: StaffTodoKind, role: StaffRole, fact: WaitingFact): Line => ({ kind, role, subjectId: fact.id, firmName: fact.firmName, waitingSince: fact.since });

function auditorLines(facts: AuditorTodoFacts): Line[] {
  return [
    ...facts.newAudits.map((fact) => waiting('start_audit', 'auditor', fact)),
    ...facts.answeredAudits.map((fact) => waiting('read_firm_answers', 'auditor', fact)),
    ...facts.answeredCorrectiveActions.map((fact) => ({ ...waiting('review_corrective_action', 'auditor', fact), detail: fact.description, dueOn: fact.dueOn })),
    ...facts.surveillanceChecks.map((fact) => waiting('run_surveillance_check', 'auditor', fact)),
  ];
}

function reviewerLines(facts: ReviewerTodoFacts): Line[] {
  return [
    ...facts.proposals.map((fact) => waiting('decide_proposal', 'reviewer', fact)),
    ...facts.surveillanceProposals.map((fact) => waiting('decide_surveillance_check', 'reviewer', fact)),
    ...facts.reviewTasks.map((fact) => ({ ...waiting('close_review_task', 'reviewer', fact), detail: fact.summary })),
    ...facts.appeals.map((fact) => waiting('decide_appeal', 'reviewer', fact)),
  ];
}

function adminLines(facts: AdminTodoFacts, now: Date): Line[] {
  const counted = (kind: StaffTodoKind, fact: FailedCountFact): Line[] =>
    fact.count === 0 ? [] : [{ kind, role: 'admin', subjectId: null, firmName: null, count: fact.count, waitingSince: fact.oldest ?? now }];
  return [
    // An application is late once it has waited the threshold (the same one that e-mails admins); before that it is routine.
    ...facts.unassignedApplications
      .filter((fact) => now.getTime() - fact.since.getTime() >= UNASSIGNED_APPLICATION_DAYS * DAY_MS)
      .map((fact) => ({ ...waiting('assign_auditor', 'admin', fact), dueOn: romeCalendarDate(new Date(fact.since.getTime() + UNASSIGNED_APPLICATION_DAYS * DAY_MS)) })),
    ...facts.appealsWithoutPanel.map((fact) => waiting('form_appeal_panel', 'admin', fact)),
    ...counted('retry_dead_letters', facts.deadLetteredJobs),
    ...counted('check_undelivered_mail', facts.undeliveredMail),
  ];
}

/**
 * Late as soon as listed: an application is listed only once it has waited past the threshold;
 * failures have no due day, and nothing but an admin retries them.
 */
const LATE_AT_ONCE: readonly StaffTodoKind[] = ['assign_auditor', 'retry_dead_letters', 'check_undelivered_mail'];

/**
 * The to-do list of a staff member: the union of the lists of the roles they hold, most urgent first.
 * Late things first (past their due day, or failures), by due day then age; then things with a due
 * day, nearest first; then the rest, the longest waiting first. `today` is the calendar date in Rome.
 */
export function staffTodos(facts: StaffTodoFacts, now: Date, today: string): StaffTodo[] {
  const lines = [
    ...(facts.auditor ? auditorLines(facts.auditor) : []),
    ...(facts.reviewer ? reviewerLines(facts.reviewer) : []),
    ...(facts.admin ? adminLines(facts.admin, now) : []),
  ];
  const todos = lines.map(
    (line): StaffTodo => ({
      ...line,
      count: line.count ?? 1,
      detail: line.detail ?? null,
      dueOn: line.dueOn ?? null,
      // Due through its due day, late from the next (as corrective actions are counted everywhere).
      overdue: LATE_AT_ONCE.includes(line.kind) || (line.dueOn !== undefined && line.dueOn !== null && line.dueOn < today),
    }),
  );
  const rank = (todo: StaffTodo) => (todo.overdue ? 0 : todo.dueOn !== null ? 1 : 2);
  const dueKey = (todo: StaffTodo) => todo.dueOn ?? '';
  return todos.sort(
    (left, right) =>
      rank(left) - rank(right) || dueKey(left).localeCompare(dueKey(right)) || left.waitingSince.getTime() - right.waitingSince.getTime() || (left.subjectId ?? '').localeCompare(right.subjectId ?? ''),
  );
}
