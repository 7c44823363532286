import type { ConsumerReportTransition } from './consumer-report-transition.entity';
import type { ConsumerReport } from './consumer-report.entity';
import { isAnswerOverdue, reportOutcome } from './report-lifecycle';
import type { ReportKind, ReportOutcome, ReportStatus } from './report.vocabulary';

/**
 * What anyone holding the reference sees: where the report stands, never its text, the reporter or
 * which firm it concerns (only whether the number was declared).
 */
export interface PublicReportStatus {
  readonly reference: string;
  readonly number: string;
  readonly kind: ReportKind;
  readonly callDay: string;
  readonly receivedAt: Date;
  readonly status: ReportStatus;
  readonly outcome: ReportOutcome;
  readonly numberDeclared: boolean;
  readonly forwardedAt: Date | null;
  readonly answeredAt: Date | null;
  readonly finishedAt: Date | null;
}

/** What the firm sees of a report forwarded to it; the reporter's e-mail only with their consent. */
export interface FirmReportView {
  readonly id: string;
  readonly reference: string;
  readonly number: string;
  readonly calledAt: Date;
  readonly kind: ReportKind;
  /** Null once the retention period has passed. */
  readonly description: string | null;
  readonly duplicateCount: number;
  readonly status: ReportStatus;
  readonly outcome: ReportOutcome;
  readonly forwardedAt: Date;
  readonly answerDueAt: Date;
  readonly overdue: boolean;
  readonly answer: string | null;
  readonly answeredAt: Date | null;
  readonly finishedAt: Date | null;
  /** The reporter's e-mail, present only when they agreed to pass it to the firm. */
  readonly reporterEmail: string | null;
}

/** Everything, for staff triage: personal data included until the retention period erases it. */
export interface TriageReportView {
  readonly id: string;
  readonly reference: string;
  readonly number: string;
  readonly firmId: string | null;
  readonly firmName: string | null;
  readonly calledAt: Date;
  readonly callDay: string;
  readonly kind: ReportKind;
  readonly description: string | null;
  readonly reporterEmail: string | null;
  readonly contactConsentText: string | null;
  readonly duplicateCount: number;
  readonly receivedAt: Date;
  readonly lastSubmittedAt: Date;
  readonly status: ReportStatus;
  readonly substantiated: boolean | null;
  readonly outcome: ReportOutcome;
  readonly forwardedAt: Date | null;
  readonly answerDueAt: Date | null;
  readonly overdue: boolean;
  readonly firmAnswer: string | null;
  readonly answeredAt: Date | null;
  readonly finishedAt: Date | null;
  readonly personalDataPurgedAt: Date | null;
}

export interface ReportTransitionView {
  readonly from: ReportStatus;
  readonly to: ReportStatus;
  readonly substantiated: boolean | null;
  readonly note: string | null;
  readonly actorId: string;
  readonly occurredAt: Date;
}

export interface TriageReportDetail extends TriageReportView {
  readonly transitions: ReportTransitionView[];
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function toPublicReportStatus(report: ConsumerReport): PublicReportStatus {
  return {
    reference: report.reference,
    number: report.e164,
    kind: report.kind,
    callDay: report.callDay,
    receivedAt: report.receivedAt,
    status: report.status,
    outcome: reportOutcome(report.status, report.substantiated),
    numberDeclared: report.firmId !== null,
    forwardedAt: report.forwardedAt,
    answeredAt: report.answeredAt,
    finishedAt: report.finishedAt,
  };
}

/** Only for reports forwarded to the firm: the caller selects those. */
export function toFirmReportView(report: ConsumerReport, now: Date): FirmReportView {
  if (report.forwardedAt === null || report.answerDueAt === null) throw new Error(`Report ${report.reference} was never forwarded to a firm`);
  return {
    id: report.id,
    reference: report.reference,
    number: report.e164,
    calledAt: report.calledAt,
    kind: report.kind,
    description: report.description,
    duplicateCount: report.duplicateCount,
    status: report.status,
    outcome: reportOutcome(report.status, report.substantiated),
    forwardedAt: report.forwardedAt,
    answerDueAt: report.answerDueAt,
    overdue: isAnswerOverdue(report, now),
    answer: report.firmAnswer,
    answeredAt: report.answeredAt,
    finishedAt: report.finishedAt,
    reporterEmail: report.contactConsentText !== null ? report.reporterEmail : null,
  };
}

export function toTriageReportView(report: ConsumerReport, now: Date): TriageReportView {
  return {
    id: report.id,
    reference: report.reference,
    number: report.e164,
    firmId: report.firmId,
    firmName: report.firm?.legalName ?? null,
    calledAt: report.calledAt,
    callDay: report.callDay,
    kind: report.kind,
    description: report.description,
    reporterEmail: report.reporterEmail,
    contactConsentText: report.contactConsentText,
    duplicateCount: report.duplicateCount,
    receivedAt: report.receivedAt,
    lastSubmittedAt: report.lastSubmittedAt,
    status: report.status,
    substantiated: report.substantiated,
    outcome: reportOutcome(report.status, report.substantiated),
    forwardedAt: report.forwardedAt,
    answerDueAt: report.answerDueAt,
    overdue: isAnswerOverdue(report, now),
    firmAnswer: report.firmAnswer,
    answeredAt: report.answeredAt,
    finishedAt: report.finishedAt,
    personalDataPurgedAt: report.personalDataPurgedAt,
  };
}

export function toReportTransitionView(transition: ConsumerReportTransition): ReportTransitionView {
  return {
    from: transition.fromStatus,
    to: transition.toStatus,
    substantiated: transition.substantiated,
    note: transition.note,
    actorId: transition.actorId,
    occurredAt: transition.occurredAt,
  };
}
