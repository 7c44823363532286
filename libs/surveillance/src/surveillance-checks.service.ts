import { correctiveActionDueOn, InvalidDueDateError } from '@app/audits';
import { Actor, AnyActor, assertTransition, Clock, ForbiddenError, romeCalendarDate, romeDayStart, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { UsersService } from '@app/identity';
import { Firm, FirmsService } from '@app/firms';
import { effectiveRatingStatus, Rating, RatingsService, ReviewTask, ReviewTasksService } from '@app/ratings';
import { ChecklistService } from '@app/checklist';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import { SurveillanceCheck, SurveillanceCheckFinding, SurveillanceCheckItem } from './surveillance-check.entity';
import {
  CHECK_TRANSITIONS,
  CheckCancellationReason,
  CheckItemResult,
  CheckKind,
  CheckOutcome,
  checkStart,
  CheckStatus,
  dueCheckStep,
  FindingSeverity,
  itemsWithoutResult,
  REVIEW_OUTCOME_OF,
} from './surveillance-check-rules';
import { SurveillancePlan, SurveillancePlanEntry } from './surveillance-plan.entity';
import {
  CheckAlreadyOpenedError,
  CheckNotInProgressError,
  CheckNotProposedError,
  CheckSourceNotFoundError,
  ItemsWithoutResultError,
  NotAnAuditorError,
  NotDrawnError,
  PublicNoteRequiredError,
  RatingNotCurrentError,
  ScheduledDateInvalidError,
  ScheduledDatePastError,
  SurveillanceCheckNotFoundError,
  UnknownCheckItemError,
} from './surveillance.errors';

/** Where a check comes from: a plan entry (its yearly check, or the unannounced one when drawn), or a report-triggered review task. */
export type OpenCheckInput =
  | {
      readonly planEntryId: string;
      readonly kind: 'yearly' | 'unannounced';
      readonly auditorId: string;
      /** Rome day, YYYY-MM-DD, to open it on: a later day schedules it (`scheduled`); today or none opens it now; an earlier day is refused. */
      readonly scheduledOn?: string | null;
    }
  | { readonly reviewTaskId: string; readonly auditorId: string };

export interface CheckItemView {
  readonly itemCode: string;
  readonly result: CheckItemResult | null;
  readonly note: string | null;
}

export interface RaiseFindingInput {
  readonly itemCode: string;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly correctiveAction: string;
  /** Rome day, YYYY-MM-DD, today or later; DEFAULT_CORRECTIVE_ACTION_DAYS from today when left out. */
  readonly dueOn?: string | null;
}

export interface CheckFindingView {
  readonly id: string;
  readonly itemCode: string;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly correctiveAction: string;
  readonly dueOn: string;
  readonly raisedAt: Date;
}

/** A finding as its firm sees it: with the check's kind and when the check was opened, not who ran it. */
export interface FirmCheckFindingView extends CheckFindingView {
  readonly checkId: string;
  readonly checkKind: CheckKind;
  readonly checkAssignedAt: Date;
}

/** An announced check as its firm sees it before any finding: which kind, since when, or the day it is to open on. */
export interface AnnouncedCheckView {
  readonly id: string;
  readonly kind: 'yearly' | 'reports';
  /** When it opened, or (while scheduled) when its day begins in Rome. */
  readonly openedAt: Date;
  /** Rome day it is to open on while it waits for it; null once running. */
  readonly scheduledOn: string | null;
}

/** What the due-checks job did with one scheduled check. */
export interface DueCheckStep {
  readonly checkId: string;
  readonly step: 'opened' | 'cancelled';
}

export interface SurveillanceCheckView {
  readonly id: string;
  readonly ratingId: string;
  readonly firmId: string;
  readonly firmName: string;
  readonly kind: CheckKind;
  readonly planEntryId: string | null;
  readonly reviewTaskId: string | null;
  readonly auditorId: string;
  readonly assignedAt: Date;
  readonly status: CheckStatus;
  /** Rome day it was scheduled to open on; null when opened at once without a date. */
  readonly scheduledOn: string | null;
  readonly cancelledAt: Date | null;
  readonly cancellationReason: CheckCancellationReason | null;
  readonly items: CheckItemView[];
  readonly findings: CheckFindingView[];
  readonly proposedOutcome: CheckOutcome | null;
  readonly proposalReasons: string | null;
  readonly outcome: CheckOutcome | null;
  readonly decisionReasons: string | null;
  readonly decidedById: string | null;
  readonly decidedAt: Date | null;
}

export interface CheckDecisionInput {
  readonly outcome: CheckOutcome;
  readonly reasons: string;
  /** What the public registry shows with a suspension or a revocation; required for them. */
  readonly publicNote?: string;
}

const findingView = (finding: SurveillanceCheckFinding): CheckFindingView => ({
  id: finding.id,
  itemCode: finding.itemCode,
  severity: finding.severity,
  description: finding.description,
  correctiveAction: finding.correctiveAction,
  dueOn: finding.dueOn,
  raisedAt: finding.raisedAt,
});

/**
 * Surveillance checks: an admin opens one for a plan entry or a report-triggered review task and names
 * the auditor; the auditor records a result for each item the plan names and proposes; a reviewer who
 * did not run it decides in one transaction: maintain (history only), suspend or revoke (through
 * `RatingsService`, reason `failed_surveillance`); a review task it answers is closed with it.
 */
@Injectable()
export class SurveillanceChecksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly ratings: RatingsService,
    private readonly reviewTasks: ReviewTasksService,
    private readonly users: UsersService,
    private readonly firms: FirmsService,
    private readonly checklist: ChecklistService,
    private readonly clock: Clock,
  ) {}

  private get checks() {
    return this.txHost.tx.getRepository(SurveillanceCheck);
  }

  /**
   * Opens a check now or, from a plan entry with a later Rome day, schedules it (`scheduled`, opened by the
   * due-checks job on that day). A scheduled check holds its entry's place as a running one does.
   */
  @Transactional()
  async open(actor: Actor, input: OpenCheckInput): Promise<SurveillanceCheckView> {
    const now = this.clock.now();
    const today = romeCalendarDate(now);
    const scheduledOn = 'planEntryId' in input ? (input.scheduledOn ?? null) : null;
    const start = checkStart(scheduledOn, today);
    if (start === 'invalid') throw new ScheduledDateInvalidError();
    if (start === 'past') throw new ScheduledDatePastError(today);
    let source: { ratingId: string; firmId: string; kind: CheckKind; itemCodes: string[]; planEntryId: string | null; reviewTaskId: string | null };
    if ('planEntryId' in input) {
      const entry = await this.txHost.tx.getRepository(SurveillancePlanEntry).findOneBy({ id: input.planEntryId });
      if (!entry) throw new CheckSourceNotFoundError();
      if (input.kind === 'unannounced' && !entry.drawn) throw new NotDrawnError();
      const plan = await this.txHost.tx.getRepository(SurveillancePlan).findOneByOrFail({ id: entry.planId });
      source = { ratingId: entry.ratingId, firmId: entry.firmId, kind: input.kind, itemCodes: plan.itemCodes, planEntryId: entry.id, reviewTaskId: null };
    } else {
      const task = await this.txHost.tx.getRepository(ReviewTask).findOneBy({ id: input.reviewTaskId });
      if (!task || task.kind !== 'surveillance' || task.closedAt !== null) throw new CheckSourceNotFoundError();
      // A report-triggered check covers the whole current checklist: the reports may concern any item.
      const version = await this.checklist.currentVersion();
      source = { ratingId: task.ratingId, firmId: task.firmId, kind: 'reports', itemCodes: version.items.map((item) => item.code), planEntryId: null, reviewTaskId: task.id };
    }
    const rating = await this.txHost.tx.getRepository(Rating).findOneByOrFail({ id: source.ratingId });
    if (!['active', 'suspended'].includes(effectiveRatingStatus(rating, now))) throw new RatingNotCurrentError();
    const auditor = await this.users.find(input.auditorId);
    if (!auditor || auditor.role !== 'auditor' || auditor.disabled || (await this.firms.isMember(auditor.id, source.firmId))) throw new NotAnAuditorError();
    const exists =
      source.planEntryId !== null
        ? await this.checks.existsBy({ planEntryId: source.planEntryId, kind: source.kind, status: Not('cancelled' as const) })
        : await this.checks.existsBy({ reviewTaskId: source.reviewTaskId! });
    if (exists) throw new CheckAlreadyOpenedError();
    const check = this.checks.create({
      ...source,
      auditorId: input.auditorId,
      assignedById: actor.userId,
      assignedAt: now,
      status: start === 'later' ? 'scheduled' : 'in_progress',
      scheduledOn,
      cancelledAt: null,
      cancellationReason: null,
      proposedOutcome: null,
      proposalReasons: null,
      proposedAt: null,
      outcome: null,
      decisionReasons: null,
      decidedById: null,
      decidedAt: null,
    });
    await this.checks.insert(check);
    // An announced check scheduled for a later day is notice to its firm now, with the day (a history listener writes it).
    await this.history.record(actor, {
      action: check.status === 'scheduled' ? 'surveillance_check.scheduled' : 'surveillance_check.opened',
      entityType: 'surveillance_check',
      entityId: check.id,
      after: { ratingId: check.ratingId, kind: check.kind, auditorId: check.auditorId, itemCodes: check.itemCodes, scheduledOn: check.scheduledOn },
    });
    return this.view(check);
  }

  /**
   * The due-checks job's first step, in the caller's transaction: locks one scheduled check due on Rome
   * day `today` that no other transaction holds (`FOR UPDATE SKIP LOCKED`: two workers never take the
   * same one, and a check opened meanwhile is no longer `scheduled`). Null when none is left; `skip`
   * names checks to pass over (those that failed in this run).
   */
  async lockNextDue(today: string, skip: readonly string[] = []): Promise<string | null> {
    const [row] = await this.txHost.tx.query<{ id: string }[]>(
      `SELECT id FROM surveillance_check
       WHERE status = 'scheduled' AND scheduled_on <= $1::date AND NOT (id = ANY ($2::uuid[]))
       ORDER BY scheduled_on, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [today, [...skip]],
    );
    return row?.id ?? null;
  }

  /**
   * The second step, on the check `lockNextDue` locked in this transaction: opens it, or cancels it
   * (`rating_not_current`) when its rating is no longer active or suspended, with history.
   */
  async openDue(id: string): Promise<DueCheckStep> {
    const check = await this.checks.findOneByOrFail({ id });
    const rating = await this.txHost.tx.getRepository(Rating).findOneByOrFail({ id: check.ratingId });
    const now = this.clock.now();
    if (dueCheckStep(effectiveRatingStatus(rating, now)) === 'cancel') {
      await this.transition(SYSTEM_ACTOR, check, 'cancelled', { cancelledAt: now, cancellationReason: 'rating_not_current' }, 'surveillance_check.cancelled', { reason: 'rating_not_current', scheduledOn: check.scheduledOn });
      return { checkId: check.id, step: 'cancelled' };
    }
    await this.transition(SYSTEM_ACTOR, check, 'in_progress', {}, 'surveillance_check.started', { scheduledOn: check.scheduledOn, auditorId: check.auditorId });
    return { checkId: check.id, step: 'opened' };
  }

  /** Staff read checks; an auditor only their own (another's is a 404). */
  async get(actor: Actor, id: string): Promise<SurveillanceCheckView> {
    return this.view(await this.readable(actor, id));
  }

  async list(actor: Actor): Promise<SurveillanceCheckView[]> {
    const checks = await this.checks.find({ where: actor.role === 'auditor' ? { auditorId: actor.userId } : {}, order: { assignedAt: 'DESC', id: 'ASC' } });
    return Promise.all(checks.map((check) => this.view(check)));
  }

  @Transactional()
  async recordItem(actor: Actor, id: string, itemCode: string, input: { result: CheckItemResult; note?: string | null }): Promise<SurveillanceCheckView> {
    const check = await this.runnable(actor, id);
    if (!check.itemCodes.includes(itemCode)) throw new UnknownCheckItemError(itemCode);
    await this.txHost.tx.getRepository(SurveillanceCheckItem).upsert({ checkId: id, itemCode, result: input.result, note: input.note ?? null, recordedAt: this.clock.now() }, ['checkId', 'itemCode']);
    await this.history.record(actor, { action: 'surveillance_check.item_recorded', entityType: 'surveillance_check', entityId: id, after: { itemCode, result: input.result } });
    return this.view(check);
  }

  /**
   * Its auditor raises a non-conformity on one of the check's items while it runs, with the corrective
   * action the firm owes by `dueOn` (today or later, 422 otherwise); the firm sees it at once.
   */
  @Transactional()
  async raiseFinding(actor: Actor, id: string, input: RaiseFindingInput): Promise<CheckFindingView> {
    const check = await this.runnable(actor, id);
    if (!check.itemCodes.includes(input.itemCode)) throw new UnknownCheckItemError(input.itemCode);
    const due = correctiveActionDueOn(input.dueOn, romeCalendarDate(this.clock.now()));
    if (!due.ok) throw new InvalidDueDateError(due.problem, input.dueOn ?? '');
    const findings = this.txHost.tx.getRepository(SurveillanceCheckFinding);
    const finding = findings.create({
      checkId: id,
      itemCode: input.itemCode,
      severity: input.severity,
      description: input.description.trim(),
      correctiveAction: input.correctiveAction.trim(),
      dueOn: due.dueOn,
      raisedById: actor.userId,
      raisedAt: this.clock.now(),
    });
    await findings.insert(finding);
    await this.history.record(actor, { action: 'surveillance_check.finding_raised', entityType: 'surveillance_check', entityId: id, after: { findingId: finding.id, itemCode: finding.itemCode, severity: finding.severity, dueOn: finding.dueOn } });
    return findingView(finding);
  }

  /** The findings of the checks of the actor's firm, newest first (a firm user; none without a firm). */
  async findingsOfOwnFirm(actor: Actor): Promise<FirmCheckFindingView[]> {
    const firmId = await this.firms.firmIdOfMember(actor.userId);
    if (firmId === null) return [];
    const rows = await this.txHost.tx
      .getRepository(SurveillanceCheckFinding)
      .createQueryBuilder('finding')
      .innerJoinAndSelect('finding.check', 'check')
      .where('check.firm_id = :firmId', { firmId })
      .orderBy('finding.raised_at', 'DESC')
      .addOrderBy('finding.id', 'ASC')
      .getMany();
    return rows.map((finding) => ({ ...findingView(finding), checkId: finding.checkId, checkKind: finding.check!.kind, checkAssignedAt: finding.check!.assignedAt }));
  }

  /** The announced checks (never an unannounced one) running now at the actor's firm, oldest first: the firm's to-do list shows them. */
  async announcedOfOwnFirm(actor: Actor): Promise<AnnouncedCheckView[]> {
    const firmId = await this.firms.firmIdOfMember(actor.userId);
    if (firmId === null) return [];
    // A scheduled announced check is listed from the day it is scheduled: the notice gives its day.
    const checks = await this.checks.find({ where: { firmId, status: In(['scheduled', 'in_progress']), kind: In(['yearly', 'reports']) }, order: { assignedAt: 'ASC', id: 'ASC' } });
    return checks.map((check) => ({
      id: check.id,
      kind: check.kind as AnnouncedCheckView['kind'],
      openedAt: check.scheduledOn !== null && check.scheduledOn > romeCalendarDate(check.assignedAt) ? romeDayStart(check.scheduledOn) : check.assignedAt,
      scheduledOn: check.status === 'scheduled' ? check.scheduledOn : null,
    }));
  }

  @Transactional()
  async propose(actor: Actor, id: string, input: { outcome: CheckOutcome; reasons: string }): Promise<SurveillanceCheckView> {
    const check = await this.runnable(actor, id);
    const recorded = await this.txHost.tx.getRepository(SurveillanceCheckItem).findBy({ checkId: id });
    const missing = itemsWithoutResult(check.itemCodes, recorded.map((item) => item.itemCode));
    if (missing.length > 0) throw new ItemsWithoutResultError(missing);
    await this.transition(actor, check, 'proposed', { proposedOutcome: input.outcome, proposalReasons: input.reasons, proposedAt: this.clock.now() }, 'surveillance_check.proposed', {
      outcome: input.outcome,
      reasons: input.reasons,
    });
    return this.view(check);
  }

  /**
   * A reviewer who did not run the check decides, once (the row is locked: of two deciders one wins, the
   * other gets 409): maintain, suspend or revoke the rating, which the ratings service does with its
   * public event and history in this transaction.
   */
  @Transactional()
  async decide(actor: Actor, id: string, input: CheckDecisionInput): Promise<SurveillanceCheckView> {
    const check = await this.checks.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!check) throw new SurveillanceCheckNotFoundError();
    if (check.auditorId === actor.userId) throw new ForbiddenError('The auditor who ran the check may not decide it', 'four_eyes');
    if (await this.firms.isMember(actor.userId, check.firmId)) throw new ForbiddenError('A member of the firm may not decide its check', 'four_eyes');
    if (check.status !== 'proposed') throw new CheckNotProposedError(check.status);
    const publicNote = input.publicNote?.trim() ?? '';
    if (input.outcome !== 'maintain' && publicNote === '') throw new PublicNoteRequiredError();
    const now = this.clock.now();
    await this.transition(actor, check, 'decided', { outcome: input.outcome, decisionReasons: input.reasons, decidedById: actor.userId, decidedAt: now });
    if (input.outcome === 'suspend') await this.ratings.suspend(actor, check.ratingId, { reason: 'failed_surveillance', publicNote });
    if (input.outcome === 'revoke') await this.ratings.revoke(actor, check.ratingId, { reason: 'failed_surveillance', publicNote });
    if (check.reviewTaskId !== null) await this.reviewTasks.close(actor, check.reviewTaskId, REVIEW_OUTCOME_OF[input.outcome], input.reasons);
    await this.history.record(actor, { action: 'surveillance_check.decided', entityType: 'surveillance_check', entityId: id, after: { outcome: input.outcome, reasons: input.reasons, ratingId: check.ratingId } });
    return this.view(check);
  }

  /**
   * The one way a check's status changes (but for its first, in `open`): the step is checked against
   * `CHECK_TRANSITIONS`, the row saved with the columns that go with the status, and the history event,
   * when named, written in the caller's transaction (`decide` writes its own after the rating's).
   */
  private async transition(
    actor: AnyActor,
    check: SurveillanceCheck,
    to: CheckStatus,
    changes: Partial<Omit<SurveillanceCheck, 'id' | 'status'>>,
    action?: string,
    after?: Record<string, unknown>,
  ): Promise<void> {
    const from = check.status;
    assertTransition('SurveillanceCheck', CHECK_TRANSITIONS, from, to);
    Object.assign(check, changes, { status: to });
    await this.checks.save(check);
    if (action !== undefined) await this.history.record(actor, { action, entityType: 'surveillance_check', entityId: check.id, before: { status: from }, after: { status: to, ...after } });
  }

  private async readable(actor: Actor, id: string): Promise<SurveillanceCheck> {
    const check = await this.checks.findOneBy({ id });
    if (!check || (actor.role === 'auditor' && check.auditorId !== actor.userId)) throw new SurveillanceCheckNotFoundError();
    return check;
  }

  /** The check, locked, when the actor is its auditor and it still runs. */
  private async runnable(actor: Actor, id: string): Promise<SurveillanceCheck> {
    const check = await this.checks.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!check || check.auditorId !== actor.userId) throw new SurveillanceCheckNotFoundError();
    if (check.status !== 'in_progress') throw new CheckNotInProgressError(check.status);
    return check;
  }

  private async view(check: SurveillanceCheck): Promise<SurveillanceCheckView> {
    const recorded = new Map((await this.txHost.tx.getRepository(SurveillanceCheckItem).findBy({ checkId: check.id })).map((item) => [item.itemCode, item]));
    const firm = await this.txHost.tx.getRepository(Firm).findOneByOrFail({ id: check.firmId });
    return {
      id: check.id,
      ratingId: check.ratingId,
      firmId: check.firmId,
      firmName: firm.legalName,
      kind: check.kind,
      planEntryId: check.planEntryId,
      reviewTaskId: check.reviewTaskId,
      auditorId: check.auditorId,
      assignedAt: check.assignedAt,
      status: check.status,
      scheduledOn: check.scheduledOn,
      cancelledAt: check.cancelledAt,
      cancellationReason: check.cancellationReason,
      items: check.itemCodes.map((itemCode) => ({ itemCode, result: recorded.get(itemCode)?.result ?? null, note: recorded.get(itemCode)?.note ?? null })),
      findings: (await this.txHost.tx.getRepository(SurveillanceCheckFinding).find({ where: { checkId: check.id }, order: { raisedAt: 'ASC', id: 'ASC' } })).map(findingView),
      proposedOutcome: check.proposedOutcome,
      proposalReasons: check.proposalReasons,
      outcome: check.outcome,
      decisionReasons: check.decisionReasons,
      decidedById: check.decidedById,
      decidedAt: check.decidedAt,
    };
  }
}
