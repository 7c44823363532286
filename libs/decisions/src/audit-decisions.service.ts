import { ApplicationsService } from '@app/applications';
import {
  ApprovalBlockedError,
  approvalIsPossible,
  AuditAlreadyDecidedError,
  AuditFilter,
  AuditNotProposedError,
  AuditPage,
  AuditsService,
  DecidableAuditsService,
  FourEyesError,
  ReasonsRequiredError,
  Verdict,
} from '@app/audits';
import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { FirmsService } from '@app/firms';
import { RatingsService, RatingView } from '@app/ratings';
import { SanctionsService } from '@app/sanctions';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditDecision } from './audit-decision.entity';
import { AuditScreenWithDecision, DecisionResult, DecisionView, FirmAuditViewWithDecision, toDecisionView } from './decision.view';

export interface DecisionInput {
  readonly outcome: Verdict;
  readonly reasons?: string | null;
}

/** A reviewer's refusal that stands, with who took part in it: what an appeal of a refusal names. */
export interface StandingRefusal {
  readonly decisionId: string;
  readonly auditId: string;
  readonly firmId: string;
  readonly auditorId: string;
  readonly decidedById: string;
  readonly decidedAt: Date;
}

/**
 * The reviewer's decision on a proposed audit (four-eyes), the rating an approval issues, and the
 * audit read with its decision. Above audits and ratings: the audit does not know its rating.
 */
@Injectable()
export class AuditDecisionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly audits: AuditsService,
    private readonly decidableAudits: DecidableAuditsService,
    private readonly applications: ApplicationsService,
    private readonly ratings: RatingsService,
    private readonly sanctions: SanctionsService,
    private readonly firms: FirmsService,
    private readonly clock: Clock,
  ) {}

  /** Proposed audits this reviewer may decide on, oldest proposal first. */
  queue(actor: Actor, filter: Pick<AuditFilter, 'page' | 'pageSize'>): Promise<AuditPage> {
    return this.decidableAudits.queue(actor, filter);
  }

  /** The audit screen (see `AuditsService.screen`), with the decision once taken. */
  async screen(actor: Actor, auditId: string): Promise<AuditScreenWithDecision> {
    const screen = await this.audits.screen(actor, auditId);
    return { ...screen, decision: await this.decisionOf(auditId) };
  }

  /** The firm's view of its audit (see `AuditsService.forFirm`), with the outcome and its reasons once decided. */
  async forFirm(actor: Actor, applicationId: string): Promise<FirmAuditViewWithDecision> {
    const audit = await this.audits.forFirm(actor, applicationId);
    const decision = await this.decisionOf(audit.id);
    return { ...audit, decision: decision && { outcome: decision.outcome, reasons: decision.reasons, decidedAt: decision.decidedAt, ratingId: decision.ratingId } };
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
    const audit = await this.decidableAudits.lock(auditId);
    if (audit.auditorId === actor.userId) throw new FourEyesError('auditor');
    if (await this.firms.isMember(actor.userId, audit.firmId)) throw new FourEyesError('firm_member');
    if (audit.status === 'decided') throw new AuditAlreadyDecidedError();
    if (await this.txHost.tx.getRepository(AuditDecision).existsBy({ auditId, decidedById: actor.userId })) throw new FourEyesError('prior_decider');
    if (audit.status !== 'proposed') throw new AuditNotProposedError(audit.status);
    const reasons = input.reasons?.trim() || null;
    if (input.outcome === 'refuse' && reasons === null) throw new ReasonsRequiredError();

    const now = this.clock.now();
    const sanctionCriterion = await this.sanctions.evaluateForFirm(audit.firmId, now);
    let rating: RatingView | null = null;
    if (input.outcome === 'approve') {
      const blockers = await this.decidableAudits.approvalBlockers(audit, sanctionCriterion);
      if (!approvalIsPossible(blockers)) throw new ApprovalBlockedError(blockers);
      // Issued before anything else is written: the certificate counter is then always locked before the history chain.
      const version = await this.decidableAudits.checklistOf(audit);
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
    await this.applications.decide(actor, audit.applicationId, decision.outcome);
    const view = toDecisionView(decision);
    await this.decidableAudits.markDecided(actor, audit, now, {
      after: { outcome: view.outcome, reasons, ratingId: view.ratingId, certificateNumber: rating?.certificateNumber ?? null, sanctionsPassed: sanctionCriterion.passed },
    });
    return { auditId, decision: view, rating };
  }

  /** The reviewer's refusal of this application that still stands (not annulled on appeal), or null: what a firm may appeal. */
  async standingRefusal(applicationId: string): Promise<StandingRefusal | null> {
    const [row] = await this.txHost.tx.query<{ id: string; audit_id: string; firm_id: string; auditor_id: string; decided_by_id: string; decided_at: Date }[]>(
      `SELECT d.id, d.audit_id, d.firm_id, d.auditor_id, d.decided_by_id, d.decided_at FROM audit_decision d JOIN audit a ON a.id = d.audit_id
       WHERE a.application_id = $1 AND d.outcome = 'refused' AND d.annulled_by_appeal_id IS NULL`,
      [applicationId],
    );
    return row ? { decisionId: row.id, auditId: row.audit_id, firmId: row.firm_id, auditorId: row.auditor_id, decidedById: row.decided_by_id, decidedAt: row.decided_at } : null;
  }

  /**
   * For appeals, whose panel has just upheld an appeal of this refusal (recorded first, with
   * `decision_reopened`: the database checks it): the refusal is annulled, the audit goes back to
   * `proposed` and its application back in audit, so a reviewer who never decided on it decides anew
   * through the normal decision. False, and nothing changed, when the firm has opened another
   * application since (one open application at a time): the caller asks `reopenable` first, to record
   * on the appeal whether it reopened.
   */
  @Transactional()
  async reopenOnAppeal(actor: Actor, decisionId: string, appealId: string): Promise<boolean> {
    if (!(await this.reopenable(decisionId))) return false;
    const decisions = this.txHost.tx.getRepository(AuditDecision);
    const decision = await decisions.findOneByOrFail({ id: decisionId });
    const audit = await this.decidableAudits.lock(decision.auditId);
    // In this order: the database lets the audit and the application leave `decided` only once the refusal is annulled.
    await decisions.update({ id: decisionId }, { annulledByAppealId: appealId });
    await this.decidableAudits.reopenOnAppeal(actor, audit, { after: { annulledDecisionId: decisionId, appealId } });
    await this.applications.reopenOnAppeal(actor, audit.applicationId);
    return true;
  }

  /** Whether an upheld appeal of this refusal could reopen its audit now: still standing, and the firm has no other open application. */
  async reopenable(decisionId: string): Promise<boolean> {
    const [row] = await this.txHost.tx.query<{ reopenable: boolean }[]>(
      `SELECT NOT EXISTS (SELECT 1 FROM application p WHERE p.firm_id = d.firm_id AND p.state IN ('draft', 'submitted', 'in_audit')) AS reopenable
       FROM audit_decision d WHERE d.id = $1 AND d.annulled_by_appeal_id IS NULL`,
      [decisionId],
    );
    return row?.reopenable ?? false;
  }

  private async decisionOf(auditId: string): Promise<DecisionView | null> {
    const decision = await this.txHost.tx.getRepository(AuditDecision).findOneBy({ auditId, annulledByAppealId: IsNull() });
    return decision ? toDecisionView(decision) : null;
  }
}
