import { canTransition } from '@app/core';
import fc from 'fast-check';
import { COMPLAINT_REFERENCE_PATTERN, COMPLAINT_STATUSES, COMPLAINT_TRANSITIONS, complaintStatusCodeDigest, newComplaintReference, newComplaintStatusCode, normalizeComplaintStatusCode, publicComplaintSteps } from './complaint-rules';

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

describe('complaint status codes', () => {
  it('are three groups of four characters of the same alphabet, and read back as typed, in any case, with or without dashes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.boolean(), (bytes, lower) => {
        const code = newComplaintStatusCode(() => Buffer.from(bytes));
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
        const typed = lower ? code.toLowerCase().replace(/-/g, ' ') : code.replace(/-/g, '');
        expect(normalizeComplaintStatusCode(typed)).toBe(code.replace(/-/g, ''));
      }),
    );
  });

  it('read I and L as 1 and O as 0, and refuse what cannot be a code', () => {
    expect(normalizeComplaintStatusCode('ilo0-ABCD-EFGH')).toBe('1100ABCDEFGH');
    expect(normalizeComplaintStatusCode('ABCD-EFGH')).toBeNull();
    expect(normalizeComplaintStatusCode('ABCD-EFGH-JKMU')).toBeNull(); // U is not in the alphabet
    expect(normalizeComplaintStatusCode('ABCD-EFGH-JKM!')).toBeNull();
  });

  it('are kept only as a digest that differs for different codes', () => {
    expect(complaintStatusCodeDigest('ABCDEFGHJKMN')).toMatch(/^[0-9a-f]{64}$/);
    expect(complaintStatusCodeDigest('ABCDEFGHJKMN')).not.toBe(complaintStatusCodeDigest('ABCDEFGHJKMP'));
  });
});

describe('the steps a complainant sees', () => {
  const receivedAt = new Date('2026-03-02T09:00:00Z');
  it('are received and acknowledged at once, then in handling, then closed, each with its date', () => {
    expect(publicComplaintSteps({ receivedAt, handlingStartedAt: null, closedAt: null }).map((each) => each.step)).toEqual(['received', 'acknowledged']);
    const handling = new Date('2026-03-03T09:00:00Z');
    const closed = new Date('2026-03-09T09:00:00Z');
    expect(publicComplaintSteps({ receivedAt, handlingStartedAt: handling, closedAt: closed })).toEqual([
      { step: 'received', at: receivedAt },
      { step: 'acknowledged', at: receivedAt },
      { step: 'in_handling', at: handling },
      { step: 'closed', at: closed },
    ]);
  });
});
