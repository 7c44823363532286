import { ApplicationsService, detectEvidenceType, EVIDENCE_TYPES, fileNameProblem, InvalidFileNameError, safeFileName, UnsupportedEvidenceError } from '@app/applications';
import { AppConfig } from '@app/config';
import { Actor, Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { AuditDecisionsService } from '@app/decisions';
import { FirmsService } from '@app/firms';
import { HistoryService } from '@app/history';
import { UsersService } from '@app/identity';
import { BlobContent, BlobStore } from '@app/storage';
import { effectiveRatingStatus, Rating, RatingEvent, RatingsService } from '@app/ratings';
import { SurveillanceCheck } from '@app/surveillance';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import {
  AppealableCheckOutcome,
  AppealKind,
  appealLastDay,
  AppealOutcome,
  AppealStatus,
  appealWindowOpen,
  isAppealableCheckOutcome,
  PanelCandidate,
  panelRefusals,
  RATING_EVENT_OF_CHECK_OUTCOME,
  RatingAppealKind,
} from './appeal-rules';
import { Appeal, AppealDocument, AppealPanelMember } from './appeal.entity';
import {
  AppealAlreadyFiledError,
  AppealNotFoundError,
  AppealNotUnderReviewError,
  AppealPeriodOverError,
  CheckToAppealNotFoundError,
  NothingToAppealError,
  NotOnPanelError,
  PanelAlreadyFormedError,
  PanelIneligibleError,
  StayNotPossibleError,
} from './appeals.errors';

export interface AppealView {
  readonly id: string;
  readonly firmId: string;
  /** The rating whose suspension or revocation is appealed; null for a refusal. */
  readonly ratingId: string | null;
  /** The refused application; null for a decision on a rating. */
  readonly applicationId: string | null;
  /** The surveillance check whose outcome is appealed; null for the other kinds. */
  readonly surveillanceCheckId: string | null;
  /** What that check decided: a suspension or a revocation; null for the other kinds. */
  readonly checkOutcome: AppealableCheckOutcome | null;
  readonly kind: AppealKind;
  readonly appealedDecisionAt: Date;
  /** The last Rome day (YYYY-MM-DD) on which the decision could be appealed. */
  readonly appealLastDay: string;
  readonly reasons: string;
  readonly filedAt: Date;
  readonly status: AppealStatus;
  readonly panel: string[];
  readonly panelFormedAt: Date | null;
  readonly outcomeReasons: string | null;
  readonly decidedAt: Date | null;
  readonly ratingReinstated: boolean;
  /** Upheld appeal of a refusal: whether the audit went back for a new decision. */
  readonly decisionReopened: boolean;
  readonly revocationStayedAt: Date | null;
  readonly documents: AppealDocumentView[];
}

/** A refusal the firm may still appeal. */
export interface AppealableRefusal {
  readonly applicationId: string;
  readonly decidedAt: Date;
  /** The last Rome day (YYYY-MM-DD) of the appeal period. */
  readonly appealLastDay: string;
}

/** A decided surveillance check whose outcome (a suspension or a revocation) the firm may still appeal. */
export interface AppealableSurveillanceCheck {
  readonly checkId: string;
  readonly ratingId: string;
  readonly certificateNumber: string;
  readonly outcome: AppealableCheckOutcome;
  readonly decidedAt: Date;
  /** The last Rome day (YYYY-MM-DD) of the appeal period. */
  readonly appealLastDay: string;
}

export interface AppealDocumentView {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly uploadedAt: Date;
}

export interface AppealDecisionInput {
  readonly outcome: AppealOutcome;
  readonly reasons: string;
}

const PUBLIC_NOTE_ON_UPHELD: Record<RatingAppealKind, string> = {
  suspension: 'Sospensione annullata in appello',
  revocation: 'Revoca annullata in appello',
};
/** What the public timeline says when an appeal gives back a rating a surveillance check had suspended or revoked. */
const PUBLIC_NOTE_ON_UPHELD_CHECK: Record<AppealableCheckOutcome, string> = {
  suspend: 'Sospensione decisa dalla verifica di sorveglianza annullata in appello',
  revoke: 'Revoca decisa dalla verifica di sorveglianza annullata in appello',
};

function toDocumentView(document: AppealDocument): AppealDocumentView {
  return { id: document.id, fileName: document.fileName, contentType: document.contentType, sizeBytes: document.sizeBytes, uploadedAt: document.uploadedAt };
}

/** Admins and reviewers run appeals; a firm user reads its own firm's; auditors and integrators none. */
function mayReadAppeals(actor: Actor, firmId?: string): boolean {
  if (actor.role === 'firm') return actor.firmId !== null && (firmId === undefined || actor.firmId === firmId);
  return actor.role === 'admin' || actor.role === 'reviewer';
}

/** What a new appeal has not had yet: a panel, a decision, a stay, a reversal. */
const UNDECIDED = {
  status: 'filed',
  panelFormedById: null,
  panelFormedAt: null,
  panelDecidedById: null,
  outcomeReasons: null,
  decidedAt: null,
  ratingReinstated: false,
  decisionReopened: false,
  revocationStayedAt: null,
  ratingId: null,
  appealedEventId: null,
  appealedDecisionId: null,
  applicationId: null,
  auditedById: null,
  surveillanceCheckId: null,
} as const satisfies Partial<Appeal>;

const STAY_NOTE = 'Revoca sospesa in attesa della decisione sul ricorso';
const DISMISSED_NOTE = 'Ricorso respinto: la revoca resta';

/**
 * Appeals against a suspension, a revocation, a refusal or a surveillance check's outcome (ISO/IEC 17065 7.13): filed by the firm within
 * APPEAL_DAYS, given a panel by an admin, decided once by a panel member. Filing changes nothing on the
 * rating: a revocation stays in force while it is appealed, unless the panel stays it. An upheld appeal reinstates the rating
 * through `RatingsService.reinstateOnAppeal`, with the public event and history, in the same transaction.
 */
@Injectable()
export class AppealsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly ratings: RatingsService,
    private readonly firms: FirmsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    private readonly applications: ApplicationsService,
    private readonly decisions: AuditDecisionsService,
  ) {}

  private get appeals() {
    return this.txHost.tx.getRepository(Appeal);
  }

  /**
   * The firm appeals the decision that suspended or revoked its rating: the latest such public event,
   * while it still stands (not reinstated since) and within APPEAL_DAYS Rome days of it.
   */
  @Transactional()
  async file(actor: Actor, ratingId: string, reasons: string): Promise<AppealView> {
    await this.ratings.get(actor, ratingId); // a firm user reaches only its own firm's ratings (404 otherwise)
    const now = this.clock.now();
    const rating = await this.txHost.tx.getRepository(Rating).findOneByOrFail({ id: ratingId });
    const appealed = await this.txHost.tx
      .getRepository(RatingEvent)
      .createQueryBuilder('event')
      .where(`event.rating_id = :ratingId AND event.kind IN ('suspended', 'revoked', 'reinstated')`, { ratingId })
      .orderBy('event.id', 'DESC')
      .getOne();
    const status = effectiveRatingStatus(rating, now);
    if (!appealed || appealed.kind === 'reinstated' || (status !== 'suspended' && status !== 'revoked')) throw new NothingToAppealError();
    // A check's suspension or revocation is appealed as the check's outcome, so that its auditor does not sit on the panel.
    const check = await this.checkThatRecorded(appealed);
    if (check) return this.fileAgainstCheck(actor, check, reasons);
    if (!appealWindowOpen(appealed.occurredAt, now, this.config.appeals.days)) throw new AppealPeriodOverError(appealLastDay(appealed.occurredAt, this.config.appeals.days));
    // One appeal at a time on a rating: a stayed revocation's suspension is the appeal's doing, not a new decision.
    if (await this.appeals.existsBy([{ appealedEventId: appealed.id }, { ratingId, status: In(['filed', 'under_review']) }])) throw new AppealAlreadyFiledError();

    const [takenBy] = await this.txHost.tx.query<{ actor_id: string | null }[]>(
      `SELECT actor_id FROM history WHERE entity_type = 'rating' AND entity_id = $1 AND action = $2 ORDER BY seq DESC LIMIT 1`,
      [ratingId, `rating.${appealed.kind}`],
    );
    const appeal = this.appeals.create({
      ...UNDECIDED,
      firmId: rating.firmId,
      ratingId,
      kind: appealed.kind === 'suspended' ? 'suspension' : 'revocation',
      appealedEventId: appealed.id,
      appealedDecisionAt: appealed.occurredAt,
      decisionTakenById: takenBy?.actor_id ?? null,
      filedById: actor.userId,
      reasons,
      filedAt: now,
    });
    await this.appeals.insert(appeal);
    await this.history.record(actor, { action: 'appeal.filed', entityType: 'appeal', entityId: appeal.id, after: { ratingId, kind: appeal.kind, reasons } });
    return this.toView(appeal, []);
  }

  /**
   * The firm appeals the reviewer's refusal of its application: the refusal that stands (not annulled
   * on appeal), within APPEAL_DAYS Rome days of it. Who refused and who audited are copied, so that
   * neither sits on the panel. Filing changes nothing: the application stays refused until upheld.
   */
  @Transactional()
  async fileAgainstRefusal(actor: Actor, applicationId: string, reasons: string): Promise<AppealView> {
    await this.applications.get(actor, applicationId); // a firm user reaches only its own firm's applications (404 otherwise)
    const refusal = await this.decisions.standingRefusal(applicationId);
    if (!refusal) throw new NothingToAppealError('application');
    const now = this.clock.now();
    if (!appealWindowOpen(refusal.decidedAt, now, this.config.appeals.days)) throw new AppealPeriodOverError(appealLastDay(refusal.decidedAt, this.config.appeals.days));
    if (await this.appeals.existsBy({ appealedDecisionId: refusal.decisionId })) throw new AppealAlreadyFiledError();
    const appeal = this.appeals.create({
      ...UNDECIDED,
      firmId: refusal.firmId,
      kind: 'refusal',
      appealedDecisionId: refusal.decisionId,
      applicationId,
      auditedById: refusal.auditorId,
      appealedDecisionAt: refusal.decidedAt,
      decisionTakenById: refusal.decidedById,
      filedById: actor.userId,
      reasons,
      filedAt: now,
    });
    await this.appeals.insert(appeal);
    await this.history.record(actor, { action: 'appeal.filed', entityType: 'appeal', entityId: appeal.id, after: { applicationId, decisionId: refusal.decisionId, kind: 'refusal', reasons } });
    return this.toView(appeal, []);
  }

  /**
   * The firm appeals the outcome of a decided surveillance check: a suspension or a revocation of its
   * rating (`isAppealableCheckOutcome`: "maintain" changes nothing to reverse), while it stands and
   * within APPEAL_DAYS Rome days of the check's decision. Who decided the check and who ran it are
   * copied, so that neither sits on the panel. Filing changes nothing on the rating.
   */
  @Transactional()
  async fileAgainstSurveillanceCheck(actor: Actor, checkId: string, reasons: string): Promise<AppealView> {
    const check = await this.txHost.tx.getRepository(SurveillanceCheck).findOneBy({ id: checkId });
    // A firm user reaches only its own firm's checks, and only once decided (404 otherwise, as for a rating).
    if (!check || actor.role !== 'firm' || actor.firmId !== check.firmId || check.status !== 'decided') throw new CheckToAppealNotFoundError();
    return this.fileAgainstCheck(actor, check, reasons);
  }

  private async fileAgainstCheck(actor: Actor, check: SurveillanceCheck, reasons: string): Promise<AppealView> {
    const outcome = check.outcome;
    if (!isAppealableCheckOutcome(outcome) || check.decidedAt === null || check.decidedById === null) throw new NothingToAppealError('surveillance_check');
    const now = this.clock.now();
    const eventId = await this.eventOfCheck(check, outcome);
    const rating = await this.txHost.tx.getRepository(Rating).findOneByOrFail({ id: check.ratingId });
    const status = effectiveRatingStatus(rating, now);
    const reinstatedSince = eventId !== null && (await this.txHost.tx.getRepository(RatingEvent).createQueryBuilder('event').where(`event.rating_id = :ratingId AND event.kind = 'reinstated' AND event.id > :eventId`, { ratingId: rating.id, eventId }).getExists());
    if (eventId === null || reinstatedSince || (status !== 'suspended' && status !== 'revoked')) throw new NothingToAppealError('surveillance_check');
    if (!appealWindowOpen(check.decidedAt, now, this.config.appeals.days)) throw new AppealPeriodOverError(appealLastDay(check.decidedAt, this.config.appeals.days));
    if (await this.appeals.existsBy([{ surveillanceCheckId: check.id }, { appealedEventId: eventId }, { ratingId: rating.id, status: In(['filed', 'under_review']) }])) throw new AppealAlreadyFiledError();
    const appeal = this.appeals.create({
      ...UNDECIDED,
      firmId: check.firmId,
      kind: 'surveillance_outcome',
      surveillanceCheckId: check.id,
      ratingId: rating.id,
      appealedEventId: eventId,
      auditedById: check.auditorId,
      appealedDecisionAt: check.decidedAt,
      decisionTakenById: check.decidedById,
      filedById: actor.userId,
      reasons,
      filedAt: now,
    });
    await this.appeals.insert(appeal);
    await this.history.record(actor, { action: 'appeal.filed', entityType: 'appeal', entityId: appeal.id, after: { surveillanceCheckId: check.id, ratingId: rating.id, kind: 'surveillance_outcome', reasons } });
    return this.toView(appeal, []);
  }

  /** The firm's decided surveillance checks whose suspension or revocation it may still appeal (`fileAgainstSurveillanceCheck`'s rules); newest first. */
  async appealableSurveillanceChecks(actor: Actor): Promise<AppealableSurveillanceCheck[]> {
    if (actor.role !== 'firm' || actor.firmId === null) return [];
    const rows = await this.txHost.tx.query<{ id: string; rating_id: string; certificate_number: string; outcome: string; decided_at: Date; event_id: string | null }[]>(
      `SELECT c.id, c.rating_id, r.certificate_number, c.outcome, c.decided_at, e.id AS event_id
       FROM surveillance_check c JOIN rating r ON r.id = c.rating_id
       LEFT JOIN LATERAL (
         SELECT id FROM rating_event WHERE rating_id = c.rating_id AND kind = CASE c.outcome WHEN 'suspend' THEN 'suspended' ELSE 'revoked' END
           AND reason = 'failed_surveillance' AND occurred_at >= c.decided_at ORDER BY id LIMIT 1) e ON true
       WHERE c.firm_id = $1 AND c.status = 'decided' AND c.outcome IN ('suspend', 'revoke')
         AND NOT EXISTS (SELECT 1 FROM appeal p WHERE p.surveillance_check_id = c.id OR p.appealed_event_id = e.id OR (p.rating_id = c.rating_id AND p.status IN ('filed', 'under_review')))
         AND NOT EXISTS (SELECT 1 FROM rating_event later WHERE later.rating_id = c.rating_id AND later.kind = 'reinstated' AND later.id > e.id)
       ORDER BY c.decided_at DESC`,
      [actor.firmId],
    );
    const now = this.clock.now();
    const ratings = this.txHost.tx.getRepository(Rating);
    const appealable: AppealableSurveillanceCheck[] = [];
    for (const row of rows) {
      if (row.event_id === null || !isAppealableCheckOutcome(row.outcome) || !appealWindowOpen(row.decided_at, now, this.config.appeals.days)) continue;
      const status = effectiveRatingStatus(await ratings.findOneByOrFail({ id: row.rating_id }), now);
      if (status !== 'suspended' && status !== 'revoked') continue;
      appealable.push({ checkId: row.id, ratingId: row.rating_id, certificateNumber: row.certificate_number, outcome: row.outcome, decidedAt: row.decided_at, appealLastDay: appealLastDay(row.decided_at, this.config.appeals.days) });
    }
    return appealable;
  }

  /** The firm's refusals it may still appeal: standing, not appealed yet, within APPEAL_DAYS Rome days; newest first. */
  async appealableRefusals(actor: Actor): Promise<AppealableRefusal[]> {
    if (actor.role !== 'firm' || actor.firmId === null) return [];
    const rows = await this.txHost.tx.query<{ application_id: string; decided_at: Date }[]>(
      `SELECT a.application_id, d.decided_at FROM audit_decision d JOIN audit a ON a.id = d.audit_id
       WHERE d.firm_id = $1 AND d.outcome = 'refused' AND d.annulled_by_appeal_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM appeal p WHERE p.appealed_decision_id = d.id)
       ORDER BY d.decided_at DESC`,
      [actor.firmId],
    );
    const now = this.clock.now();
    return rows
      .filter((row) => appealWindowOpen(row.decided_at, now, this.config.appeals.days))
      .map((row) => ({ applicationId: row.application_id, decidedAt: row.decided_at, appealLastDay: appealLastDay(row.decided_at, this.config.appeals.days) }));
  }

  /** Appeals newest first: a firm user sees its own firm's, admins and reviewers see all, others none; optionally by status. */
  async list(actor: Actor, status?: AppealStatus): Promise<AppealView[]> {
    if (!mayReadAppeals(actor)) return [];
    const appeals = await this.appeals.find({
      where: { ...(actor.role === 'firm' ? { firmId: actor.firmId! } : {}), ...(status ? { status } : {}) },
      order: { filedAt: 'DESC' },
      take: 200,
    });
    return Promise.all(appeals.map(async (appeal) => this.toView(appeal, await this.panelOf(appeal.id))));
  }

  async get(actor: Actor, id: string): Promise<AppealView> {
    const appeal = await this.appeals.findOneBy({ id });
    if (!appeal || !mayReadAppeals(actor, appeal.firmId)) throw new AppealNotFoundError();
    return this.toView(appeal, await this.panelOf(id));
  }

  /**
   * The firm adds a document in support of its appeal, before the decision (the database refuses it
   * after). The type is detected from the bytes, as for application evidence: PDF, PNG, JPEG, CSV, text.
   */
  @Transactional()
  async addDocument(actor: Actor, id: string, upload: { bytes: Buffer; clientFileName: string }): Promise<AppealDocumentView> {
    const appeal = await this.lock(id);
    if (actor.role !== 'firm' || actor.firmId !== appeal.firmId) throw new AppealNotFoundError();
    if (appeal.status !== 'filed' && appeal.status !== 'under_review') throw new AppealNotUnderReviewError(appeal.status);
    const nameProblem = fileNameProblem(upload.clientFileName);
    if (nameProblem) throw new InvalidFileNameError(nameProblem);
    const detected = detectEvidenceType(upload.bytes, upload.clientFileName);
    if (!detected.ok) throw new UnsupportedEvidenceError(detected.reason);
    const type = EVIDENCE_TYPES[detected.kind];
    const blob = await this.blobs.put(upload.bytes, type.contentType);
    const documents = this.txHost.tx.getRepository(AppealDocument);
    const document = await documents.save(
      documents.create({ appealId: id, sha256: blob.sha256, fileName: safeFileName(upload.clientFileName, detected.kind), contentType: type.contentType, sizeBytes: upload.bytes.length, uploadedById: actor.userId, uploadedAt: this.clock.now() }),
    );
    await this.history.record(actor, { action: 'appeal.document_added', entityType: 'appeal', entityId: id, after: { documentId: document.id, sha256: blob.sha256, fileName: document.fileName } });
    return toDocumentView(document);
  }

  /** The exact bytes of a document, for whoever may read the appeal. */
  async documentContent(actor: Actor, id: string, documentId: string): Promise<BlobContent & { fileName: string }> {
    await this.get(actor, id);
    const document = await this.txHost.tx.getRepository(AppealDocument).findOneBy({ id: documentId, appealId: id });
    const content = document && (await this.blobs.get(document.sha256));
    if (!document || !content) throw new AppealNotFoundError();
    return { ...content, fileName: document.fileName };
  }

  /**
   * An admin forms the panel, once: one or more reviewers, none of whom took the decision appealed or
   * belongs to the firm (`panelRefusals`; the database refuses them too). Concurrent formations: the
   * appeal row is locked, the second finds the panel formed (409).
   */
  @Transactional()
  async formPanel(actor: Actor, id: string, reviewerIds: readonly string[]): Promise<AppealView> {
    const appeal = await this.lock(id);
    if (appeal.status !== 'filed') throw new PanelAlreadyFormedError();
    const uniqueIds = [...new Set(reviewerIds)];
    const candidates: PanelCandidate[] = await Promise.all(uniqueIds.map(async (reviewerId) => ({ id: reviewerId, role: (await this.users.find(reviewerId))?.role ?? 'unknown' })));
    const firmMemberIds: string[] = [];
    for (const reviewerId of uniqueIds) if (await this.firms.isMember(reviewerId, appeal.firmId)) firmMemberIds.push(reviewerId);
    const refused = panelRefusals(candidates, { deciderId: appeal.decisionTakenById, auditorId: appeal.auditedById, firmMemberIds });
    if (refused.length > 0) throw new PanelIneligibleError(refused);

    await this.txHost.tx.getRepository(AppealPanelMember).insert(uniqueIds.map((reviewerId) => ({ appealId: id, reviewerId })));
    const now = this.clock.now();
    await this.appeals.update({ id }, { status: 'under_review', panelFormedById: actor.userId, panelFormedAt: now });
    await this.history.record(actor, { action: 'appeal.panel_formed', entityType: 'appeal', entityId: id, before: { status: 'filed' }, after: { status: 'under_review', panel: uniqueIds } });
    return this.toView({ ...appeal, status: 'under_review', panelFormedById: actor.userId, panelFormedAt: now }, uniqueIds);
  }

  /**
   * A panel member stays the revocation appealed until the decision: the rating is suspended (public
   * event "suspended", note "Revoca sospesa in attesa del ricorso"). Once per appeal, under review only.
   */
  @Transactional()
  async stay(actor: Actor, id: string): Promise<AppealView> {
    const appeal = await this.lock(id);
    const panel = await this.panelOf(id);
    if (!panel.includes(actor.userId)) throw new NotOnPanelError();
    if (appeal.status !== 'under_review') throw new AppealNotUnderReviewError(appeal.status);
    if (appeal.kind !== 'revocation' || appeal.ratingId === null) throw new StayNotPossibleError('not_a_revocation');
    if (appeal.revocationStayedAt !== null) throw new StayNotPossibleError('already_stayed');
    const now = this.clock.now();
    await this.appeals.update({ id }, { revocationStayedAt: now });
    const stayed = await this.ratings.stayRevocation(actor, appeal.ratingId, STAY_NOTE);
    if (stayed === null) throw new StayNotPossibleError('newer_rating');
    await this.history.record(actor, { action: 'appeal.revocation_stayed', entityType: 'appeal', entityId: id, after: { revocationStayedAt: now, ratingId: appeal.ratingId } });
    return this.toView({ ...appeal, revocationStayedAt: now }, panel);
  }

  /**
   * A panel member decides, once: the appeal row is locked, so of two members (or two panels' worth of
   * requests) deciding at once one wins and the other gets 409. Upheld, the rating is reinstated with a
   * public "reinstated" event saying the appeal annulled the decision, unless the firm holds a newer rating;
   * an upheld refusal is annulled and its audit reopened for a new decision, unless the firm has applied again.
   */
  @Transactional()
  async decide(actor: Actor, id: string, input: AppealDecisionInput): Promise<AppealView> {
    const appeal = await this.lock(id);
    const panel = await this.panelOf(id);
    if (!panel.includes(actor.userId)) throw new NotOnPanelError();
    if (appeal.status !== 'under_review') throw new AppealNotUnderReviewError(appeal.status);
    const now = this.clock.now();
    const decided = { status: input.outcome, panelDecidedById: actor.userId, outcomeReasons: input.reasons, decidedAt: now };
    if (appeal.kind === 'refusal') return this.decideRefusal(actor, appeal, panel, decided);
    // chk_appeal_subject: an appeal of a decision on a rating names the rating.
    if (appeal.ratingId === null) throw new Error(`appeal ${id} of a ${appeal.kind} names no rating`);
    await this.appeals.update({ id }, decided);
    const publicNote = appeal.kind === 'surveillance_outcome' ? PUBLIC_NOTE_ON_UPHELD_CHECK[await this.appealedCheckOutcome(appeal)] : PUBLIC_NOTE_ON_UPHELD[appeal.kind];
    const reinstated = input.outcome === 'upheld' ? await this.ratings.reinstateOnAppeal(actor, appeal.ratingId, publicNote) : null;
    if (input.outcome === 'dismissed' && appeal.revocationStayedAt !== null) await this.restoreStayedRevocation(actor, appeal.ratingId);
    if (reinstated) await this.appeals.update({ id }, { ratingReinstated: true });
    await this.history.record(actor, {
      action: 'appeal.decided',
      entityType: 'appeal',
      entityId: id,
      before: { status: appeal.status },
      after: { status: input.outcome, reasons: input.reasons, ratingReinstated: reinstated !== null },
    });
    if (appeal.kind === 'surveillance_outcome' && input.outcome === 'upheld') {
      // The check itself never changes (its trigger): its history says the outcome was annulled, and whether the rating came back.
      await this.history.record(actor, {
        action: 'surveillance_check.annulled_on_appeal',
        entityType: 'surveillance_check',
        entityId: appeal.surveillanceCheckId!,
        after: { appealId: id, ratingId: appeal.ratingId, ratingReinstated: reinstated !== null },
      });
    }
    return this.toView({ ...appeal, ...decided, ratingReinstated: reinstated !== null }, panel);
  }

  /** The outcome of the check an appeal names (kind `surveillance_outcome`): its trigger admits only a suspension or a revocation. */
  private async appealedCheckOutcome(appeal: Appeal): Promise<AppealableCheckOutcome> {
    const check = await this.txHost.tx.getRepository(SurveillanceCheck).findOneByOrFail({ id: appeal.surveillanceCheckId! });
    if (!isAppealableCheckOutcome(check.outcome)) throw new Error(`appeal ${appeal.id} names check ${check.id}, which neither suspended nor revoked`);
    return check.outcome;
  }

  /** The public event a decided check's suspension or revocation recorded (the migration's same rule), or null. */
  private async eventOfCheck(check: SurveillanceCheck, outcome: AppealableCheckOutcome): Promise<string | null> {
    const event = await this.txHost.tx
      .getRepository(RatingEvent)
      .createQueryBuilder('event')
      .where(`event.rating_id = :ratingId AND event.kind = :kind AND event.reason = 'failed_surveillance' AND event.occurred_at >= :decidedAt`, { ratingId: check.ratingId, kind: RATING_EVENT_OF_CHECK_OUTCOME[outcome], decidedAt: check.decidedAt })
      .orderBy('event.id', 'ASC')
      .getOne();
    return event?.id ?? null;
  }

  /** The decided surveillance check whose outcome recorded this suspension or revocation, if one did. */
  private async checkThatRecorded(event: RatingEvent): Promise<SurveillanceCheck | null> {
    if (event.reason !== 'failed_surveillance' || (event.kind !== 'suspended' && event.kind !== 'revoked')) return null;
    const check = await this.txHost.tx
      .getRepository(SurveillanceCheck)
      .createQueryBuilder('c')
      .where(`c.rating_id = :ratingId AND c.status = 'decided' AND c.outcome = :outcome AND c.decided_at <= :occurredAt`, { ratingId: event.ratingId, outcome: event.kind === 'suspended' ? 'suspend' : 'revoke', occurredAt: event.occurredAt })
      .orderBy('c.decided_at', 'DESC')
      .getOne();
    return check && (await this.eventOfCheck(check, check.outcome as AppealableCheckOutcome)) === event.id ? check : null;
  }

  /**
   * The decision on an appeal of a refusal. Upheld, the appeal records first that it reopens the audit
   * (the database allows annulling the refusal only for such an appeal), then the refusal is annulled,
   * the audit is proposed again and the application back in audit: a reviewer who never decided on
   * it (not the panel's business) decides anew through the normal four-eyes decision. A refusal is not
   * public, so nothing on the public timeline changes until that decision issues a rating.
   */
  private async decideRefusal(actor: Actor, appeal: Appeal, panel: string[], decided: Pick<Appeal, 'status' | 'panelDecidedById' | 'outcomeReasons' | 'decidedAt'>): Promise<AppealView> {
    const decisionId = appeal.appealedDecisionId!;
    const decisionReopened = decided.status === 'upheld' && (await this.decisions.reopenable(decisionId));
    await this.appeals.update({ id: appeal.id }, { ...decided, decisionReopened });
    if (decisionReopened) await this.decisions.reopenOnAppeal(actor, decisionId, appeal.id);
    await this.history.record(actor, {
      action: 'appeal.decided',
      entityType: 'appeal',
      entityId: appeal.id,
      before: { status: appeal.status },
      after: { status: decided.status, reasons: decided.outcomeReasons, decisionReopened },
    });
    return this.toView({ ...appeal, ...decided, decisionReopened }, panel);
  }

  /** A dismissed appeal ends its stay: the suspension it caused becomes the revocation again (unless time already made it one). */
  private async restoreStayedRevocation(actor: Actor, ratingId: string): Promise<void> {
    const rating = await this.txHost.tx.getRepository(Rating).findOneByOrFail({ id: ratingId });
    if (effectiveRatingStatus(rating, this.clock.now()) !== 'suspended') return;
    await this.ratings.revoke(actor, ratingId, { reason: rating.suspensionReason ?? 'irregularities', publicNote: DISMISSED_NOTE });
  }

  private async lock(id: string): Promise<Appeal> {
    const appeal = await this.appeals.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!appeal) throw new AppealNotFoundError();
    return appeal;
  }

  private async panelOf(appealId: string): Promise<string[]> {
    const members = await this.txHost.tx.getRepository(AppealPanelMember).find({ where: { appealId }, order: { reviewerId: 'ASC' } });
    return members.map((member) => member.reviewerId);
  }

  private async toView(appeal: Appeal, panel: string[]): Promise<AppealView> {
    const documents = await this.txHost.tx.getRepository(AppealDocument).find({ where: { appealId: appeal.id }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    return {
      documents: documents.map(toDocumentView),
      id: appeal.id,
      firmId: appeal.firmId,
      ratingId: appeal.ratingId,
      applicationId: appeal.applicationId,
      surveillanceCheckId: appeal.surveillanceCheckId,
      checkOutcome: appeal.kind === 'surveillance_outcome' ? await this.appealedCheckOutcome(appeal) : null,
      kind: appeal.kind,
      appealedDecisionAt: appeal.appealedDecisionAt,
      appealLastDay: appealLastDay(appeal.appealedDecisionAt, this.config.appeals.days),
      reasons: appeal.reasons,
      filedAt: appeal.filedAt,
      status: appeal.status,
      panel,
      panelFormedAt: appeal.panelFormedAt,
      outcomeReasons: appeal.outcomeReasons,
      decidedAt: appeal.decidedAt,
      ratingReinstated: appeal.ratingReinstated,
      decisionReopened: appeal.decisionReopened,
      revocationStayedAt: appeal.revocationStayedAt,
    };
  }
}
