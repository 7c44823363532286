import fc from 'fast-check';
import { EXPIRY_REMINDER_DAYS, expiryReminderDue } from './reminder-rules';

const at = (iso: string) => new Date(iso);

describe('reminder rules', () => {
  it('sends the reminder of the band the days left fall in, and none once expired', () => {
    const validUntil = at('2027-12-01T11:00:00Z');
    const daysBefore = (days: number) => new Date(validUntil.getTime() - days * 86_400_000);
    expect(expiryReminderDue(daysBefore(91), validUntil)).toBeNull();
    expect(expiryReminderDue(daysBefore(90), validUntil)).toBe(90);
    expect(expiryReminderDue(daysBefore(31), validUntil)).toBe(90);
    expect(expiryReminderDue(daysBefore(30), validUntil)).toBe(30);
    expect(expiryReminderDue(daysBefore(8), validUntil)).toBe(30);
    expect(expiryReminderDue(daysBefore(7), validUntil)).toBe(7);
    expect(expiryReminderDue(daysBefore(1), validUntil)).toBe(7);
    expect(expiryReminderDue(validUntil, validUntil)).toBeNull();
    expect(expiryReminderDue(daysBefore(-3), validUntil)).toBeNull();
  });

  it('gives each day exactly one band, never a larger band after a smaller one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 399 }), (daysLeft, later) => {
        const validUntil = at('2028-02-29T09:00:00Z');
        const now = new Date(validUntil.getTime() - daysLeft * 86_400_000);
        const due = expiryReminderDue(now, validUntil);
        expect(due === null || (EXPIRY_REMINDER_DAYS as readonly number[]).includes(due)).toBe(true);
        const afterwards = expiryReminderDue(new Date(now.getTime() + Math.min(later, daysLeft) * 86_400_000), validUntil);
        if (due !== null && afterwards !== null) expect(afterwards).toBeLessThanOrEqual(due);
      }),
    );
  });
});
