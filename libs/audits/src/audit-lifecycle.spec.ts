import { canTransition } from '@app/core';
import fc from 'fast-check';
import {
  approvalBlockers,
  approvalIsPossible,
  AUDIT_STATUSES,
  AUDIT_TRANSITIONS,
  GateItem,
  ITEM_RESULTS,
  ItemResult,
  itemResultProblem,
} from './audit-lifecycle';

const item = (code: string, overrides: Partial<GateItem> = {}): GateItem => ({ code, required: true, blocking: true, assessment: 'declared', ...overrides });
const PASSED = { passed: true, counting: [] };

describe('audit lifecycle', () => {
  it('waits for the firm and comes back, proposes, withdraws a proposal, and is decided once', () => {
    const allowed = AUDIT_STATUSES.flatMap((from) => AUDIT_STATUSES.filter((to) => canTransition(AUDIT_TRANSITIONS, from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      ['awaiting_firm->in_progress', 'in_progress->awaiting_firm', 'in_progress->proposed', 'proposed->decided', 'proposed->in_progress'].sort(),
    );
  });

  it('never leaves decided, and decides only a proposal', () => {
    fc.assert(
      fc.property(fc.constantFrom(...AUDIT_STATUSES), (other) => {
        expect(canTransition(AUDIT_TRANSITIONS, 'decided', other)).toBe(false);
        if (other !== 'proposed') expect(canTransition(AUDIT_TRANSITIONS, other, 'decided')).toBe(false);
      }),
    );
  });
});

describe('when approval is possible', () => {
  const items = [
    item('CA-01'),
    item('TR-03', { blocking: false }),
    item('SA-01', { assessment: 'computed' }),
    item('CP-04', { required: false, blocking: false }),
  ];
  const results = (entries: [string, ItemResult][]) => new Map(entries);

  it('names required items without a result, in checklist order, never the computed one', () => {
    const blockers = approvalBlockers(items, results([]), PASSED);
    expect(blockers).toEqual({ blockingMajorNonConformities: [], missingResults: ['CA-01', 'TR-03'], disqualifyingSanctions: [] });
    expect(approvalIsPossible(blockers)).toBe(false);
  });

  it('refuses a major non-conformity on a blocking item only', () => {
    const blockers = approvalBlockers(items, results([['CA-01', 'major_nc'], ['TR-03', 'major_nc']]), PASSED);
    expect(blockers).toEqual({ blockingMajorNonConformities: ['CA-01'], missingResults: [], disqualifyingSanctions: [] });
    expect(approvalIsPossible(approvalBlockers(items, results([['CA-01', 'minor_nc'], ['TR-03', 'major_nc']]), PASSED))).toBe(true);
    expect(approvalIsPossible(approvalBlockers(items, results([['CA-01', 'not_applicable'], ['TR-03', 'met']]), PASSED))).toBe(true);
  });

  it('lists the sanctions that disqualify the firm', () => {
    const blockers = approvalBlockers(items, results([['CA-01', 'met'], ['TR-03', 'met']]), { passed: false, counting: ['sanction-1'] });
    expect(blockers.disqualifyingSanctions).toEqual(['sanction-1']);
    expect(approvalIsPossible(blockers)).toBe(false);
  });

  it('agrees with the rule stated item by item', () => {
    const gateItem = fc.record({
      required: fc.boolean(),
      blocking: fc.boolean(),
      assessment: fc.constantFrom('declared' as const, 'computed' as const),
      result: fc.option(fc.constantFrom(...ITEM_RESULTS), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(gateItem, { maxLength: 12 }), fc.boolean(), (generated, sanctionsPassed) => {
        const checklist = generated.map((g, index) => ({ code: `IT-${String(index + 10)}`, required: g.required, blocking: g.required && g.blocking, assessment: g.assessment }));
        const recorded = new Map<string, ItemResult>();
        generated.forEach((g, index) => {
          if (g.result !== undefined) recorded.set(checklist[index].code, g.result);
        });
        const expected =
          sanctionsPassed &&
          checklist.every((entry) => {
            if (entry.assessment === 'computed') return true;
            const result = recorded.get(entry.code);
            if (entry.required && result === undefined) return false;
            return !(entry.blocking && result === 'major_nc');
          });
        expect(approvalIsPossible(approvalBlockers(checklist, recorded, { passed: sanctionsPassed, counting: sanctionsPassed ? [] : ['s'] }))).toBe(expected);
      }),
    );
  });
});

describe('which results may be recorded', () => {
  const declared = { code: 'CA-01', evidenceRequired: true, assessment: 'declared' as const };

  it('never on the computed item', () => {
    expect(itemResultProblem({ ...declared, code: 'SA-01', evidenceRequired: false, assessment: 'computed' }, 'met', 0)).toBe('computed_item');
  });

  it('asks for linked evidence before calling an evidence item met', () => {
    expect(itemResultProblem(declared, 'met', 0)).toBe('evidence_needed');
    expect(itemResultProblem(declared, 'met', 1)).toBeNull();
    expect(itemResultProblem({ ...declared, evidenceRequired: false }, 'met', 0)).toBeNull();
    for (const result of ['minor_nc', 'major_nc', 'not_applicable'] as const) expect(itemResultProblem(declared, result, 0)).toBeNull();
  });
});
