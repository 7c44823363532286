import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuditStatus, Verdict } from './audit-lifecycle';
import type { AuditPage, AuditSummary } from './audit.view';

export interface AuditFilter {
  readonly id?: string;
  readonly status?: AuditStatus;
  readonly firmId?: string;
  readonly auditorId?: string;
  readonly applicationId?: string;
  /** Leaves out audits this user may not decide on: their own, and their firm's. */
  readonly decidableBy?: string;
  readonly page: number;
  readonly pageSize: number;
}

interface SummaryRow {
  id: string;
  application_id: string;
  firm_id: string;
  firm_name: string;
  checklist_version_id: string;
  checklist_version: string;
  auditor_id: string;
  auditor_name: string;
  status: AuditStatus;
  proposed_outcome: Verdict | null;
  proposed_at: Date | null;
  assigned_at: Date;
  decided_at: Date | null;
  open_information_requests: number;
  total: number;
}

const toSummary = (row: SummaryRow): AuditSummary => ({
  id: row.id,
  applicationId: row.application_id,
  firmId: row.firm_id,
  firmName: row.firm_name,
  checklistVersionId: row.checklist_version_id,
  checklistVersion: row.checklist_version,
  auditorId: row.auditor_id,
  auditorName: row.auditor_name,
  status: row.status,
  proposedOutcome: row.proposed_outcome,
  proposedAt: row.proposed_at,
  assignedAt: row.assigned_at,
  decidedAt: row.decided_at,
  openInformationRequests: row.open_information_requests,
});

/** Lists and queues of audits, with what a list shows (firm, version, auditor, open questions), in one query. */
@Injectable()
export class AuditQueries {
  constructor(private readonly txHost: TransactionHost<TransactionAdapter>) {}

  /** Oldest first: queues are worked in the order audits were assigned or proposed. */
  async page(filter: AuditFilter): Promise<AuditPage> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (filter.id !== undefined) add((p) => `a.id = ${p}`, filter.id);
    if (filter.status !== undefined) add((p) => `a.status = ${p}`, filter.status);
    if (filter.firmId !== undefined) add((p) => `a.firm_id = ${p}`, filter.firmId);
    if (filter.auditorId !== undefined) add((p) => `a.auditor_id = ${p}`, filter.auditorId);
    if (filter.applicationId !== undefined) add((p) => `a.application_id = ${p}`, filter.applicationId);
    if (filter.decidableBy !== undefined) {
      // An audit reopened on appeal is decided again by someone new: the decisions table (above audits) names who decided it before.
      add(
        (p) =>
          `a.auditor_id <> ${p} AND NOT EXISTS (SELECT 1 FROM firm_member m WHERE m.user_id = ${p} AND m.firm_id = a.firm_id) AND NOT EXISTS (SELECT 1 FROM audit_decision d WHERE d.audit_id = a.id AND d.decided_by_id = ${p})`,
        filter.decidableBy,
      );
    }
    params.push(filter.pageSize, (filter.page - 1) * filter.pageSize);
    const rows = await this.txHost.tx.query<SummaryRow[]>(
      `SELECT a.id, a.application_id, a.firm_id, f.legal_name AS firm_name, a.checklist_version_id, v.version AS checklist_version,
              a.auditor_id, u.display_name AS auditor_name, a.status, a.proposed_outcome, a.proposed_at, a.assigned_at, a.decided_at,
              (SELECT count(*)::int FROM audit_information_request r WHERE r.audit_id = a.id AND r.answered_at IS NULL) AS open_information_requests,
              count(*) OVER ()::int AS total
       FROM audit a
       JOIN firm f ON f.id = a.firm_id
       JOIN checklist_version v ON v.id = a.checklist_version_id
       JOIN user_account u ON u.id = a.auditor_id
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY coalesce(a.proposed_at, a.assigned_at), a.id
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(toSummary), total: rows[0]?.total ?? 0, page: filter.page, pageSize: filter.pageSize };
  }

  async summary(auditId: string): Promise<AuditSummary | null> {
    const page = await this.page({ id: auditId, page: 1, pageSize: 1 });
    return page.items[0] ?? null;
  }
}
