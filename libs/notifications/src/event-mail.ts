import { Clock, formatItalianDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService, RecordedEvent } from '@app/history';
import { REASON_LABELS } from '@app/registry';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { historyEventKey } from './event-key';
import { MailAudience, Recipient } from './mail-audience';
import { mailDateTime } from './mail-format';
import { MailLanguage } from './mail-kinds';
import { MailOutbox, OutgoingMail } from './mail-outbox';

/** The page where anyone asks for a password reset link. */
export const PASSWORD_RESET_REQUEST_PATH = '/accedi/password-dimenticata';
/** The page of a reset link, which asks the new password; the token follows in `?token=`. */
export const PASSWORD_RESET_PATH = '/accedi/nuova-password';

const FIRM_HOME = '/area/azienda';
const FIRM_APPLICATIONS = '/area/azienda/domande';
const FIRM_REPORTS = '/area/azienda/segnalazioni';
const CORRECTIVE_ACTIONS = '/area/azioni-correttive';
const AUDITS = '/area/verifiche';
const DECISIONS = '/area/decisioni';
const REVIEW_TASKS = '/area/decisioni/revisioni';
const FIRM_SURVEILLANCE = '/area/azienda/sorveglianza';

type EventMailWriter = (event: RecordedEvent, cause: string) => Promise<OutgoingMail[]>;

const OUTCOMES: { readonly [L in MailLanguage]: Readonly<Record<string, string>> } = {
  it: { approved: 'approvata', refused: 'respinta', approve: 'approvare', refuse: 'respingere' },
  en: { approved: 'approved', refused: 'refused', approve: 'approve', refuse: 'refuse' },
};
const SEVERITIES: { readonly [L in MailLanguage]: Readonly<Record<string, string>> } = {
  it: { minor: 'minore', major: 'maggiore' },
  en: { minor: 'minor', major: 'major' },
};

const reasonLabel = (language: MailLanguage, reason: string | null): string =>
  reason === null ? '' : ((REASON_LABELS[language] as Readonly<Record<string, string>>)[reason] ?? reason);

/** A date as people in Italy write it (also in English messages: the platform and its deadlines are Italian). */
const day = (instant: Date | null): string => (instant === null ? '' : formatItalianDate(instant));
/** A Rome day (YYYY-MM-DD) as people in Italy write it. */
const calendarDay = (date: string): string => date.split('-').reverse().join('/');

function afterField(event: RecordedEvent, ...path: string[]): unknown {
  let value: unknown = event.after;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * Turns history events into messages, in the event's transaction (a history listener): a message is
 * written if and only if the change commits. Its key is the event's sequence number and the
 * recipient, so nothing an event causes is written twice. What the message says is read from the
 * tables the event changed, in the same transaction.
 */
@Injectable()
export class EventMail implements OnModuleInit {
  private readonly writers = new Map<string, EventMailWriter>();

  constructor(
    private readonly history: HistoryService,
    private readonly outbox: MailOutbox,
    private readonly audience: MailAudience,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {
    const writers: Record<string, EventMailWriter> = {
      'user.password_changed': (event, cause) => this.passwordChanged(event, cause),
      'user.password_reset': (event, cause) => this.passwordChanged(event, cause),
      'application.submitted': (event, cause) => this.applicationReceived(event, cause),
      'audit.information_requested': (event, cause) => this.auditQuestion(event, cause),
      'audit.information_answered': (event, cause) => this.firmAnswered(event, cause),
      'audit.finding_raised': (event, cause) => this.auditFinding(event, cause),
      'audit.corrective_action_answered': (event, cause) => this.correctiveActionAnswered(event, cause),
      'audit.corrective_action_accepted': (event, cause) => this.correctiveActionReviewed(event, cause),
      'audit.corrective_action_reopened': (event, cause) => this.correctiveActionReviewed(event, cause),
      'audit.assigned': (event, cause) => this.auditAssigned(event, cause),
      'audit.proposed': (event, cause) => this.proposalWaiting(event, cause),
      'audit.decided': (event, cause) => this.decision(event, cause),
      'rating.certificate_attached': (event, cause) => this.certificateReady(event, cause),
      'rating.suspended': (event, cause) => this.ratingChanged(event, cause),
      'rating.reinstated': (event, cause) => this.ratingChanged(event, cause),
      'rating.revoked': (event, cause) => this.ratingChanged(event, cause),
      'rating.expired': (event, cause) => this.ratingChanged(event, cause),
      'review_task.opened': (event, cause) => this.reviewTaskOpened(event, cause),
      'surveillance_check.opened': (event, cause) => this.surveillanceCheckAnnounced(event, cause),
      // A scheduled announced check is notice now, with its day; when the worker opens it, nothing more is sent.
      'surveillance_check.scheduled': (event, cause) => this.surveillanceCheckAnnounced(event, cause),
      'surveillance_check.cancelled': (event, cause) => this.surveillanceCheckCancelled(event, cause),
      'report.forwarded_to_firm': (event, cause) => this.reportToAnswer(event, cause),
      'complaint.acknowledged': (event, cause) => this.complaint(event, cause, 'complaint_acknowledged'),
      'complaint.closed': (event, cause) => this.complaint(event, cause, 'complaint_closed'),
    };
    for (const [action, writer] of Object.entries(writers)) this.writers.set(action, writer);
  }

  onModuleInit(): void {
    this.history.addListener((event) => this.onEvent(event));
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    const writer = this.writers.get(event.action);
    if (!writer) return;
    await this.outbox.write(await writer(event, await historyEventKey(this.txHost, event)));
  }

  private async one<T>(sql: string, values: unknown[]): Promise<T | undefined> {
    const rows = await this.txHost.tx.query<T[]>(sql, values);
    return rows[0];
  }

  private async passwordChanged(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const recipients = await this.audience.users([event.entityId]);
    return this.audience.compose(cause, 'password_changed', recipients, (user: Recipient) => ({
      email: user.email,
      changedOn: mailDateTime(this.clock.now(), user.language),
      resetUrl: this.audience.url(PASSWORD_RESET_REQUEST_PATH),
    }));
  }

  private async applicationReceived(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.one<{ firm_id: string; legal_name: string }>(
      `SELECT a.firm_id, f.legal_name FROM application a JOIN firm f ON f.id = a.firm_id WHERE a.id = $1`,
      [event.entityId],
    );
    if (!row) return [];
    return this.audience.compose(cause, 'application_received', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      url: this.audience.url(`${FIRM_APPLICATIONS}/${event.entityId}`),
    }));
  }

  /** The request the event is about, with its audit's firm and auditor. */
  private informationRequest(event: RecordedEvent) {
    const requestId = afterField(event, 'request', 'id');
    return this.one<{ firm_id: string; auditor_id: string; legal_name: string; question: string; answer: string | null }>(
      `SELECT a.firm_id, a.auditor_id, f.legal_name, r.question, r.answer
       FROM audit_information_request r JOIN audit a ON a.id = r.audit_id JOIN firm f ON f.id = a.firm_id
       WHERE r.id = $1 AND r.audit_id = $2`,
      [typeof requestId === 'string' ? requestId : null, event.entityId],
    );
  }

  private async auditQuestion(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.informationRequest(event);
    if (!row) return [];
    return this.audience.compose(cause, 'audit_question', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      question: row.question,
      url: this.audience.url(FIRM_APPLICATIONS),
    }));
  }

  /**
   * An announced check (yearly, or after consumer reports) is notice to the firm, when opened or, if
   * scheduled for a later day, when scheduled, with that day; an unannounced one is never told in advance.
   */
  private async surveillanceCheckAnnounced(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.one<{ firm_id: string; legal_name: string; kind: string; status: string; assigned_at: Date; scheduled_on: string | null }>(
      `SELECT k.firm_id, f.legal_name, k.kind, k.status, k.assigned_at, to_char(k.scheduled_on, 'YYYY-MM-DD') AS scheduled_on
       FROM surveillance_check k JOIN firm f ON f.id = k.firm_id WHERE k.id = $1`,
      [event.entityId],
    );
    if (!row || row.kind === 'unannounced') return [];
    return this.audience.compose(cause, 'surveillance_check_announced', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      openedOn: day(row.assigned_at),
      scheduledOn: row.status === 'scheduled' && row.scheduled_on !== null ? calendarDay(row.scheduled_on) : null,
      afterReports: row.kind === 'reports',
      url: this.audience.url(FIRM_SURVEILLANCE),
    }));
  }

  /** A scheduled check cancelled before its day: the firm told of an announced one is told it will not take place. */
  private async surveillanceCheckCancelled(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.one<{ firm_id: string; legal_name: string; kind: string; scheduled_on: string | null }>(
      `SELECT k.firm_id, f.legal_name, k.kind, to_char(k.scheduled_on, 'YYYY-MM-DD') AS scheduled_on
       FROM surveillance_check k JOIN firm f ON f.id = k.firm_id WHERE k.id = $1`,
      [event.entityId],
    );
    if (!row || row.kind === 'unannounced') return [];
    return this.audience.compose(cause, 'surveillance_check_cancelled', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      scheduledOn: row.scheduled_on === null ? '' : calendarDay(row.scheduled_on),
      url: this.audience.url(FIRM_HOME),
    }));
  }

  private async firmAnswered(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.informationRequest(event);
    if (!row) return [];
    return this.audience.compose(cause, 'firm_answered', await this.audience.users([row.auditor_id]), () => ({
      firmName: row.legal_name,
      question: row.question,
      answer: row.answer ?? '',
      url: this.audience.url(`${AUDITS}/${event.entityId}`),
    }));
  }

  private async auditFinding(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const findingId = afterField(event, 'id');
    const row = await this.finding(findingId, event.entityId);
    if (!row) return [];
    return this.audience.compose(cause, 'audit_finding', await this.audience.firmMembers(row.firm_id), (user) => ({
      firmName: row.legal_name,
      severity: SEVERITIES[user.language][row.severity] ?? row.severity,
      description: row.description,
      correctiveAction: row.corrective_action,
      dueOn: calendarDay(row.due_on),
      url: this.audience.url(CORRECTIVE_ACTIONS),
    }));
  }

  /** The finding the event is about, with its corrective action's follow-up and its audit's firm and auditor. */
  private finding(findingId: unknown, auditId: string) {
    return this.one<{
      firm_id: string;
      auditor_id: string;
      legal_name: string;
      severity: string;
      description: string;
      corrective_action: string;
      due_on: string;
      state: string;
      answer: string | null;
      review_reason: string | null;
    }>(
      `SELECT a.firm_id, a.auditor_id, f.legal_name, d.severity, d.description, d.corrective_action,
              to_char(c.due_on, 'YYYY-MM-DD') AS due_on, c.state, c.answer, c.review_reason
       FROM audit_finding d JOIN audit_corrective_action c ON c.finding_id = d.id JOIN audit a ON a.id = d.audit_id JOIN firm f ON f.id = a.firm_id
       WHERE d.id = $1 AND d.audit_id = $2`,
      [typeof findingId === 'string' ? findingId : null, auditId],
    );
  }

  private async correctiveActionAnswered(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.finding(afterField(event, 'findingId'), event.entityId);
    if (!row) return [];
    return this.audience.compose(cause, 'corrective_action_answered', await this.audience.users([row.auditor_id]), () => ({
      firmName: row.legal_name,
      description: row.description,
      answer: row.answer ?? '',
      dueOn: calendarDay(row.due_on),
      url: this.audience.url(CORRECTIVE_ACTIONS),
    }));
  }

  private async correctiveActionReviewed(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.finding(afterField(event, 'findingId'), event.entityId);
    if (!row) return [];
    return this.audience.compose(cause, 'corrective_action_reviewed', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      description: row.description,
      accepted: row.state === 'accepted',
      reason: row.review_reason,
      dueOn: calendarDay(row.due_on),
      url: this.audience.url(CORRECTIVE_ACTIONS),
    }));
  }

  private async auditAssigned(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.audit(event.entityId);
    if (!row) return [];
    return this.audience.compose(cause, 'audit_assigned', await this.audience.users([row.auditor_id]), () => ({
      firmName: row.legal_name,
      vatNumber: row.vat_number,
      url: this.audience.url(`${AUDITS}/${event.entityId}`),
    }));
  }

  private async proposalWaiting(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.audit(event.entityId);
    if (!row) return [];
    // Four eyes: the auditor of this audit never decides it, so is not told it waits.
    const reviewers = (await this.audience.withRole('reviewer')).filter((user) => user.userId !== row.auditor_id);
    return this.audience.compose(cause, 'proposal_waiting', reviewers, (user) => ({
      firmName: row.legal_name,
      outcome: OUTCOMES[user.language][row.proposed_outcome ?? ''] ?? '',
      url: this.audience.url(DECISIONS),
    }));
  }

  private async decision(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.one<{ firm_id: string; legal_name: string; outcome: string; reasons: string | null; certificate_number: string | null; application_id: string }>(
      `SELECT d.firm_id, f.legal_name, d.outcome, d.reasons, r.certificate_number, a.application_id
       FROM audit_decision d JOIN firm f ON f.id = d.firm_id JOIN audit a ON a.id = d.audit_id LEFT JOIN rating r ON r.id = d.rating_id
       WHERE d.audit_id = $1 AND d.annulled_by_appeal_id IS NULL`,
      [event.entityId],
    );
    if (!row) return [];
    return this.audience.compose(cause, 'decision', await this.audience.firmMembers(row.firm_id), (user) => ({
      firmName: row.legal_name,
      outcome: OUTCOMES[user.language][row.outcome] ?? row.outcome,
      reasons: row.reasons,
      certificateNumber: row.certificate_number,
      url: this.audience.url(`${FIRM_APPLICATIONS}/${row.application_id}`),
    }));
  }

  /** To the complainant's own address, if given, in the language of the complaint: not an account, so no preferences to honour. */
  private async complaint(event: RecordedEvent, cause: string, kind: 'complaint_acknowledged' | 'complaint_closed'): Promise<OutgoingMail[]> {
    const row = await this.one<{ reference: string; contact_email: string | null; language: MailLanguage; received_at: Date; outcome: string | null }>(
      `SELECT reference, contact_email, language, received_at, outcome FROM complaint WHERE id = $1`,
      [event.entityId],
    );
    if (!row || row.contact_email === null) return [];
    return [
      {
        idempotencyKey: `${cause}:complaint`,
        kind,
        to: row.contact_email,
        userId: null,
        language: row.language,
        model: { reference: row.reference, receivedOn: day(row.received_at), outcome: row.outcome ?? '' },
      },
    ];
  }

  private rating(ratingId: string) {
    return this.one<{
      firm_id: string;
      legal_name: string;
      certificate_number: string;
      valid_until: Date;
      suspension_deadline: Date | null;
      suspension_reason: string | null;
      revocation_reason: string | null;
      public_note: string | null;
    }>(
      `SELECT r.firm_id, f.legal_name, r.certificate_number, r.valid_until, r.suspension_deadline, r.suspension_reason, r.revocation_reason, r.public_note
       FROM rating r JOIN firm f ON f.id = r.firm_id WHERE r.id = $1`,
      [ratingId],
    );
  }

  private async certificateReady(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.rating(event.entityId);
    if (!row) return [];
    return this.audience.compose(cause, 'certificate_ready', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      certificateNumber: row.certificate_number,
      verifyUrl: this.audience.url(`/verifica/${row.certificate_number}`),
    }));
  }

  private async ratingChanged(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.rating(event.entityId);
    if (!row) return [];
    const kind = (['suspended', 'reinstated', 'revoked', 'expired'] as const).find((k) => event.action === `rating.${k}`);
    if (kind === undefined) return [];
    return this.audience.compose(cause, `rating_${kind}`, await this.audience.firmMembers(row.firm_id), (user) => ({
      firmName: row.legal_name,
      certificateNumber: row.certificate_number,
      reason: reasonLabel(user.language, kind === 'suspended' ? row.suspension_reason : row.revocation_reason),
      deadline: day(row.suspension_deadline),
      validUntil: day(row.valid_until),
      publicNote: row.public_note,
      url: this.audience.url(kind === 'expired' ? FIRM_APPLICATIONS : FIRM_HOME),
    }));
  }

  private async reviewTaskOpened(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.one<{ legal_name: string; summary: string }>(
      `SELECT f.legal_name, t.summary FROM review_task t JOIN firm f ON f.id = t.firm_id WHERE t.id = $1`,
      [event.entityId],
    );
    if (!row) return [];
    return this.audience.compose(cause, 'review_task_opened', await this.audience.withRole('reviewer'), () => ({
      firmName: row.legal_name,
      summary: row.summary,
      url: this.audience.url(REVIEW_TASKS),
    }));
  }

  private async reportToAnswer(event: RecordedEvent, cause: string): Promise<OutgoingMail[]> {
    const row = await this.one<{ firm_id: string; legal_name: string; reference: string; answer_due_at: Date | null }>(
      `SELECT r.firm_id, f.legal_name, r.reference, r.answer_due_at FROM consumer_report r JOIN firm f ON f.id = r.firm_id WHERE r.id = $1`,
      [event.entityId],
    );
    if (!row) return [];
    return this.audience.compose(cause, 'report_to_answer', await this.audience.firmMembers(row.firm_id), () => ({
      firmName: row.legal_name,
      reference: row.reference,
      dueOn: day(row.answer_due_at),
      url: this.audience.url(FIRM_REPORTS),
    }));
  }

  private audit(auditId: string) {
    return this.one<{ firm_id: string; auditor_id: string; legal_name: string; vat_number: string; proposed_outcome: string | null }>(
      `SELECT a.firm_id, a.auditor_id, f.legal_name, f.vat_number, a.proposed_outcome FROM audit a JOIN firm f ON f.id = a.firm_id WHERE a.id = $1`,
      [auditId],
    );
  }
}
