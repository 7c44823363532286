import { canTransition } from '@app/core';
import fc from 'fast-check';
import { APPLICATION_STATES, APPLICATION_TRANSITIONS, ApplicationState, Compliance, missingForSubmission, OPEN_APPLICATION_STATES, SubmissionItem } from './application-lifecycle';

describe('application lifecycle', () => {
  it('moves draft -> submitted -> in_audit -> decided, and withdraws from draft or submitted only', () => {
    const allowed = APPLICATION_STATES.flatMap((from) => APPLICATION_STATES.filter((to) => canTransition(APPLICATION_TRANSITIONS, from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(['draft->submitted', 'draft->withdrawn', 'in_audit->decided', 'submitted->in_audit', 'submitted->withdrawn'].sort());
  });

  it('never leaves a closed application, and never returns to draft', () => {
    fc.assert(
      fc.property(fc.constantFrom(...APPLICATION_STATES), fc.constantFrom(...APPLICATION_STATES), (from: ApplicationState, to: ApplicationState) => {
        if (!OPEN_APPLICATION_STATES.includes(from)) expect(canTransition(APPLICATION_TRANSITIONS, from, to)).toBe(false);
        expect(canTransition(APPLICATION_TRANSITIONS, from, 'draft')).toBe(false);
      }),
    );
  });
});

describe('what a submission needs', () => {
  const item = (code: string, overrides: Partial<SubmissionItem> = {}): SubmissionItem => ({ code, assessment: 'declared', required: true, evidenceRequired: true, ...overrides });
  const items = [item('CA-01'), item('TR-03', { evidenceRequired: false }), item('SA-01', { assessment: 'computed', evidenceRequired: false }), item('CP-04', { required: false })];
  const answers = (entries: [string, Compliance][]) => new Map(entries);

  it('lists every required item without an answer, in checklist order, never the computed ones', () => {
    expect(missingForSubmission(items, answers([]), new Set())).toEqual([
      { itemCode: 'CA-01', missing: ['answer'] },
      { itemCode: 'TR-03', missing: ['answer'] },
    ]);
  });

  it('asks for evidence only where compliance is claimed on an item that needs it', () => {
    const given = answers([['CA-01', 'compliant'], ['TR-03', 'compliant'], ['CP-04', 'compliant']]);
    expect(missingForSubmission(items, given, new Set())).toEqual([
      { itemCode: 'CA-01', missing: ['evidence'] },
      { itemCode: 'CP-04', missing: ['evidence'] },
    ]);
    expect(missingForSubmission(items, given, new Set(['CA-01', 'CP-04']))).toEqual([]);
    expect(missingForSubmission(items, answers([['CA-01', 'not_applicable'], ['TR-03', 'non_compliant']]), new Set())).toEqual([]);
  });
});
