import { assertTransition, DAY_MS, Transitions } from '@app/core';
import { FirmNotHeardError, ReportNotLinkedToFirmError } from './reports.errors';
import type { ReportOutcome, ReportStatus } from './report.vocabulary';

/**
 * Staff forward a report to the firm, the firm answers, staff close it (as substantiated or not) or
 * dismiss it. The same pairs are a CHECK on `consumer_report_transition` and a trigger on `consumer_report`.
 */
export const REPORT_TRANSITIONS: Transitions<ReportStatus> = {
  new: ['forwarded_to_firm', 'closed', 'dismissed'],
  forwarded_to_firm: ['answered', 'closed', 'dismissed'],
  answered: ['closed', 'dismissed'],
  closed: [],
  dismissed: [],
};

export interface ReportTransitionFacts {
  readonly status: ReportStatus;
  /** Whether the number was declared by a firm when the report arrived. */
  readonly linkedToFirm: boolean;
}

/**
 * Refuses a transition the map does not allow (409), and two that it allows only for some reports (422):
 * forwarding a report no firm can receive, and closing one against a firm that was never asked to answer.
 */
export function assertReportTransition(report: ReportTransitionFacts, to: ReportStatus): void {
  assertTransition('Report', REPORT_TRANSITIONS, report.status, to);
  if (to === 'forwarded_to_firm' && !report.linkedToFirm) throw new ReportNotLinkedToFirmError();
  if (to === 'closed' && report.status === 'new' && report.linkedToFirm) throw new FirmNotHeardError();
}

/** The statistics bucket of a report. `substantiated` is set exactly when the report is closed. */
export function reportOutcome(status: ReportStatus, substantiated: boolean | null): ReportOutcome {
  switch (status) {
    case 'new':
    case 'forwarded_to_firm':
    case 'answered':
      return 'open';
    case 'closed':
      return substantiated === true ? 'substantiated' : 'unsubstantiated';
    case 'dismissed':
      return 'dismissed';
  }
}


/** The firm has `answerDays` whole days (of 24 hours) from the moment staff forward the report. */
export function answerDueAt(forwardedAt: Date, answerDays: number): Date {
  return new Date(forwardedAt.getTime() + answerDays * DAY_MS);
}

/** A report forwarded to the firm and still unanswered when its time is up. */
export function isAnswerOverdue(report: { readonly status: ReportStatus; readonly answerDueAt: Date | null }, now: Date): boolean {
  return report.status === 'forwarded_to_firm' && report.answerDueAt !== null && report.answerDueAt.getTime() <= now.getTime();
}
