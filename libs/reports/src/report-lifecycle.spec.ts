import { canTransition, InvalidTransitionError } from '@app/core';
import { answerDueAt, assertReportTransition, isAnswerOverdue, REPORT_TRANSITIONS, reportOutcome } from './report-lifecycle';
import { REPORT_STATUSES } from './report.vocabulary';
import { FirmNotHeardError, ReportNotLinkedToFirmError } from './reports.errors';

describe('report lifecycle', () => {
  it('runs new -> forwarded_to_firm -> answered -> closed, with dismissal from any open status', () => {
    expect(canTransition(REPORT_TRANSITIONS, 'new', 'forwarded_to_firm')).toBe(true);
    expect(canTransition(REPORT_TRANSITIONS, 'forwarded_to_firm', 'answered')).toBe(true);
    expect(canTransition(REPORT_TRANSITIONS, 'answered', 'closed')).toBe(true);
    for (const open of ['new', 'forwarded_to_firm', 'answered'] as const) expect(canTransition(REPORT_TRANSITIONS, open, 'dismissed')).toBe(true);
  });

  it('never leaves closed or dismissed, never goes back, never stays', () => {
    for (const to of REPORT_STATUSES) {
      expect(canTransition(REPORT_TRANSITIONS, 'closed', to)).toBe(false);
      expect(canTransition(REPORT_TRANSITIONS, 'dismissed', to)).toBe(false);
      expect(canTransition(REPORT_TRANSITIONS, to, 'new')).toBe(false);
      expect(canTransition(REPORT_TRANSITIONS, to, to)).toBe(false);
    }
    expect(canTransition(REPORT_TRANSITIONS, 'answered', 'forwarded_to_firm')).toBe(false);
    expect(canTransition(REPORT_TRANSITIONS, 'new', 'answered')).toBe(false);
  });

  it('refuses a transition outside the map as a conflict', () => {
    expect(() => assertReportTransition({ status: 'closed', linkedToFirm: true }, 'dismissed')).toThrow(InvalidTransitionError);
  });

  it('forwards only reports a firm can receive', () => {
    expect(() => assertReportTransition({ status: 'new', linkedToFirm: false }, 'forwarded_to_firm')).toThrow(ReportNotLinkedToFirmError);
    expect(() => assertReportTransition({ status: 'new', linkedToFirm: true }, 'forwarded_to_firm')).not.toThrow();
  });

  it('closes a report against a firm only after the firm was asked; an undeclared number has nobody to ask', () => {
    expect(() => assertReportTransition({ status: 'new', linkedToFirm: true }, 'closed')).toThrow(FirmNotHeardError);
    expect(() => assertReportTransition({ status: 'new', linkedToFirm: false }, 'closed')).not.toThrow();
    expect(() => assertReportTransition({ status: 'forwarded_to_firm', linkedToFirm: true }, 'closed')).not.toThrow();
    expect(() => assertReportTransition({ status: 'new', linkedToFirm: true }, 'dismissed')).not.toThrow();
  });

  it('buckets outcomes: open until closed or dismissed; closed is substantiated or not', () => {
    expect(reportOutcome('new', null)).toBe('open');
    expect(reportOutcome('forwarded_to_firm', null)).toBe('open');
    expect(reportOutcome('answered', null)).toBe('open');
    expect(reportOutcome('closed', true)).toBe('substantiated');
    expect(reportOutcome('closed', false)).toBe('unsubstantiated');
    expect(reportOutcome('dismissed', null)).toBe('dismissed');
  });

  it('is overdue from the instant the answer is due, only while the firm has not answered', () => {
    const forwardedAt = new Date('2026-11-01T10:00:00Z');
    const due = answerDueAt(forwardedAt, 15);
    expect(due.toISOString()).toBe('2026-11-16T10:00:00.000Z');
    expect(isAnswerOverdue({ status: 'forwarded_to_firm', answerDueAt: due }, new Date('2026-11-16T09:59:59.999Z'))).toBe(false);
    expect(isAnswerOverdue({ status: 'forwarded_to_firm', answerDueAt: due }, due)).toBe(true);
    expect(isAnswerOverdue({ status: 'answered', answerDueAt: due }, new Date('2026-12-01T00:00:00Z'))).toBe(false);
    expect(isAnswerOverdue({ status: 'new', answerDueAt: null }, new Date('2026-12-01T00:00:00Z'))).toBe(false);
  });
});
