import type { ChecklistVersionView } from '@app/checklist';
import type { Actor } from '@app/core';
import type { SanctionCriterionView, SanctionView } from '@app/sanctions';
import { Injectable } from '@nestjs/common';
import { type ApprovalBlockers, AUDIT_REOPENING_ON_APPEAL } from './audit-lifecycle';
import { AuditFilter, AuditQueries } from './audit-queries';
import { AuditRecords, type AuditStatusEvent } from './audit-records';
import type { Audit } from './audit.entity';
import type { AuditPage } from './audit.view';

/**
 * The audit's side of a reviewer's decision, for the decisions library above audits and ratings:
 * the queue of proposed audits, the audit locked for deciding, what blocks an approval, and the
 * audit marked decided. The decision itself (four-eyes, the rating, the record) is not the audit's.
 */
@Injectable()
export class DecidableAuditsService {
  constructor(
    private readonly records: AuditRecords,
    private readonly queries: AuditQueries,
  ) {}

  /** Proposed audits this reviewer may decide on (not their own, not their firm's), oldest proposal first. */
  queue(actor: Actor, filter: Pick<AuditFilter, 'page' | 'pageSize'>): Promise<AuditPage> {
    return this.queries.page({ ...filter, status: 'proposed', decidableBy: actor.userId });
  }

  /** The audit, locked until the transaction ends, so that of concurrent deciders one decides. */
  lock(auditId: string): Promise<Audit> {
    return this.records.lock(auditId);
  }

  /** The version the audit started with: the rating is issued on it. */
  checklistOf(audit: Audit): Promise<ChecklistVersionView> {
    return this.records.checklistOf(audit);
  }

  /** What would stop an approval given the recorded results and the sanctions criterion of the decision day. */
  approvalBlockers(audit: Audit, criterion: SanctionCriterionView): Promise<ApprovalBlockers<SanctionView>> {
    return this.records.approvalBlockers(audit, criterion);
  }

  /** The locked, decided audit whose decision was annulled on appeal goes back to `proposed`, for a new decision (a trigger allows only that). */
  reopenOnAppeal(actor: Actor, audit: Audit, event: Pick<AuditStatusEvent, 'after'>): Promise<void> {
    return this.records.transition(actor, audit, 'proposed', { action: 'audit.reopened_on_appeal', changes: { decidedAt: null }, after: event.after }, AUDIT_REOPENING_ON_APPEAL);
  }

  /** Marks the locked audit decided: nothing about it changes any more. */
  markDecided(actor: Actor, audit: Audit, decidedAt: Date, event: Pick<AuditStatusEvent, 'after'>): Promise<void> {
    return this.records.transition(actor, audit, 'decided', { action: 'audit.decided', changes: { decidedAt }, after: event.after });
  }
}
