import { canTransition } from '@app/core';
import fc from 'fast-check';
import { COMPLAINT_REFERENCE_PATTERN, COMPLAINT_STATUSES, COMPLAINT_TRANSITIONS, newComplaintReference } from './complaint-rules';

describe('complaint references', () => {
  it('are RCL- and 10 characters of an alphabet without I, L, O or U, whatever the random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const reference = newComplaintReference(() => Buffer.from(bytes));
        expect(reference).toMatch(COMPLAINT_REFERENCE_PATTERN);
        expect(reference.slice(4)).not.toMatch(/[ILOU]/);
      }),
    );
  });
});

describe('complaint lifecycle', () => {
  it('goes acknowledged, in handling, closed, and never back or around', () => {
    const allowed = COMPLAINT_STATUSES.flatMap((from) => COMPLAINT_STATUSES.filter((to) => canTransition(COMPLAINT_TRANSITIONS, from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual(['acknowledged->in_handling', 'in_handling->closed']);
  });
});
