import { AppConfig } from '@app/config';
import { Actor, AnyActor, assertTransition, Clock, DAY_MS, romeCalendarDate, SYSTEM_ACTOR, type Transitions } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { JobQueue } from '@app/jobs';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RatingEvent, RatingEventKind } from './rating-event.entity';
import {
  effectiveRatingFacts,
  effectiveRatingStatus,
  effectiveRatingStatusSql,
  formatCertificateNumber,
  RATING_REINSTATEMENT_ON_APPEAL,
  RATING_STAY_ON_APPEAL,
  RATING_TRANSITIONS,
  RatingStatus,
  RevocationReason,
} from './rating-lifecycle';
import { Rating } from './rating.entity';
import { ratingPeriod } from './renewal-rules';
import { recordedRatingView, toRatingView, RatingView } from './rating.view';
import { RatingNotFoundError, SuspensionLengthError } from './ratings.errors';

export const CERTIFICATE_RENDER_QUEUE = 'certificates.render';
export interface CertificateRenderJob {
  readonly ratingId: string;
}

export interface IssueRatingInput {
  readonly firmId: string;
  readonly applicationId: string;
  readonly checklistVersion: string;
}

export interface SuspensionInput {
  readonly reason: RevocationReason;
  readonly publicNote: string;
}

export interface SuspendInput extends SuspensionInput {
  /** How long the suspension lasts before it lapses into a revocation: 1 to SUSPENSION_MAX_DAYS, the maximum when left out. */
  readonly days?: number;
}

export type RevocationInput = SuspensionInput;

/** The public event of a status change. */
interface RatingStepEvent {
  readonly kind: RatingEventKind;
  readonly occurredAt: Date;
  readonly reason: string | null;
  readonly publicNote: string | null;
}

/** How `transition` moves a rating: the columns that change with its status, and the event it records. */
interface RatingStep {
  readonly changes: Partial<Pick<Rating, 'suspendedAt' | 'suspensionDeadline' | 'suspensionReason' | 'endedAt' | 'revocationReason' | 'publicNote'>>;
  readonly event: RatingStepEvent;
  /** An exceptional map the caller is entitled to (an appeal's), instead of `RATING_TRANSITIONS`. */
  readonly allowed?: Transitions<RatingStatus>;
  /** Time's own lapses: checked from, and recorded against, the stored status that time has overtaken. */
  readonly asRecorded?: boolean;
}

/** Firm users may read only their own firm's ratings; staff read all. */
export function mayReadFirmRatings(actor: Actor, firmId: string): boolean {
  return actor.role === 'firm' ? actor.firmId === firmId : true;
}

@Injectable()
export class RatingsService implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.declare({
      name: CERTIFICATE_RENDER_QUEUE,
      retryLimit: this.config.renderer.maxAttempts - 1,
      retryDelaySeconds: 5,
      expireInSeconds: 300,
    });
  }

  private get ratings() {
    return this.txHost.tx.getRepository(Rating);
  }

  /**
   * Issues the rating of an approved application, in the caller's transaction: takes the next gapless
   * certificate number of the year, records the public event and the history, and enqueues the
   * certificate rendering with the same commit.
   *
   * Issues for one firm queue on a lock, so the second sees the first's rating as the current one. The
   * firm's current rating decides the period (`ratingPeriod`). Still current at the decision,
   * it is superseded: it ends now, points at the new rating, and the new one is the firm's current rating
   * at once, its certificate period starting the day after the old one's last day; the public timeline
   * says "renewed". Already lapsed by time, the lapse is recorded as of when it happened and the new rating
   * starts now, so the timeline shows the gap. Either way the database keeps one current rating per firm.
   */
  @Transactional()
  async issue(actor: Actor, input: IssueRatingInput): Promise<RatingView> {
    const now = this.clock.now();
    const id = randomUUID();
    // A firm's issues queue on a lock of their own: locking the current rating's row alone would let two
    // first ratings of one firm past each other, to be stopped only by the unique index as a server error.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('rating.issue:' || $1, 0))`, [input.firmId]);
    const [previous] = await this.ratings
      .createQueryBuilder('rating')
      .setLock('pessimistic_write')
      .where(`rating.firm_id = :firmId AND rating.status IN ('active', 'suspended')`, { firmId: input.firmId })
      .getMany();
    const period = ratingPeriod(previous ?? null, now, this.config.ratings.validityMonths);
    if (previous !== undefined && period.continues) {
      await this.ratings.update({ id: previous.id }, { status: 'expired', endedAt: now, suspendedAt: null, suspensionDeadline: null, suspensionReason: null });
    } else if (previous !== undefined) {
      await this.recordLapse(previous, now);
    }

    const year = Number(romeCalendarDate(now).slice(0, 4));
    const [{ last_sequence: sequence }] = await this.txHost.tx.query<{ last_sequence: number }[]>(
      `INSERT INTO certificate_counter (year, last_sequence) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_sequence = certificate_counter.last_sequence + 1
       RETURNING last_sequence`,
      [year],
    );
    const rating = this.ratings.create({
      id,
      firmId: input.firmId,
      applicationId: input.applicationId,
      decidedById: actor.userId,
      certificateNumber: formatCertificateNumber(year, sequence),
      certificateYear: year,
      certificateSequence: sequence,
      checklistVersion: input.checklistVersion,
      status: 'active',
      issuedAt: now,
      validFrom: period.validFrom,
      validUntil: period.validUntil,
      suspendedAt: null,
      suspensionDeadline: null,
      suspensionReason: null,
      endedAt: null,
      revocationReason: null,
      publicNote: null,
      supersededById: null,
      certificateSha256: null,
    });
    await this.ratings.insert(rating);
    if (previous !== undefined && period.continues) {
      await this.ratings.update({ id: previous.id }, { supersededById: id });
      await this.recordEvent(previous, 'superseded', now, null, `Rinnovato con ${rating.certificateNumber}`);
      await this.history.record(actor, { action: 'rating.superseded', entityType: 'rating', entityId: previous.id, before: { status: previous.status }, after: { status: 'expired', supersededBy: id } });
    }
    const renews = previous !== undefined && period.continues ? previous : null;
    await this.recordEvent(rating, renews ? 'renewed' : 'issued', now, null, renews ? `Rinnova ${renews.certificateNumber} senza interruzione` : null);
    await this.history.record(actor, {
      action: renews ? 'rating.renewed' : 'rating.issued',
      entityType: 'rating',
      entityId: id,
      after: {
        firmId: input.firmId,
        applicationId: input.applicationId,
        certificateNumber: rating.certificateNumber,
        validFrom: rating.validFrom,
        validUntil: rating.validUntil,
        ...(renews ? { renews: renews.id } : {}),
      },
    });
    await this.jobs.enqueue<CertificateRenderJob>(CERTIFICATE_RENDER_QUEUE, { ratingId: id }, { singletonKey: id });
    return toRatingView(rating, now);
  }

  async get(actor: Actor, id: string): Promise<RatingView> {
    const rating = await this.ratings.findOneBy({ id });
    if (!rating || !mayReadFirmRatings(actor, rating.firmId)) throw new RatingNotFoundError();
    return toRatingView(rating, this.clock.now());
  }

  async listForFirm(actor: Actor, firmId: string): Promise<RatingView[]> {
    if (!mayReadFirmRatings(actor, firmId)) return [];
    const now = this.clock.now();
    const ratings = await this.ratings.find({ where: { firmId }, order: { issuedAt: 'DESC' } });
    return ratings.map((rating) => toRatingView(rating, now));
  }

  /** The longest suspension allowed (SUSPENSION_MAX_DAYS), for forms to offer. */
  get suspensionMaxDays(): number {
    return this.config.ratings.suspensionMaxDays;
  }

  @Transactional()
  async suspend(actor: Actor, id: string, input: SuspendInput): Promise<RatingView> {
    const maxDays = this.config.ratings.suspensionMaxDays;
    const days = input.days ?? maxDays;
    if (!Number.isInteger(days) || days < 1 || days > maxDays) throw new SuspensionLengthError(maxDays);
    const now = this.clock.now();
    const rating = await this.lock(id);
    return this.transition(actor, rating, 'suspended', {
      changes: { suspendedAt: now, suspensionDeadline: new Date(now.getTime() + days * DAY_MS), suspensionReason: input.reason, publicNote: input.publicNote },
      event: { kind: 'suspended', occurredAt: now, reason: input.reason, publicNote: input.publicNote },
    });
  }

  @Transactional()
  async reinstate(actor: Actor, id: string, publicNote: string | null): Promise<RatingView> {
    const rating = await this.lock(id);
    return this.transition(actor, rating, 'active', {
      changes: { suspendedAt: null, suspensionDeadline: null, suspensionReason: null, publicNote },
      event: { kind: 'reinstated', occurredAt: this.clock.now(), reason: null, publicNote },
    });
  }

  /**
   * Gives a suspended or revoked rating back after an upheld appeal (`REINSTATABLE_ON_APPEAL`), with the
   * public event "reinstated" carrying the panel's note. In the caller's transaction, which must already
   * hold the upheld appeal: the database allows `revoked -> active` only then. Returns null, changing
   * nothing, when the firm holds another current rating by now (a new application approved meanwhile).
   */
  @Transactional()
  async reinstateOnAppeal(actor: Actor, id: string, publicNote: string): Promise<RatingView | null> {
    const rating = await this.lock(id);
    assertTransition('Rating', RATING_REINSTATEMENT_ON_APPEAL, effectiveRatingStatus(rating, this.clock.now()), 'active');
    if (await this.firmHoldsAnotherCurrentRating(rating)) return null;
    return this.transition(actor, rating, 'active', {
      changes: { endedAt: null, revocationReason: null, suspendedAt: null, suspensionDeadline: null, suspensionReason: null, publicNote },
      event: { kind: 'reinstated', occurredAt: this.clock.now(), reason: null, publicNote },
      allowed: RATING_REINSTATEMENT_ON_APPEAL,
    });
  }

  /**
   * Stays a revocation while its appeal is heard: `revoked -> suspended`, with a public "suspended" event
   * carrying the note, the suspension lasting at most SUSPENSION_MAX_DAYS like any other. The caller's
   * transaction must hold the appeal's stay: the database allows the transition only then. Returns null,
   * changing nothing, when the firm holds another current rating by now.
   */
  @Transactional()
  async stayRevocation(actor: Actor, id: string, publicNote: string): Promise<RatingView | null> {
    const now = this.clock.now();
    const rating = await this.lock(id);
    assertTransition('Rating', RATING_STAY_ON_APPEAL, effectiveRatingStatus(rating, now), 'suspended');
    if (await this.firmHoldsAnotherCurrentRating(rating)) return null;
    return this.transition(actor, rating, 'suspended', {
      changes: {
        suspendedAt: now,
        suspensionDeadline: new Date(now.getTime() + this.config.ratings.suspensionMaxDays * DAY_MS),
        suspensionReason: rating.revocationReason,
        endedAt: null,
        revocationReason: null,
        publicNote,
      },
      event: { kind: 'suspended', occurredAt: now, reason: rating.revocationReason, publicNote },
      allowed: RATING_STAY_ON_APPEAL,
    });
  }

  @Transactional()
  async revoke(actor: AnyActor, id: string, input: RevocationInput): Promise<RatingView> {
    const now = this.clock.now();
    const rating = await this.lock(id);
    return this.transition(actor, rating, 'revoked', {
      changes: { endedAt: now, revocationReason: input.reason, publicNote: input.publicNote, suspendedAt: null, suspensionDeadline: null, suspensionReason: null },
      event: { kind: 'revoked', occurredAt: now, reason: input.reason, publicNote: input.publicNote },
    });
  }

  /**
   * Records what time has already decided: expiries, and suspensions that lapsed into revocations.
   * Readers never wait for this (they compute the effective status); it keeps the records and the
   * public timeline complete. Safe to run from several workers at once (SKIP LOCKED).
   */
  @Transactional()
  async recordLapses(): Promise<number> {
    const now = this.clock.now();
    const lapsed = await this.txHost.tx.query<{ id: string }[]>(
      `SELECT id FROM rating r WHERE r.status IN ('active', 'suspended') AND ${effectiveRatingStatusSql('r', '$1')} <> r.status
       ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    for (const { id } of lapsed) await this.recordLapse(await this.ratings.findOneByOrFail({ id }), now);
    return lapsed.length;
  }

  /** Records, as of when it happened, the expiry or lapsed suspension that time has decided for a locked rating. */
  private async recordLapse(rating: Rating, now: Date): Promise<void> {
    const { status, ...changes } = effectiveRatingFacts(rating, now);
    if (status === rating.status) return;
    const event: RatingStepEvent =
      status === 'expired'
        ? { kind: 'expired', occurredAt: rating.validUntil, reason: null, publicNote: null }
        : { kind: 'revoked', occurredAt: changes.endedAt ?? now, reason: changes.revocationReason, publicNote: changes.publicNote };
    await this.transition(SYSTEM_ACTOR, rating, status, { changes, event, asRecorded: true });
  }

  /** Attaches the rendered certificate. The first one wins and never changes (the database refuses it too). */
  @Transactional()
  async attachCertificate(ratingId: string, sha256: string): Promise<boolean> {
    const result = await this.ratings
      .createQueryBuilder()
      .update(Rating)
      .set({ certificateSha256: sha256 })
      .where('id = :ratingId AND certificate_sha256 IS NULL', { ratingId })
      .execute();
    if (result.affected !== 1) return false;
    await this.history.record(SYSTEM_ACTOR, { action: 'rating.certificate_attached', entityType: 'rating', entityId: ratingId, after: { certificateSha256: sha256 } });
    return true;
  }

  /** The rating, locked until the transaction ends, so that concurrent changes queue and meet each other's result. */
  private async lock(id: string): Promise<Rating> {
    const rating = await this.ratings.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!rating) throw new RatingNotFoundError();
    return rating;
  }

  private firmHoldsAnotherCurrentRating(rating: Rating): Promise<boolean> {
    return this.ratings
      .createQueryBuilder('rating')
      .where(`rating.firm_id = :firmId AND rating.status IN ('active', 'suspended') AND rating.id <> :id`, { firmId: rating.firmId, id: rating.id })
      .getExists();
  }

  /**
   * The one way a rating's status changes, but for the supersede in `issue`: the step is checked from the
   * effective status (what time has decided counts) against `RATING_TRANSITIONS` or the exceptional map the
   * caller is entitled to, then the locked rating is saved with the columns that go with the status, the
   * public event and the history event written, all in the caller's transaction.
   */
  private async transition(actor: AnyActor, rating: Rating, to: RatingStatus, step: RatingStep): Promise<RatingView> {
    const now = this.clock.now();
    const before = step.asRecorded ? recordedRatingView(rating) : toRatingView(rating, now);
    assertTransition('Rating', step.allowed ?? RATING_TRANSITIONS, step.asRecorded ? rating.status : before.status, to);
    Object.assign(rating, step.changes, { status: to });
    await this.ratings.save(rating);
    await this.recordEvent(rating, step.event.kind, step.event.occurredAt, step.event.reason, step.event.publicNote);
    const after = toRatingView(rating, now);
    await this.history.record(actor, { action: `rating.${step.event.kind}`, entityType: 'rating', entityId: rating.id, before, after });
    return after;
  }

  private async recordEvent(rating: Rating, kind: RatingEventKind, occurredAt: Date, reason: string | null, publicNote: string | null): Promise<void> {
    await this.txHost.tx.getRepository(RatingEvent).insert({ ratingId: rating.id, firmId: rating.firmId, kind, occurredAt, reason, publicNote });
  }
}

