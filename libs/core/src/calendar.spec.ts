import fc from 'fast-check';
import { addCalendarDays, addCalendarMonths, formatItalianDate, romeCalendarDate, romeDayStart } from './calendar';

describe('Rome calendar', () => {
  it('counts the date in Rome, not in UTC', () => {
    expect(romeCalendarDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(romeCalendarDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(romeCalendarDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('writes dates as people in Italy do', () => {
    expect(formatItalianDate(new Date('2026-03-05T10:00:00Z'))).toBe('05/03/2026');
  });

  it('adds days and clamped months to calendar dates', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addCalendarMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('finds the instant a Rome day begins, on both sides of the clock changes', () => {
    expect(romeDayStart('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(romeDayStart('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(romeDayStart('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(romeDayStart('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('begins every Rome day on that day, with the instant before on the day before', () => {
    const days = fc.integer({ min: 0, max: 365 * 30 }).map((offset) => addCalendarDays('2020-01-01', offset));
    fc.assert(
      fc.property(days, (day) => {
        const start = romeDayStart(day);
        expect(romeCalendarDate(start)).toBe(day);
        expect(romeCalendarDate(new Date(start.getTime() - 1))).toBe(addCalendarDays(day, -1));
      }),
    );
  });
});
