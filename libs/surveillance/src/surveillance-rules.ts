import { createHash } from 'node:crypto';
import { romeCalendarDate } from '@app/core';

/**
 * What raises a firm's chance of an unannounced surveillance check, counted when the plan is made.
 * `daysSinceLastCheck` is in Rome days, since the last decided surveillance check of the rating (or,
 * with none, since the rating's period began).
 */
export interface RiskFactors {
  /** Consumer reports closed as substantiated since the rating's period began. */
  readonly substantiatedReports: number;
  /** Minor non-conformities (findings) raised at the audit that obtained the rating. */
  readonly minorFindings: number;
  /** Operating sites open today outside the European Union. */
  readonly sitesOutsideEu: number;
  /** Calling numbers declared after the decision that issued the rating. */
  readonly numbersAddedSinceDecision: number;
  readonly daysSinceLastCheck: number;
}

export const RISK_FACTORS = ['substantiatedReports', 'minorFindings', 'sitesOutsideEu', 'numbersAddedSinceDecision', 'daysSinceLastCheck'] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

/** Points for one factor: `points` per `per` units, counting at most `cap` units. */
export interface FactorWeight {
  readonly points: number;
  readonly per: number;
  readonly cap: number;
}

/** The weights a plan uses, kept with the plan so its draw can be recomputed even after they change. */
export interface RiskWeights {
  /** What every rating weighs with no risk factor at all, so a clean firm can still be drawn. */
  readonly base: number;
  readonly factors: { readonly [F in RiskFactor]: FactorWeight };
}

/**
 * Our weights (integer points, so a draw is the same on every machine): a clean firm weighs 10; each
 * substantiated report adds 20 (up to 5), each minor non-conformity 10 (up to 5), each site outside the
 * EU 30 (up to 3), each calling number added since the decision 5 (up to 20), and every full 30 days
 * since the last check 1 (up to 24, two years). The caps keep one factor from drowning the others.
 */
export const DEFAULT_RISK_WEIGHTS: RiskWeights = {
  base: 10,
  factors: {
    substantiatedReports: { points: 20, per: 1, cap: 5 },
    minorFindings: { points: 10, per: 1, cap: 5 },
    sitesOutsideEu: { points: 30, per: 1, cap: 3 },
    numbersAddedSinceDecision: { points: 5, per: 1, cap: 20 },
    daysSinceLastCheck: { points: 1, per: 30, cap: 720 },
  },
};

export type RiskPoints = { readonly [F in RiskFactor]: number };

/** Each factor's points under the weights; negative or fractional counts never happen, and count as their floor, at least 0. */
export function riskPoints(factors: RiskFactors, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): RiskPoints {
  const points = (factor: RiskFactor): number => {
    const { points: each, per, cap } = weights.factors[factor];
    const counted = Math.min(Math.max(0, Math.floor(factors[factor])), cap);
    return Math.floor(counted / per) * each;
  };
  return {
    substantiatedReports: points('substantiatedReports'),
    minorFindings: points('minorFindings'),
    sitesOutsideEu: points('sitesOutsideEu'),
    numbersAddedSinceDecision: points('numbersAddedSinceDecision'),
    daysSinceLastCheck: points('daysSinceLastCheck'),
  };
}

/** A rating's weight in the draw: the base plus every factor's points (always a positive integer). */
export function riskWeight(factors: RiskFactors, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): number {
  const points = riskPoints(factors, weights);
  return Math.max(1, weights.base + RISK_FACTORS.reduce((sum, factor) => sum + points[factor], 0));
}

/**
 * The rating's uniform random number in (0, 1) for the plan's seed: the first 52 bits of
 * SHA-256("<seed>:<ratingId>"), plus one half-step so it is never 0. Derived per rating rather than
 * from a stream, it does not depend on the order ratings are read in, and anyone can recompute it:
 * `printf '%s' "$SEED:$RATING_ID" | sha256sum`, the first 13 hex digits, (n + 0.5) / 2^52.
 */
export function randomUnit(seed: string, ratingId: string): number {
  const digest = createHash('sha256').update(`${seed}:${ratingId}`, 'utf8').digest('hex');
  return (parseInt(digest.slice(0, 13), 16) + 0.5) / 2 ** 52;
}

/** How many unannounced checks: `percent` (a whole number, 0 to 100) of the active ratings, rounded up (10% of 1 is 1, of 0 is 0). */
export function sampleSize(percent: number, population: number): number {
  // Whole numbers throughout, so no floating-point rounding can add or lose a check.
  return Math.min(population, Math.floor((percent * population + 99) / 100));
}

export interface DrawCandidate {
  readonly ratingId: string;
  readonly firmId: string;
  readonly factors: RiskFactors;
}

/** Why a rating was or was not drawn: everything needed to check the decision by hand. */
export interface DrawExplanation {
  readonly points: RiskPoints;
  readonly weight: number;
  /** The rating's uniform number from the seed (`randomUnit`). */
  readonly random: number;
  /** ln(random) / weight: the larger, the earlier drawn (Efraimidis–Spirakis); a heavier weight pulls it towards 0. */
  readonly key: number;
  /** Position by key, 1 first; the first `sampleSize` are drawn. */
  readonly rank: number;
  readonly drawn: boolean;
}

export interface DrawEntry extends DrawCandidate {
  readonly explanation: DrawExplanation;
}

export interface SurveillanceDraw {
  readonly sampleSize: number;
  /** The key of the last rating drawn: a rating is drawn when its key is at least this (null when none is drawn). */
  readonly threshold: number | null;
  /** Every candidate (every rating is due its yearly check), in rank order. */
  readonly entries: DrawEntry[];
}

/**
 * Weighted sampling without replacement (Efraimidis and Spirakis, 2006, algorithm A-ES): each rating
 * gets key = ln(u) / weight with u its seeded uniform number, and the `sampleSize` largest keys are
 * drawn. The chance of being drawn grows with the weight, and the draw is the same for the same seed,
 * candidates and weights, in any order. Equal keys are ordered by rating id.
 */
export function drawSample(seed: string, percent: number, candidates: readonly DrawCandidate[], weights: RiskWeights = DEFAULT_RISK_WEIGHTS): SurveillanceDraw {
  const size = sampleSize(percent, candidates.length);
  const keyed = candidates.map((candidate) => {
    const weight = riskWeight(candidate.factors, weights);
    const random = randomUnit(seed, candidate.ratingId);
    return { candidate, points: riskPoints(candidate.factors, weights), weight, random, key: Math.log(random) / weight };
  });
  keyed.sort((a, b) => b.key - a.key || (a.candidate.ratingId < b.candidate.ratingId ? -1 : a.candidate.ratingId > b.candidate.ratingId ? 1 : 0));
  const entries = keyed.map(({ candidate, points, weight, random, key }, index) => ({
    ...candidate,
    explanation: { points, weight, random, key, rank: index + 1, drawn: index < size },
  }));
  return { sampleSize: size, threshold: size > 0 ? keyed[size - 1].key : null, entries };
}

/** Whole Rome days from the day of `from` to the day of `to` (0 on the same Rome day). */
export function romeDaysBetween(from: Date, to: Date): number {
  return Math.round((Date.parse(romeCalendarDate(to)) - Date.parse(romeCalendarDate(from))) / 86_400_000);
}
