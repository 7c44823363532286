import { AppConfig } from '@app/config';
import { Actor, Clock, romeCalendarDate } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { ChecklistService } from '@app/checklist';
import { isOutsideEu } from '@app/firms';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SurveillancePlan, SurveillancePlanEntry } from './surveillance-plan.entity';
import { DEFAULT_RISK_WEIGHTS, drawSample, RiskFactors, RiskPoints, RiskWeights, romeDaysBetween } from './surveillance-rules';
import { PlanYearRefusedError, SurveillancePlanExistsError, SurveillancePlanNotFoundError, UnknownChecklistItemsError } from './surveillance.errors';
import { activeRatingRiskFacts } from './surveillance.queries';

export interface CreatePlanInput {
  readonly year: number;
  /** Percentage of the active ratings drawn for an unannounced check; SURVEILLANCE_SAMPLE_PERCENT when left out. */
  readonly samplePercent?: number;
  /** The checklist items a check covers; every item of the current version when left out. */
  readonly itemCodes?: readonly string[];
}

export interface SurveillancePlanView {
  readonly id: string;
  readonly year: number;
  readonly seed: string;
  readonly samplePercent: number;
  readonly weights: RiskWeights;
  readonly checklistVersionId: string;
  readonly itemCodes: string[];
  readonly population: number;
  readonly sampleSize: number;
  readonly threshold: number | null;
  readonly createdById: string;
  readonly createdAt: Date;
}

export interface PlanEntryView {
  readonly id: string;
  readonly ratingId: string;
  readonly firmId: string;
  readonly firmName: string;
  readonly certificateNumber: string;
  readonly factors: RiskFactors;
  readonly points: RiskPoints;
  readonly weight: number;
  readonly randomUnit: number;
  readonly drawKey: number;
  readonly rank: number;
  /** Drawn for an unannounced check; every entry is due its yearly check. */
  readonly drawn: boolean;
}

export interface SurveillancePlanWithEntries extends SurveillancePlanView {
  readonly entries: PlanEntryView[];
}

/** Why a firm was or was not drawn in a plan, with every number needed to check it by hand. */
export interface DrawExplanationView {
  readonly plan: SurveillancePlanView;
  readonly firmId: string;
  /** `drawn`, `not_drawn`, or `not_in_plan` (no active rating when the plan was made). */
  readonly outcome: 'drawn' | 'not_drawn' | 'not_in_plan';
  readonly entry: PlanEntryView | null;
}

const planView = (plan: SurveillancePlan): SurveillancePlanView => ({
  id: plan.id,
  year: plan.year,
  seed: plan.seed,
  samplePercent: plan.samplePercent,
  weights: plan.weights,
  checklistVersionId: plan.checklistVersionId,
  itemCodes: plan.itemCodes,
  population: plan.population,
  sampleSize: plan.sampleSize,
  threshold: plan.threshold,
  createdById: plan.createdById,
  createdAt: plan.createdAt,
});

interface EntryRow {
  readonly id: string;
  readonly ratingId: string;
  readonly firmId: string;
  readonly firmName: string;
  readonly certificateNumber: string;
  readonly factors: RiskFactors;
  readonly points: RiskPoints;
  readonly weight: number;
  readonly randomUnit: number;
  readonly drawKey: number;
  readonly rank: number;
  readonly drawn: boolean;
}

/**
 * Yearly surveillance plans: an admin makes the year's plan once, in one transaction with its history
 * event; it lists every active rating for its yearly check and draws a weighted random sample for an
 * unannounced one (`drawSample`). The seed, the weights and each rating's factors are kept, so anyone
 * can recompute the draw and an admin can show why a firm was or was not drawn.
 */
@Injectable()
export class SurveillancePlansService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly checklist: ChecklistService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Transactional()
  async create(actor: Actor, input: CreatePlanInput): Promise<SurveillancePlanWithEntries> {
    const now = this.clock.now();
    const currentYear = Number(romeCalendarDate(now).slice(0, 4));
    if (input.year !== currentYear && input.year !== currentYear + 1) throw new PlanYearRefusedError(currentYear);
    const plans = this.txHost.tx.getRepository(SurveillancePlan);
    // Two admins at once queue here, so the second sees the first's plan and gets the same answer; the unique constraint stays the last word.
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('surveillance_plan:' || $1, 0))`, [input.year]);
    if (await plans.existsBy({ year: input.year })) throw new SurveillancePlanExistsError(input.year);
    const version = await this.checklist.currentVersion();
    const known = new Set(version.items.map((item) => item.code));
    const itemCodes = input.itemCodes === undefined ? [...known] : [...new Set(input.itemCodes)];
    const unknown = itemCodes.filter((code) => !known.has(code));
    if (unknown.length > 0) throw new UnknownChecklistItemsError(unknown);

    const facts = await activeRatingRiskFacts(this.txHost.tx, now);
    const candidates = facts.map((fact) => ({
      ratingId: fact.ratingId,
      firmId: fact.firmId,
      factors: {
        substantiatedReports: fact.substantiatedReports,
        minorFindings: fact.minorFindings,
        sitesOutsideEu: fact.siteCountries.filter(isOutsideEu).length,
        numbersAddedSinceDecision: fact.numbersAddedSinceDecision,
        daysSinceLastCheck: romeDaysBetween(fact.lastCheckAt, now),
      },
    }));
    const seed = randomBytes(16).toString('hex');
    const samplePercent = input.samplePercent ?? this.config.surveillance.samplePercent;
    const weights = DEFAULT_RISK_WEIGHTS;
    const draw = drawSample(seed, samplePercent, candidates, weights);
    const plan = plans.create({
      year: input.year,
      seed,
      samplePercent,
      weights,
      checklistVersionId: version.id,
      itemCodes,
      population: candidates.length,
      sampleSize: draw.sampleSize,
      threshold: draw.threshold,
      createdById: actor.userId,
      createdAt: now,
    });
    await plans.insert(plan);
    if (draw.entries.length > 0) {
      await this.txHost.tx.getRepository(SurveillancePlanEntry).insert(
        draw.entries.map((entry) => ({
          planId: plan.id,
          ratingId: entry.ratingId,
          firmId: entry.firmId,
          factors: entry.factors,
          points: entry.explanation.points,
          weight: entry.explanation.weight,
          randomUnit: entry.explanation.random,
          drawKey: entry.explanation.key,
          rank: entry.explanation.rank,
          drawn: entry.explanation.drawn,
        })),
      );
    }
    const view = planView(plan);
    await this.history.record(actor, {
      action: 'surveillance_plan.created',
      entityType: 'surveillance_plan',
      entityId: plan.id,
      after: { year: view.year, seed, samplePercent, population: view.population, sampleSize: view.sampleSize, drawn: draw.entries.filter((entry) => entry.explanation.drawn).map((entry) => entry.ratingId) },
    });
    return { ...view, entries: await this.entries(plan.id) };
  }

  async list(): Promise<SurveillancePlanView[]> {
    const plans = await this.txHost.tx.getRepository(SurveillancePlan).find({ order: { year: 'DESC' } });
    return plans.map(planView);
  }

  async get(id: string): Promise<SurveillancePlanWithEntries> {
    const plan = await this.txHost.tx.getRepository(SurveillancePlan).findOneBy({ id });
    if (!plan) throw new SurveillancePlanNotFoundError();
    return { ...planView(plan), entries: await this.entries(id) };
  }

  /** Why the firm was (or was not) drawn in the plan: its entry, or `not_in_plan` when it held no active rating then. */
  async explain(planId: string, firmId: string): Promise<DrawExplanationView> {
    const plan = await this.txHost.tx.getRepository(SurveillancePlan).findOneBy({ id: planId });
    if (!plan) throw new SurveillancePlanNotFoundError();
    const [entry] = await this.entries(planId, firmId);
    return { plan: planView(plan), firmId, outcome: entry === undefined ? 'not_in_plan' : entry.drawn ? 'drawn' : 'not_drawn', entry: entry ?? null };
  }

  private entries(planId: string, firmId?: string): Promise<PlanEntryView[]> {
    return this.txHost.tx.query<EntryRow[]>(
      `SELECT e.id, e.rating_id AS "ratingId", e.firm_id AS "firmId", f.legal_name AS "firmName", r.certificate_number AS "certificateNumber",
         e.factors, e.points, e.weight, e.random_unit AS "randomUnit", e.draw_key AS "drawKey", e.rank, e.drawn
       FROM surveillance_plan_entry e JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
       WHERE e.plan_id = $1 AND ($2::uuid IS NULL OR e.firm_id = $2)
       ORDER BY e.rank`,
      [planId, firmId ?? null],
    );
  }
}
