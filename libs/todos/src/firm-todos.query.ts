import { ApplicationsService, EvidenceService, OPEN_APPLICATION_STATES } from '@app/applications';
import { AuditsService, CorrectiveActionsService } from '@app/audits';
import { Actor, Clock, romeCalendarDate } from '@app/core';
import { RatingsService } from '@app/ratings';
import { FirmReportsService } from '@app/reports';
import { SurveillanceChecksService } from '@app/surveillance';
import { Injectable } from '@nestjs/common';
import { addCalendarDays, EVIDENCE_EXPIRY_NOTICE_DAYS, ExpiringEvidenceFact, FirmTodo, FirmTodoFacts, firmTodos, OpenQuestionFact } from './firm-todos';

/** More than a firm ever has at once: applications (one open at a time) and reports awaiting its answer. */
const FIRM_LIST_LIMIT = 100;

/**
 * Gathers the facts of a firm's to-do list through the services that own them, with the firm user's
 * own access (so a firm sees only its own), and hands them to `firmTodos`.
 */
@Injectable()
export class FirmTodosQuery {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly evidence: EvidenceService,
    private readonly audits: AuditsService,
    private readonly ratings: RatingsService,
    private readonly firmReports: FirmReportsService,
    private readonly correctiveActions: CorrectiveActionsService,
    private readonly surveillanceChecks: SurveillanceChecksService,
    private readonly clock: Clock,
  ) {}

  /** The to-do list of the signed-in firm user's firm; empty for a user without one. */
  async forFirm(actor: Actor): Promise<FirmTodo[]> {
    const now = this.clock.now();
    const today = romeCalendarDate(now);
    if (actor.firmId === null) return [];
    return firmTodos(await this.facts(actor, actor.firmId, addCalendarDays(today, EVIDENCE_EXPIRY_NOTICE_DAYS)), now, today);
  }

  /** Evidence expiring after `evidenceHorizon` (YYYY-MM-DD) is left out here already. */
  private async facts(actor: Actor, firmId: string, evidenceHorizon: string): Promise<FirmTodoFacts> {
    const current = (await this.ratings.listForFirm(actor, firmId)).find((rating) => rating.status === 'active' || rating.status === 'suspended') ?? null;
    const { items: applications } = await this.applications.list(actor, { page: 1, pageSize: FIRM_LIST_LIMIT });
    // An open application, and the one behind the current rating: their documents still matter.
    const relevant = applications.filter((application) => OPEN_APPLICATION_STATES.includes(application.state) || application.id === current?.applicationId);
    const openQuestions: OpenQuestionFact[] = [];
    const expiringEvidence: ExpiringEvidenceFact[] = [];
    for (const application of relevant) {
      for (const piece of await this.evidence.list(actor, application.id)) {
        if (piece.supersededById === null && piece.expiresOn !== null && piece.expiresOn <= evidenceHorizon) {
          expiringEvidence.push({ evidenceId: piece.id, applicationId: application.id, itemCode: piece.itemCode, fileName: piece.fileName, expiresOn: piece.expiresOn });
        }
      }
      if (application.state !== 'in_audit') continue;
      const audit = await this.audits.forFirm(actor, application.id);
      // A decided audit's unanswered question asks nothing any more.
      if (audit.status === 'decided') continue;
      for (const request of audit.informationRequests) {
        if (request.answeredAt === null) openQuestions.push({ requestId: request.id, applicationId: application.id, itemCode: request.itemCode, question: request.question, askedAt: request.askedAt });
      }
    }
    const { items: reports } = await this.firmReports.list(actor, 'forwarded_to_firm', 1, FIRM_LIST_LIMIT);
    // Answered ones wait for the auditor, not for the firm.
    const correctiveActions = (await this.correctiveActions.list(actor, 'pending')).filter((action) => action.followUp.state === 'open' || action.followUp.state === 'reopened');
    return {
      openQuestions,
      reportsAwaitingAnswer: reports.map((report) => ({ reportId: report.id, reference: report.reference, answerDueAt: report.answerDueAt })),
      expiringEvidence,
      correctiveActions: correctiveActions.map((action) => ({ findingId: action.id, itemCode: action.itemCode, description: action.description, dueOn: action.followUp.dueOn })),
      currentRating: current === null ? null : { ratingId: current.id, certificateNumber: current.certificateNumber, validUntil: current.validUntil },
      announcedChecks: (await this.surveillanceChecks.announcedOfOwnFirm(actor)).map((check) => ({ checkId: check.id, openedAt: check.openedAt, scheduledOn: check.scheduledOn })),
    };
  }
}
