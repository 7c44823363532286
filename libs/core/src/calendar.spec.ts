import { formatItalianDate, romeCalendarDate } from './calendar';

describe('Rome calendar', () => {
  it('counts the date in Rome, not in UTC', () => {
    expect(romeCalendarDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(romeCalendarDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(romeCalendarDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('writes dates as people in Italy do', () => {
    expect(formatItalianDate(new Date('2026-03-05T10:00:00Z'))).toBe('05/03/2026');
  });
});
