import { canTransition } from '@app/core';
import fc from 'fast-check';
import {
  effectiveRatingStatus,
  CERTIFICATE_NUMBER_PATTERN,
  formatCertificateNumber,
  parseCertificateNumber,
  RATING_STATUSES,
  RATING_TRANSITIONS,
  ratingValidUntil,
} from './rating-lifecycle';

const at = (iso: string) => new Date(iso);

describe('rating lifecycle', () => {
  it('never leaves revoked or expired', () => {
    for (const to of RATING_STATUSES) {
      expect(canTransition(RATING_TRANSITIONS, 'revoked', to)).toBe(false);
      expect(canTransition(RATING_TRANSITIONS, 'expired', to)).toBe(false);
    }
    expect(canTransition(RATING_TRANSITIONS, 'suspended', 'active')).toBe(true);
    expect(canTransition(RATING_TRANSITIONS, 'active', 'active')).toBe(false);
  });

  describe('effective status', () => {
    const rating = { status: 'active' as const, validUntil: at('2027-11-24T12:00:00Z'), suspensionDeadline: null };

    it('is expired from the instant validity ends, with no job run', () => {
      expect(effectiveRatingStatus(rating, at('2027-11-24T11:59:59.999Z'))).toBe('active');
      expect(effectiveRatingStatus(rating, at('2027-11-24T12:00:00Z'))).toBe('expired');
    });

    it('turns a lapsed suspension into a revocation, or an expiry if validity ended first', () => {
      const suspended = { status: 'suspended' as const, validUntil: at('2027-11-24T12:00:00Z'), suspensionDeadline: at('2027-03-01T00:00:00Z') };
      expect(effectiveRatingStatus(suspended, at('2027-02-28T00:00:00Z'))).toBe('suspended');
      expect(effectiveRatingStatus(suspended, at('2027-03-01T00:00:00Z'))).toBe('revoked');
      const lateDeadline = { ...suspended, suspensionDeadline: at('2027-12-31T00:00:00Z') };
      expect(effectiveRatingStatus(lateDeadline, at('2027-12-31T00:00:00Z'))).toBe('expired');
    });

    it('keeps final states final', () => {
      expect(effectiveRatingStatus({ ...rating, status: 'revoked' }, at('2030-01-01T00:00:00Z'))).toBe('revoked');
    });
  });

  describe('validity', () => {
    it('runs twelve calendar months from the issue date in Rome', () => {
      expect(ratingValidUntil(at('2026-11-24T10:00:00Z'), 12).toISOString()).toBe('2027-11-24T10:00:00.000Z');
    });

    it('clamps to the end of a shorter month', () => {
      expect(ratingValidUntil(at('2027-01-31T10:00:00Z'), 1).toISOString()).toBe('2027-02-28T10:00:00.000Z');
      expect(ratingValidUntil(at('2028-02-29T10:00:00Z'), 12).toISOString()).toBe('2029-02-28T10:00:00.000Z');
    });

    it('counts the Rome date of an evening issue (already the next day in Italy)', () => {
      expect(ratingValidUntil(at('2026-12-31T23:30:00Z'), 12).toISOString()).toBe('2027-12-31T23:30:00.000Z');
    });

    it('always ends after it starts and within months*31 days', () => {
      fc.assert(
        fc.property(fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 36 }), (issuedAt, months) => {
          const until = ratingValidUntil(issuedAt, months).getTime();
          return until > issuedAt.getTime() && until - issuedAt.getTime() <= months * 31 * 86_400_000 + 3_600_000;
        }),
      );
    });
  });

  describe('certificate numbers', () => {
    it('are AQ-YYYY-NNNNNN', () => {
      expect(formatCertificateNumber(2026, 42)).toBe('AQ-2026-000042');
      expect(() => formatCertificateNumber(2026, 0)).toThrow(RangeError);
      expect(() => formatCertificateNumber(2026, 1_000_000)).toThrow(RangeError);
    });

    it('parse back, tolerating case and spaces', () => {
      expect(parseCertificateNumber(' aq-2026-000042 ')).toEqual({ year: 2026, sequence: 42 });
      expect(parseCertificateNumber('AQ-2026-42')).toBeNull();
      expect(parseCertificateNumber("AQ-2026-000042' OR 1=1")).toBeNull();
    });
  });
});

describe('certificate numbers', () => {
  it('pads the sequence to six digits', () => {
    expect(formatCertificateNumber(2026, 1)).toBe('AQ-2026-000001');
    expect(formatCertificateNumber(2026, 999_999)).toBe('AQ-2026-999999');
  });

  it('always matches the published pattern', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 999_999 }), (year, sequence) => {
        expect(formatCertificateNumber(year, sequence)).toMatch(CERTIFICATE_NUMBER_PATTERN);
      }),
    );
  });

  it.each([
    [2026, 0],
    [2026, 1_000_000],
    [2026, 1.5],
    [999, 1],
    [10_000, 1],
  ])('refuses year %d with sequence %d', (year, sequence) => {
    expect(() => formatCertificateNumber(year, sequence)).toThrow(RangeError);
  });
});
