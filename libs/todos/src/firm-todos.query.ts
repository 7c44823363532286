import { Clock, romeCalendarDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { addCalendarDays, EVIDENCE_EXPIRY_NOTICE_DAYS, FirmTodo, FirmTodoFacts, firmTodos } from './firm-todos';

interface QuestionRow {
  request_id: string;
  application_id: string;
  item_code: string | null;
  question: string;
  asked_at: Date;
}
interface ReportRow {
  report_id: string;
  reference: string;
  answer_due_at: Date;
}
interface EvidenceRow {
  evidence_id: string;
  application_id: string;
  item_code: string;
  file_name: string;
  expires_on: string;
}
interface RatingRow {
  rating_id: string;
  certificate_number: string;
  valid_until: Date;
}

/**
 * Reads the facts of a firm's to-do list in four small indexed queries and hands them to `firmTodos`.
 * Callers check that the actor may see the firm (its own firm, for firm users).
 */
@Injectable()
export class FirmTodosQuery {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {}

  async forFirm(firmId: string): Promise<FirmTodo[]> {
    const now = this.clock.now();
    const today = romeCalendarDate(now);
    return firmTodos(await this.facts(firmId, addCalendarDays(today, EVIDENCE_EXPIRY_NOTICE_DAYS)), now, today);
  }

  /** Evidence expiring after `evidenceHorizon` is left out here already. */
  async facts(firmId: string, evidenceHorizon: string): Promise<FirmTodoFacts> {
    const query = <T>(text: string, values: unknown[]) => this.txHost.tx.query<T[]>(text, values);
    const [questions, reports, evidence, ratings] = await Promise.all([
      // Questions of an audit still running: a decided audit's unanswered question asks nothing any more.
      query<QuestionRow>(
        `SELECT r.id AS request_id, a.application_id, r.item_code, r.question, r.asked_at
           FROM audit_information_request r JOIN audit a ON a.id = r.audit_id
          WHERE a.firm_id = $1 AND r.answered_at IS NULL AND a.status <> 'decided'
          ORDER BY r.asked_at, r.id`,
        [firmId],
      ),
      query<ReportRow>(
        `SELECT id AS report_id, reference, answer_due_at FROM consumer_report
          WHERE firm_id = $1 AND status = 'forwarded_to_firm' AND answer_due_at IS NOT NULL
          ORDER BY answer_due_at, id`,
        [firmId],
      ),
      // Pieces still in force of an open application, or of the application behind the current rating.
      query<EvidenceRow>(
        `SELECT e.id AS evidence_id, e.application_id, e.item_code, e.file_name, e.expires_on::text AS expires_on
           FROM evidence e JOIN application ap ON ap.id = e.application_id
          WHERE ap.firm_id = $1 AND e.expires_on IS NOT NULL AND e.expires_on <= $2::date
            AND NOT EXISTS (SELECT 1 FROM evidence newer WHERE newer.supersedes_id = e.id)
            AND (ap.state IN ('draft', 'submitted', 'in_audit')
                 OR EXISTS (SELECT 1 FROM rating r WHERE r.application_id = ap.id AND r.status IN ('active', 'suspended')))
          ORDER BY e.expires_on, e.item_code, e.id`,
        [firmId, evidenceHorizon],
      ),
      query<RatingRow>(`SELECT id AS rating_id, certificate_number, valid_until FROM rating WHERE firm_id = $1 AND status IN ('active', 'suspended')`, [firmId]),
    ]);
    const [rating] = ratings;
    return {
      openQuestions: questions.map((row) => ({ requestId: row.request_id, applicationId: row.application_id, itemCode: row.item_code, question: row.question, askedAt: new Date(row.asked_at) })),
      reportsAwaitingAnswer: reports.map((row) => ({ reportId: row.report_id, reference: row.reference, answerDueAt: new Date(row.answer_due_at) })),
      expiringEvidence: evidence.map((row) => ({ evidenceId: row.evidence_id, applicationId: row.application_id, itemCode: row.item_code, fileName: row.file_name, expiresOn: row.expires_on })),
      currentRating: rating ? { ratingId: rating.rating_id, certificateNumber: rating.certificate_number, validUntil: new Date(rating.valid_until) } : null,
    };
  }
}
