import { addCalendarDays, canTransition } from '@app/core';
import fc from 'fast-check';
import { FINDING_SEVERITIES } from './audit-lifecycle';
import { CORRECTIVE_ACTION_STATES, CORRECTIVE_ACTION_TRANSITIONS, correctiveActionDueOn, DEFAULT_CORRECTIVE_ACTION_DAYS, isOverdue, opensReviewTask } from './corrective-action-rules';

const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const action = fc.record({ severity: fc.constantFrom(...FINDING_SEVERITIES), state: fc.constantFrom(...CORRECTIVE_ACTION_STATES), dueOn: day });

describe('corrective action due date', () => {
  it('defaults to a month from today and refuses past or impossible dates', () => {
    expect(correctiveActionDueOn(undefined, '2026-01-31')).toEqual({ ok: true, dueOn: '2026-03-02' });
    expect(correctiveActionDueOn('', '2026-12-05')).toEqual({ ok: true, dueOn: addCalendarDays('2026-12-05', DEFAULT_CORRECTIVE_ACTION_DAYS) });
    expect(correctiveActionDueOn('2026-12-05', '2026-12-05')).toEqual({ ok: true, dueOn: '2026-12-05' });
    expect(correctiveActionDueOn('2026-12-04', '2026-12-05')).toEqual({ ok: false, problem: 'past_date' });
    expect(correctiveActionDueOn('2027-02-29', '2026-12-05')).toEqual({ ok: false, problem: 'invalid_date' });
    expect(correctiveActionDueOn('05/01/2027', '2026-12-05')).toEqual({ ok: false, problem: 'invalid_date' });
  });

  it('accepts exactly the days from today on (property)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -400, max: 400 }), (today, offset) => {
        const requested = addCalendarDays(today, offset);
        expect(correctiveActionDueOn(requested, today).ok).toBe(offset >= 0);
      }),
    );
  });
});

describe('corrective action lifecycle', () => {
  it('answers, then accepts for good or reopens for another answer', () => {
    expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'open', 'answered')).toBe(true);
    expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'answered', 'accepted')).toBe(true);
    expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'answered', 'reopened')).toBe(true);
    expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'reopened', 'answered')).toBe(true);
    expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'open', 'accepted')).toBe(false);
    expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'reopened', 'accepted')).toBe(false);
    for (const to of CORRECTIVE_ACTION_STATES) expect(canTransition(CORRECTIVE_ACTION_TRANSITIONS, 'accepted', to)).toBe(false);
  });
});

describe('overdue corrective actions', () => {
  it('is due through its due date and overdue from the next day, unless accepted', () => {
    const due = { severity: 'major', state: 'answered', dueOn: '2026-03-29' } as const;
    expect(isOverdue(due, '2026-03-29')).toBe(false);
    expect(isOverdue(due, '2026-03-30')).toBe(true);
    expect(isOverdue({ ...due, state: 'accepted' }, '2027-01-01')).toBe(false);
    expect(opensReviewTask(due, '2026-03-30', true)).toBe(true);
    expect(opensReviewTask(due, '2026-03-30', false)).toBe(false);
    expect(opensReviewTask({ ...due, severity: 'minor' }, '2026-03-30', true)).toBe(false);
  });

  it('opens a review task exactly for a major finding, not accepted, after its due date, on an active rating (property)', () => {
    fc.assert(
      fc.property(action, day, fc.boolean(), (facts, today, active) => {
        expect(opensReviewTask(facts, today, active)).toBe(active && facts.severity === 'major' && facts.state !== 'accepted' && today > facts.dueOn);
      }),
    );
  });

  it('stays overdue on every later day once overdue, and is never overdue on or before its due date (property)', () => {
    fc.assert(
      fc.property(action, day, fc.integer({ min: 0, max: 1000 }), (facts, today, later) => {
        if (isOverdue(facts, today)) expect(isOverdue(facts, addCalendarDays(today, later))).toBe(true);
        expect(isOverdue(facts, addCalendarDays(facts.dueOn, -later))).toBe(false);
      }),
    );
  });
});
