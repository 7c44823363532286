import fc from 'fast-check';
import { DEFAULT_RISK_WEIGHTS, DrawCandidate, drawSample, randomUnit, RISK_FACTORS, RiskFactors, riskPoints, riskWeight, sampleSize } from './surveillance-rules';

const count = fc.nat({ max: 1000 });
const factors = fc.record<RiskFactors>({
  substantiatedReports: count,
  minorFindings: count,
  sitesOutsideEu: count,
  numbersAddedSinceDecision: count,
  daysSinceLastCheck: fc.nat({ max: 5000 }),
});
const candidates = fc.uniqueArray(fc.record<DrawCandidate>({ ratingId: fc.uuid(), firmId: fc.uuid(), factors }), { selector: (c) => c.ratingId, maxLength: 40 });
const seed = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const percent = fc.integer({ min: 0, max: 100 });
const clean: RiskFactors = { substantiatedReports: 0, minorFindings: 0, sitesOutsideEu: 0, numbersAddedSinceDecision: 0, daysSinceLastCheck: 0 };

describe('risk weight', () => {
  it('is the base for a firm with no risk factor', () => {
    expect(riskWeight(clean)).toBe(DEFAULT_RISK_WEIGHTS.base);
  });

  it('follows the documented points', () => {
    expect(riskPoints({ substantiatedReports: 2, minorFindings: 3, sitesOutsideEu: 1, numbersAddedSinceDecision: 4, daysSinceLastCheck: 95 })).toEqual({
      substantiatedReports: 40,
      minorFindings: 30,
      sitesOutsideEu: 30,
      numbersAddedSinceDecision: 20,
      daysSinceLastCheck: 3,
    });
    expect(riskWeight({ substantiatedReports: 99, minorFindings: 99, sitesOutsideEu: 99, numbersAddedSinceDecision: 99, daysSinceLastCheck: 9999 })).toBe(10 + 100 + 50 + 90 + 100 + 24);
  });

  it('is a positive integer that never decreases when a factor grows, and stops growing at the cap', () => {
    fc.assert(
      fc.property(factors, fc.constantFrom(...RISK_FACTORS), fc.nat({ max: 100 }), (base, factor, more) => {
        const grown = { ...base, [factor]: base[factor] + more };
        const weight = riskWeight(base);
        expect(Number.isInteger(weight) && weight >= 1).toBe(true);
        expect(riskWeight(grown)).toBeGreaterThanOrEqual(weight);
        const cap = DEFAULT_RISK_WEIGHTS.factors[factor].cap;
        if (base[factor] >= cap) expect(riskWeight(grown)).toBe(weight);
      }),
    );
  });
});

describe('sample size', () => {
  it('is the percentage rounded up, never more than the population', () => {
    expect(sampleSize(10, 0)).toBe(0);
    expect(sampleSize(10, 1)).toBe(1);
    expect(sampleSize(10, 30)).toBe(3);
    expect(sampleSize(10, 31)).toBe(4);
    expect(sampleSize(100, 7)).toBe(7);
    fc.assert(
      fc.property(percent, fc.nat({ max: 100_000 }), (p, n) => {
        const size = sampleSize(p, n);
        expect(size).toBeLessThanOrEqual(n);
        expect(size * 100).toBeGreaterThanOrEqual(p * n);
        expect((size - 1) * 100).toBeLessThan(p * n);
      }),
    );
  });
});

describe('the draw', () => {
  it('gives a number in (0, 1) that depends only on the seed and the rating', () => {
    fc.assert(
      fc.property(seed, fc.uuid(), (s, id) => {
        const u = randomUnit(s, id);
        expect(u > 0 && u < 1).toBe(true);
        expect(randomUnit(s, id)).toBe(u);
      }),
    );
    // The documented recipe: printf '%s' "seed:id" | sha256sum → first 13 hex digits.
    expect(randomUnit('00', 'a')).toBe((parseInt('5a63c5acb3214', 16) + 0.5) / 2 ** 52);
  });

  it('is reproducible: the same seed and candidates, in any order, draw the same ratings with the same explanations', () => {
    fc.assert(
      fc.property(seed, percent, candidates, fc.nat(), (s, p, list, rotation) => {
        const shuffled = list.map((_, index) => list[(index + rotation) % list.length]);
        expect(drawSample(s, p, shuffled)).toEqual(drawSample(s, p, list));
      }),
    );
  });

  it('lists every candidate once and draws exactly the sample size, the largest keys, at or above the threshold', () => {
    fc.assert(
      fc.property(seed, percent, candidates, (s, p, list) => {
        const draw = drawSample(s, p, list);
        expect(draw.entries.map((entry) => entry.ratingId).sort()).toEqual(list.map((c) => c.ratingId).sort());
        const drawn = draw.entries.filter((entry) => entry.explanation.drawn);
        expect(drawn).toHaveLength(sampleSize(p, list.length));
        for (const entry of draw.entries) {
          const { key, weight, random, drawn: isDrawn } = entry.explanation;
          expect(key).toBe(Math.log(random) / weight);
          expect(weight).toBe(riskWeight(entry.factors));
          if (isDrawn) expect(key).toBeGreaterThanOrEqual(draw.threshold!);
          else if (draw.threshold !== null) expect(key).toBeLessThanOrEqual(draw.threshold);
        }
        draw.entries.forEach((entry, index) => expect(entry.explanation.rank).toBe(index + 1));
      }),
    );
  });

  it('draws nobody at 0% and everybody at 100%', () => {
    fc.assert(
      fc.property(seed, candidates, (s, list) => {
        expect(drawSample(s, 0, list).entries.some((entry) => entry.explanation.drawn)).toBe(false);
        expect(drawSample(s, 100, list).entries.every((entry) => entry.explanation.drawn)).toBe(true);
      }),
    );
  });

  it('is biased by weight: a heavier rating with the same random number ranks ahead', () => {
    fc.assert(
      fc.property(seed, fc.uuid(), factors, factors, (s, id, a, b) => {
        const u = randomUnit(s, id);
        const [wa, wb] = [riskWeight(a), riskWeight(b)];
        fc.pre(wa !== wb);
        expect(Math.log(u) / wa > Math.log(u) / wb).toBe(wa > wb);
      }),
    );
  });

  it('draws a risky firm more often than a clean one over many seeds', () => {
    const risky: RiskFactors = { ...clean, substantiatedReports: 5, sitesOutsideEu: 2 };
    const list: DrawCandidate[] = Array.from({ length: 20 }, (_, index) => ({
      ratingId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      firmId: `firm-${index}`,
      factors: index === 0 ? risky : clean,
    }));
    let riskyDrawn = 0;
    let cleanDrawn = 0;
    for (let run = 0; run < 400; run += 1) {
      const draw = drawSample(`seed-${run}`, 10, list);
      for (const entry of draw.entries.filter((each) => each.explanation.drawn)) {
        if (entry.ratingId === list[0].ratingId) riskyDrawn += 1;
        if (entry.ratingId === list[1].ratingId) cleanDrawn += 1;
      }
    }
    // Weight 170 against nineteen of 10, for 2 places: the risky firm is drawn about 73% of the time, a clean one about 7%.
    expect(riskyDrawn).toBeGreaterThan(250);
    expect(cleanDrawn).toBeLessThan(60);
  });
});
