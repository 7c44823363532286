import { CALL_MAX_AGE_DAYS, callTimeProblem } from './call-time';

describe('reported call time', () => {
  const now = new Date('2026-11-24T12:00:00Z');

  it('takes a call up to now and a few minutes of clock skew', () => {
    expect(callTimeProblem(new Date('2026-11-24T11:00:00Z'), now)).toBeNull();
    expect(callTimeProblem(new Date('2026-11-24T12:04:59Z'), now)).toBeNull();
    expect(callTimeProblem(new Date('2026-11-24T12:05:01Z'), now)).toBe('is in the future');
  });

  it(`refuses calls more than ${CALL_MAX_AGE_DAYS} days ago`, () => {
    expect(callTimeProblem(new Date(now.getTime() - CALL_MAX_AGE_DAYS * 86_400_000), now)).toBeNull();
    expect(callTimeProblem(new Date(now.getTime() - CALL_MAX_AGE_DAYS * 86_400_000 - 1), now)).toBe(`is more than ${CALL_MAX_AGE_DAYS} days ago`);
  });

  it('refuses an invalid date', () => {
    expect(callTimeProblem(new Date('not a date'), now)).toBe('is not a date and time');
  });
});
