import type { EntityManager } from 'typeorm';
import type { AdminTodoFacts, AnsweredCorrectiveActionFact, AuditorTodoFacts, FailedCountFact, ReviewerTodoFacts, ReviewTaskFact, WaitingFact } from './staff-todos';

/**
 * The read side of the staff to-do lists: each query reads the current state of the tables of the
 * domain it concerns (audits, corrective actions, surveillance checks, review tasks, appeals,
 * applications, the job queue, the mail outbox), so a to-do disappears the moment it is done.
 * Staff lists are short (one user's work), so each query takes at most `STAFF_LIST_LIMIT` rows.
 */
export const STAFF_LIST_LIMIT = 200;

const waitingRows = (manager: EntityManager, sql: string, values: unknown[]) => manager.query<WaitingFact[]>(`${sql} LIMIT ${STAFF_LIST_LIMIT}`, values);

export async function auditorTodoFacts(manager: EntityManager, auditorId: string): Promise<AuditorTodoFacts> {
  return {
    // Nothing recorded yet: no result, no question, no finding.
    newAudits: await waitingRows(
      manager,
      `SELECT a.id, f.legal_name AS "firmName", a.assigned_at AS since FROM audit a JOIN firm f ON f.id = a.firm_id
       WHERE a.auditor_id = $1 AND a.status = 'in_progress'
         AND NOT EXISTS (SELECT 1 FROM audit_item_result r WHERE r.audit_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM audit_information_request q WHERE q.audit_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM audit_finding d WHERE d.audit_id = a.id)
       ORDER BY a.assigned_at`,
      [auditorId],
    ),
    // Back in progress after the firm answered, and the auditor has recorded no result since the latest answer.
    answeredAudits: await waitingRows(
      manager,
      `SELECT a.id, f.legal_name AS "firmName", answered.at AS since
       FROM audit a JOIN firm f ON f.id = a.firm_id
       JOIN LATERAL (SELECT max(q.answered_at) AS at FROM audit_information_request q WHERE q.audit_id = a.id) answered ON answered.at IS NOT NULL
       WHERE a.auditor_id = $1 AND a.status = 'in_progress'
         AND NOT EXISTS (SELECT 1 FROM audit_item_result r WHERE r.audit_id = a.id AND r.recorded_at > answered.at)
       ORDER BY answered.at`,
      [auditorId],
    ),
    answeredCorrectiveActions: await manager.query<AnsweredCorrectiveActionFact[]>(
      `SELECT d.id, f.legal_name AS "firmName", c.answered_at AS since, d.description, to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn"
       FROM audit_corrective_action c JOIN audit_finding d ON d.id = c.finding_id JOIN audit a ON a.id = d.audit_id JOIN firm f ON f.id = a.firm_id
       WHERE a.auditor_id = $1 AND c.state = 'answered'
       ORDER BY c.due_on, c.answered_at LIMIT ${STAFF_LIST_LIMIT}`,
      [auditorId],
    ),
    surveillanceChecks: await waitingRows(
      manager,
      `SELECT k.id, f.legal_name AS "firmName", k.assigned_at AS since FROM surveillance_check k JOIN firm f ON f.id = k.firm_id
       WHERE k.auditor_id = $1 AND k.status = 'in_progress' ORDER BY k.assigned_at`,
      [auditorId],
    ),
  };
}

/** Four eyes: a reviewer never sees a proposal (of an audit or a check) they ran, nor one about a firm they belong to (as the decision queue). */
export async function reviewerTodoFacts(manager: EntityManager, reviewerId: string): Promise<ReviewerTodoFacts> {
  return {
    proposals: await waitingRows(
      manager,
      `SELECT a.id, f.legal_name AS "firmName", a.proposed_at AS since FROM audit a JOIN firm f ON f.id = a.firm_id
       WHERE a.status = 'proposed' AND a.auditor_id <> $1 AND NOT EXISTS (SELECT 1 FROM firm_member m WHERE m.firm_id = a.firm_id AND m.user_id = $1)
       ORDER BY a.proposed_at`,
      [reviewerId],
    ),
    surveillanceProposals: await waitingRows(
      manager,
      `SELECT k.id, f.legal_name AS "firmName", k.proposed_at AS since FROM surveillance_check k JOIN firm f ON f.id = k.firm_id
       WHERE k.status = 'proposed' AND k.auditor_id <> $1 AND NOT EXISTS (SELECT 1 FROM firm_member m WHERE m.firm_id = k.firm_id AND m.user_id = $1)
       ORDER BY k.proposed_at`,
      [reviewerId],
    ),
    reviewTasks: await manager.query<ReviewTaskFact[]>(
      `SELECT t.id, f.legal_name AS "firmName", t.opened_at AS since, t.summary FROM review_task t JOIN firm f ON f.id = t.firm_id
       WHERE t.closed_at IS NULL ORDER BY t.opened_at LIMIT ${STAFF_LIST_LIMIT}`,
    ),
    appeals: await waitingRows(
      manager,
      `SELECT p.id, f.legal_name AS "firmName", p.panel_formed_at AS since
       FROM appeal p JOIN firm f ON f.id = p.firm_id JOIN appeal_panel_member m ON m.appeal_id = p.id AND m.reviewer_id = $1
       WHERE p.status = 'under_review' ORDER BY p.panel_formed_at`,
      [reviewerId],
    ),
  };
}

async function failedCount(manager: EntityManager, sql: string): Promise<FailedCountFact> {
  const [row] = await manager.query<{ count: number; oldest: Date | null }[]>(sql);
  return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
}

/** `submittedBefore`: applications submitted later are not late yet and are left out here already. */
export async function adminTodoFacts(manager: EntityManager, submittedBefore: Date): Promise<AdminTodoFacts> {
  return {
    unassignedApplications: await waitingRows(
      manager,
      `SELECT a.id, f.legal_name AS "firmName", a.submitted_at AS since FROM application a JOIN firm f ON f.id = a.firm_id
       WHERE a.state = 'submitted' AND a.submitted_at <= $1 ORDER BY a.submitted_at`,
      [submittedBefore],
    ),
    appealsWithoutPanel: await waitingRows(
      manager,
      `SELECT p.id, f.legal_name AS "firmName", p.filed_at AS since FROM appeal p JOIN firm f ON f.id = p.firm_id
       WHERE p.status = 'filed' ORDER BY p.filed_at`,
      [],
    ),
    // pg-boss's dead letters: jobs failed after their last retry, which only an admin puts back.
    deadLetteredJobs: await failedCount(manager, `SELECT count(*)::int AS count, min(completed_on) AS oldest FROM pgboss.job WHERE state = 'failed'`),
    undeliveredMail: await failedCount(manager, `SELECT count(*)::int AS count, min(created_at) AS oldest FROM mail_message WHERE status = 'failed'`),
  };
}
