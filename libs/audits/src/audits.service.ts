import { ApplicationsService, EvidenceService, EvidenceView, mayReadEvidence } from '@app/applications';
import { Actor, Clock } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION, violatedConstraint } from '@app/database';
import { FirmsService, OperatingSitesService } from '@app/firms';
import { HistoryService } from '@app/history';
import { UsersService } from '@app/identity';
import { SanctionsService } from '@app/sanctions';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { isAuditedFirm, mayReadAudit, readableAuditor } from './audit-access';
import { AuditFilter, AuditQueries } from './audit-queries';
import { AuditRecords } from './audit-records';
import { Audit } from './audit.entity';
import { AuditPage, AuditScreen, AuditSummary, FirmAuditView } from './audit.view';
import { AuditExistsError, AuditNotFoundError, AuditorInFirmError, NotAnAuditorError } from './audits.errors';

/** Assigning audits, and reading them: lists, the audit screen, and the firm's view of its own audit. */
@Injectable()
export class AuditsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly records: AuditRecords,
    private readonly queries: AuditQueries,
    private readonly applications: ApplicationsService,
    private readonly evidence: EvidenceService,
    private readonly firms: FirmsService,
    private readonly sites: OperatingSitesService,
    private readonly sanctions: SanctionsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /**
   * An admin assigns a submitted application to an auditor: the application goes in audit and the
   * audit starts on the application's checklist version. The auditor is an enabled auditor account
   * outside the firm (the database checks it too); a second assignment of the same application finds
   * it already in audit (409).
   */
  @Transactional()
  async assign(actor: Actor, applicationId: string, auditorId: string): Promise<AuditSummary> {
    const auditor = await this.users.find(auditorId);
    if (!auditor || auditor.role !== 'auditor' || auditor.disabled) throw new NotAnAuditorError(auditorId);
    const application = await this.applications.beginAudit(actor, applicationId);
    if (await this.firms.isMember(auditorId, application.firmId)) throw new AuditorInFirmError(auditorId);

    const now = this.clock.now();
    let audit: Audit;
    try {
      audit = await this.records.audits.save(
        this.records.audits.create({
          applicationId,
          firmId: application.firmId,
          checklistVersionId: application.checklistVersionId,
          auditorId,
          assignedById: actor.userId,
          status: 'in_progress',
          proposedOutcome: null,
          proposalReasons: null,
          proposedAt: null,
          assignedAt: now,
          decidedAt: null,
        }),
      );
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION && violatedConstraint(error) === 'uq_audit_application_id') throw new AuditExistsError();
      throw error;
    }
    await this.history.record(actor, {
      action: 'audit.assigned',
      entityType: 'audit',
      entityId: audit.id,
      after: { applicationId, firmId: audit.firmId, auditorId, checklistVersionId: audit.checklistVersionId, status: audit.status },
    });
    return this.summary(audit.id);
  }

  /** Staff's list of audits, filtered; an auditor's holds only their own audits. */
  async list(actor: Actor, filter: AuditFilter): Promise<AuditPage> {
    const auditorId = readableAuditor(actor, filter.auditorId);
    if (auditorId === null) return { items: [], total: 0, page: filter.page, pageSize: filter.pageSize };
    return this.queries.page({ ...filter, auditorId });
  }

  /** The auditor's queue: the audits assigned to them, optionally of one status, oldest first. */
  assignedTo(actor: Actor, filter: Omit<AuditFilter, 'auditorId'>): Promise<AuditPage> {
    return this.queries.page({ ...filter, auditorId: actor.userId });
  }

  /**
   * Everything the auditor and the reviewer work from, for reviewers, admins and the assigned auditor
   * (anyone else: not found). The firm's evidence is listed for readers who may open it.
   */
  async screen(actor: Actor, auditId: string): Promise<AuditScreen> {
    const audit = await this.records.find(auditId);
    if (!mayReadAudit(actor, audit)) throw new AuditNotFoundError();
    const summary = await this.summary(auditId);
    const version = await this.records.checklistOf(audit);
    const application = await this.applications.get(actor, audit.applicationId);
    const firm = await this.firms.get(actor, audit.firmId);
    const operatingSites = await this.sites.list(actor, audit.firmId);
    const evidence = mayReadEvidence(actor, { firmId: audit.firmId, assignedAuditorId: audit.auditorId }) ? await this.evidence.list(actor, audit.applicationId) : null;
    const results = await this.records.resultsOf(auditId);
    const sanctionCriterion = await this.sanctions.evaluateForFirm(audit.firmId, this.clock.now());
    const approvalBlockers = await this.records.approvalBlockers(audit, sanctionCriterion);

    const evidenceOf = (itemCode: string): EvidenceView[] | null => evidence && evidence.filter((e) => e.itemCode === itemCode);
    return {
      audit: { ...summary, proposalReasons: audit.proposalReasons },
      application,
      firm,
      operatingSites,
      items: version.items.map((item) => ({
        item,
        answer: application.answers.find((answer) => answer.itemCode === item.code) ?? null,
        evidence: evidenceOf(item.code),
        result: results.get(item.code) ?? null,
      })),
      findings: await this.records.findingsOf(auditId),
      informationRequests: await this.records.informationRequestsOf(auditId),
      sanctionCriterion,
      approvalBlockers,
    };
  }

  /** The firm's view of the audit of one of its applications; see `FirmAuditView` for what it leaves out. */
  async forFirm(actor: Actor, applicationId: string): Promise<FirmAuditView> {
    const audit = await this.records.audits.findOneBy({ applicationId });
    if (!audit || !isAuditedFirm(actor, audit)) throw new AuditNotFoundError();
    const version = await this.records.checklistOf(audit);
    return {
      id: audit.id,
      applicationId,
      status: audit.status,
      checklistVersion: version.version,
      assignedAt: audit.assignedAt,
      informationRequests: await this.records.informationRequestsOf(audit.id),
      findings: await this.records.findingsOf(audit.id),
    };
  }

  private async summary(auditId: string): Promise<AuditSummary> {
    const summary = await this.queries.summary(auditId);
    if (!summary) throw new AuditNotFoundError();
    return summary;
  }
}
