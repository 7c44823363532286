import { addCalendarDays, addCalendarMonths, romeCalendarDate } from '@app/core';
import fc from 'fast-check';
import { ratingValidUntil } from './rating-lifecycle';
import { ratingPeriod, renewalOpensOn, renewalRefusal } from './renewal-rules';

const at = (iso: string) => new Date(iso);
const active = (validUntil: Date) => ({ status: 'active' as const, validUntil, suspensionDeadline: null, supersededById: null });

/** Instants from 2020 to 2050, so that both clock changes of many years are crossed. */
const instants = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2050, 0, 1) }).map((ms) => new Date(ms));
const months = fc.integer({ min: 1, max: 36 });

describe('ratingPeriod', () => {
  it('starts a first rating at its decision, for the configured months', () => {
    const decidedAt = at('2026-11-24T10:00:00Z');
    expect(ratingPeriod(null, decidedAt, 12)).toEqual({ validFrom: decidedAt, validUntil: at('2027-11-24T10:00:00Z'), continues: false });
  });

  it('starts a renewal decided in time on the day after the old rating’s last day', () => {
    const period = ratingPeriod(active(at('2027-11-24T10:00:00Z')), at('2027-10-01T08:00:00Z'), 12);
    expect(period.continues).toBe(true);
    expect(period.validFrom.toISOString()).toBe('2027-11-24T23:00:00.000Z');
    expect(romeCalendarDate(period.validFrom)).toBe('2027-11-25');
    expect(romeCalendarDate(period.validUntil)).toBe('2028-11-24');
    expect(romeCalendarDate(new Date(period.validUntil.getTime() + 1))).toBe('2028-11-25');
  });

  it('starts a renewal decided after the old rating expired on its decision day, leaving the gap visible', () => {
    const decidedAt = at('2027-12-03T09:00:00Z');
    expect(ratingPeriod(active(at('2027-11-24T10:00:00Z')), decidedAt, 12)).toEqual({ validFrom: decidedAt, validUntil: at('2028-12-03T09:00:00Z'), continues: false });
  });

  it('continues a suspended rating but not one whose suspension has lapsed into a revocation', () => {
    const suspended = { status: 'suspended' as const, validUntil: at('2027-11-24T10:00:00Z'), suspensionDeadline: at('2027-09-01T10:00:00Z') };
    expect(ratingPeriod(suspended, at('2027-08-01T10:00:00Z'), 12).continues).toBe(true);
    expect(ratingPeriod(suspended, at('2027-10-01T10:00:00Z'), 12).continues).toBe(false);
  });

  it('property: in time, the new first day is the day after the old last day (no gap, no overlap), in Rome days', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 400 * 86_400_000 }), months, (validUntil, before, count) => {
        const decidedAt = new Date(validUntil.getTime() - before);
        const period = ratingPeriod(active(validUntil), decidedAt, count);
        const oldLastDay = romeCalendarDate(validUntil);
        expect(period.continues).toBe(true);
        expect(romeCalendarDate(period.validFrom)).toBe(addCalendarDays(oldLastDay, 1));
        expect(romeCalendarDate(new Date(period.validFrom.getTime() - 1))).toBe(oldLastDay);
        expect(period.validFrom > validUntil).toBe(true);
        expect(romeCalendarDate(period.validUntil)).toBe(addCalendarDays(addCalendarMonths(addCalendarDays(oldLastDay, 1), count), -1));
      }),
    );
  });

  it('property: a chain of renewals in time tiles the calendar day after day', () => {
    fc.assert(
      fc.property(instants, months, fc.integer({ min: 2, max: 6 }), (issuedAt, count, renewals) => {
        let current = active(ratingValidUntil(issuedAt, count));
        for (let i = 0; i < renewals; i += 1) {
          const period = ratingPeriod(current, new Date(current.validUntil.getTime() - 86_400_000), count);
          expect(romeCalendarDate(period.validFrom)).toBe(addCalendarDays(romeCalendarDate(current.validUntil), 1));
          current = active(period.validUntil);
        }
      }),
    );
  });

  it('property: late, the rating starts on the decision day and runs from the decision', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 400 * 86_400_000 }), months, (validUntil, after, count) => {
        const decidedAt = new Date(validUntil.getTime() + after);
        const period = ratingPeriod(active(validUntil), decidedAt, count);
        expect(period).toEqual({ validFrom: decidedAt, validUntil: ratingValidUntil(decidedAt, count), continues: false });
        expect(romeCalendarDate(period.validFrom)).toBe(romeCalendarDate(decidedAt));
      }),
    );
  });
});

describe('renewalRefusal', () => {
  const validUntil = at('2027-11-24T10:00:00Z');

  it('opens the window the configured number of Rome days before the last day', () => {
    expect(renewalOpensOn(validUntil, 90)).toBe('2027-08-26');
    expect(renewalRefusal(active(validUntil), at('2027-08-25T21:59:59Z'), 90)).toBe('too_early');
    expect(renewalRefusal(active(validUntil), at('2027-08-25T22:00:00Z'), 90)).toBeNull();
  });

  it('renews an expired rating, but neither a revoked nor an already renewed one', () => {
    expect(renewalRefusal(active(validUntil), at('2028-01-01T10:00:00Z'), 90)).toBeNull();
    expect(renewalRefusal({ ...active(validUntil), status: 'revoked' }, at('2027-10-01T10:00:00Z'), 90)).toBe('not_current');
    expect(renewalRefusal({ ...active(validUntil), status: 'expired', supersededById: 'x' }, at('2027-10-01T10:00:00Z'), 90)).toBe('not_current');
  });

  it('property: inside the window a current rating is always renewable, before it never', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 365 }), fc.integer({ min: -800, max: 800 }), (until, window, offsetDays) => {
        const now = new Date(until.getTime() + offsetDays * 3_600_000 * 7);
        const refusal = renewalRefusal(active(until), now, window);
        const renewable = romeCalendarDate(now) >= renewalOpensOn(until, window);
        expect(refusal === null).toBe(renewable);
      }),
    );
  });
});
