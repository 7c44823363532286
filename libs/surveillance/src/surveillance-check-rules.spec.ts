import fc from 'fast-check';
import { addCalendarDays, canTransition } from '@app/core';
import { CHECK_OUTCOMES, CHECK_STATUSES, CHECK_TRANSITIONS, checkStart, dueCheckStep, isDue, itemsWithoutResult, REVIEW_OUTCOME_OF } from './surveillance-check-rules';

const code = fc.stringMatching(/^[A-Z]{3}-[0-9]{2}$/);

describe('surveillance check rules', () => {
  it('names exactly the items of the check that have no result, in the check order', () => {
    expect(itemsWithoutResult(['COD-01', 'TUT-02', 'SAN-03'], ['TUT-02', 'XYZ-99'])).toEqual(['COD-01', 'SAN-03']);
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 20 }), fc.array(code, { maxLength: 20 }), (items, recorded) => {
        const missing = itemsWithoutResult(items, recorded);
        expect(missing).toEqual(items.filter((item) => !recorded.includes(item)));
        expect(itemsWithoutResult(items, [...recorded, ...missing])).toEqual([]);
      }),
    );
  });

  it('closes a review task with the outcome the check decided', () => {
    expect(CHECK_OUTCOMES.map((outcome) => REVIEW_OUTCOME_OF[outcome])).toEqual(['no_action', 'suspended', 'revoked']);
  });

  describe('scheduling', () => {
    const TODAY = '2026-12-06';
    const day = fc.integer({ min: -800, max: 800 }).map((offset) => addCalendarDays(TODAY, offset));

    it('opens now without a date or on today, waits for a later day, refuses an earlier one or a day that does not exist', () => {
      expect(checkStart(undefined, TODAY)).toBe('now');
      expect(checkStart(null, TODAY)).toBe('now');
      expect(checkStart(TODAY, TODAY)).toBe('now');
      expect(checkStart('2026-12-07', TODAY)).toBe('later');
      expect(checkStart('2027-01-01', TODAY)).toBe('later');
      expect(checkStart('2026-12-05', TODAY)).toBe('past');
      expect(checkStart('2026-02-29', TODAY)).toBe('invalid');
      expect(checkStart('06/12/2026', TODAY)).toBe('invalid');
      fc.assert(
        fc.property(day, (scheduledOn) => {
          const start = checkStart(scheduledOn, TODAY);
          expect(start).toBe(scheduledOn === TODAY ? 'now' : scheduledOn > TODAY ? 'later' : 'past');
        }),
      );
    });

    it('is due on its day and every day after, never before', () => {
      expect(isDue(TODAY, TODAY)).toBe(true);
      expect(isDue('2026-12-07', TODAY)).toBe(false);
      expect(isDue('2026-01-31', TODAY)).toBe(true);
      fc.assert(
        fc.property(day, fc.integer({ min: 0, max: 400 }), (scheduledOn, later) => {
          // A day accepted as `later` is not due yet, and due from that day on.
          if (checkStart(scheduledOn, TODAY) === 'later') expect(isDue(scheduledOn, TODAY)).toBe(false);
          expect(isDue(scheduledOn, addCalendarDays(scheduledOn, later))).toBe(true);
        }),
      );
    });

    it('opens a due check while its rating is current, cancels it otherwise', () => {
      expect(dueCheckStep('active')).toBe('open');
      expect(dueCheckStep('suspended')).toBe('open');
      for (const status of ['revoked', 'expired', 'superseded']) expect(dueCheckStep(status)).toBe('cancel');
    });

    it('moves a scheduled check only to running or cancelled, and nothing leaves decided or cancelled', () => {
      expect(CHECK_TRANSITIONS.scheduled).toEqual(['in_progress', 'cancelled']);
      for (const from of CHECK_STATUSES) expect(canTransition(CHECK_TRANSITIONS, from, 'scheduled')).toBe(false);
      for (const to of CHECK_STATUSES) {
        expect(canTransition(CHECK_TRANSITIONS, 'decided', to)).toBe(false);
        expect(canTransition(CHECK_TRANSITIONS, 'cancelled', to)).toBe(false);
      }
      expect(canTransition(CHECK_TRANSITIONS, 'in_progress', 'cancelled')).toBe(false);
    });
  });
});
