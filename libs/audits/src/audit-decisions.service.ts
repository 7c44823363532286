import { ApplicationsService } from '@app/applications';
import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { FirmMember } from '@app/firms';
import { HistoryService } from '@app/history';
import { RatingsService, RatingView } from '@app/ratings';
import { SanctionsService } from '@app/sanctions';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { approvalIsPossible, Verdict } from './audit-lifecycle';
import { AuditDecision } from './audit-decision.entity';
import { AuditFilter, AuditQueries } from './audit-queries';
import { AuditRecords } from './audit-records';
import { AuditPage, DecisionResult, toDecisionView } from './audit.view';
import { ApprovalBlockedError, AuditAlreadyDecidedError, AuditNotProposedError, FourEyesError, ReasonsRequiredError } from './audits.errors';

export interface DecisionInput {
  readonly outcome: Verdict;
  readonly reasons?: string | null;
}

/** The reviewer's decision on a proposed audit (four-eyes), and the rating an approval issues. */
@Injectable()
export class AuditDecisionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly records: AuditRecords,
    private readonly queries: AuditQueries,
    private readonly applications: ApplicationsService,
    private readonly ratings: RatingsService,
    private readonly sanctions: SanctionsService,
    private readonly clock: Clock,
  ) {}

  /** Proposed audits this reviewer may decide on, oldest proposal first. */
  queue(actor: Actor, filter: Pick<AuditFilter, 'page' | 'pageSize'>): Promise<AuditPage> {
    return this.queries.page({ ...filter, status: 'proposed', decidableBy: actor.userId });
  }

  /**
   * Decides on a proposed audit, in one transaction. The audit row is locked first, so of concurrent
   * deciders one decides and the others find it decided (409). The decider is neither the auditor nor
   * a member of the firm (the database checks both as well). The sanctions criterion is evaluated
   * again on the decision day: a sanction that became definitive since the proposal blocks approval.
   * Approval issues the rating (certificate number, public event, certificate job); refusal records
   * the reasons the firm reads. Either way the application is decided and the audit locked.
   */
  @Transactional()
  async decide(actor: Actor, auditId: string, input: DecisionInput): Promise<DecisionResult> {
    const audit = await this.records.lock(auditId);
    if (audit.auditorId === actor.userId) throw new FourEyesError('auditor');
    if (await this.txHost.tx.getRepository(FirmMember).existsBy({ userId: actor.userId, firmId: audit.firmId })) throw new FourEyesError('firm_member');
    if (audit.status === 'decided') throw new AuditAlreadyDecidedError();
    if (audit.status !== 'proposed') throw new AuditNotProposedError(audit.status);
    const reasons = input.reasons?.trim() || null;
    if (input.outcome === 'refuse' && reasons === null) throw new ReasonsRequiredError();

    const now = this.clock.now();
    const sanctionCriterion = await this.sanctions.evaluateForFirm(audit.firmId, now);
    let rating: RatingView | null = null;
    if (input.outcome === 'approve') {
      const blockers = await this.records.approvalBlockers(audit, sanctionCriterion);
      if (!approvalIsPossible(blockers)) throw new ApprovalBlockedError(blockers);
      // Issued before anything else is written: the certificate counter is then always locked before the history chain.
      const version = await this.records.checklistOf(audit);
      rating = await this.ratings.issue(actor, { firmId: audit.firmId, applicationId: audit.applicationId, checklistVersion: version.version });
    }

    const decisions = this.txHost.tx.getRepository(AuditDecision);
    const decision = await decisions.save(
      decisions.create({
        auditId,
        firmId: audit.firmId,
        auditorId: audit.auditorId,
        decidedById: actor.userId,
        outcome: input.outcome === 'approve' ? 'approved' : 'refused',
        reasons,
        ratingId: rating?.id ?? null,
        sanctionCriterion,
        decidedAt: now,
      }),
    );
    const before = { status: audit.status };
    Object.assign(audit, { status: 'decided', decidedAt: now });
    await this.records.audits.save(audit);
    await this.applications.decide(actor, audit.applicationId, decision.outcome);
    const view = toDecisionView(decision);
    await this.history.record(actor, {
      action: 'audit.decided',
      entityType: 'audit',
      entityId: auditId,
      before,
      after: { status: 'decided', outcome: view.outcome, reasons, ratingId: view.ratingId, certificateNumber: rating?.certificateNumber ?? null, sanctionsPassed: sanctionCriterion.passed },
    });
    return { auditId, decision: view, rating };
  }
}
