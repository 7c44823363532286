import fc from 'fast-check';
import { monthsEndingWith, romeCalendarDate, romeMonthStart, romeWallClockToInstant } from './calendar';

describe('Rome wall-clock time', () => {
  it('is one hour ahead of UTC in winter and two in summer', () => {
    expect(romeWallClockToInstant('2026-11-20', '15:30')?.toISOString()).toBe('2026-11-20T14:30:00.000Z');
    expect(romeWallClockToInstant('2026-07-01', '09:05')?.toISOString()).toBe('2026-07-01T07:05:00.000Z');
    expect(romeWallClockToInstant('2027-01-01', '00:00')?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('reads a time the clocks skip as the hour after, and a repeated time as its second occurrence', () => {
    expect(romeWallClockToInstant('2026-03-29', '02:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(romeWallClockToInstant('2026-03-29', '03:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(romeWallClockToInstant('2026-10-25', '02:30')?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(romeWallClockToInstant('2026-10-25', '01:59')?.toISOString()).toBe('2026-10-24T23:59:00.000Z');
  });

  it('refuses days and times that do not exist', () => {
    for (const [date, time] of [
      ['2026-02-29', '10:00'],
      ['2026-13-01', '10:00'],
      ['2026-04-31', '10:00'],
      ['2026-11-20', '24:00'],
      ['2026-11-20', '10:60'],
      ['20-11-2026', '10:00'],
      ['2026-11-20', '9:00'],
      ['', ''],
    ]) {
      expect(romeWallClockToInstant(date, time)).toBeNull();
    }
    expect(romeWallClockToInstant('2028-02-29', '10:00')).not.toBeNull();
  });

  it('gives back the same calendar day in Rome for every time of every day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (day, hour, minute) => {
        const date = day.toISOString().slice(0, 10);
        const instant = romeWallClockToInstant(date, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
        expect(instant).not.toBeNull();
        expect(romeCalendarDate(instant!)).toBe(date);
      }),
    );
  });

  it('lists the months ending with one, across a year boundary', () => {
    expect(monthsEndingWith('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsEndingWith('2026-12', 1)).toEqual(['2026-12']);
    expect(monthsEndingWith('2026-12', 12)[0]).toBe('2026-01');
  });

  it('starts a month at midnight in Rome', () => {
    expect(romeMonthStart('2026-11').toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(romeMonthStart('2026-07').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(() => romeMonthStart('2026-13')).toThrow(RangeError);
  });
});
