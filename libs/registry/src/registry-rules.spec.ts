import { LAPSED_SUSPENSION_NOTE, nextChangeOf, publicRating, publicWebsite, RecordedRating, unrecordedLapse, verificationOutcome } from './registry-rules';

const at = (iso: string) => new Date(iso);
const active: RecordedRating = {
  certificateNumber: 'AQ-2026-000001',
  status: 'active',
  issuedAt: at('2026-01-10T09:00:00Z'),
  validFrom: at('2026-01-10T09:00:00Z'),
  validUntil: at('2027-01-10T09:00:00Z'),
  suspendedAt: null,
  suspensionDeadline: null,
  suspensionReason: null,
  endedAt: null,
  revocationReason: null,
  publicNote: null,
  certificateSha256: 'a'.repeat(64),
};
const suspended: RecordedRating = {
  ...active,
  status: 'suspended',
  suspendedAt: at('2026-03-01T09:00:00Z'),
  suspensionDeadline: at('2026-05-30T09:00:00Z'),
  suspensionReason: 'failed_surveillance',
  publicNote: 'Sospeso in attesa di verifiche',
};

describe('what the public sees of a rating', () => {
  it('shows a recorded rating as it is while time has not changed it', () => {
    expect(publicRating(active, at('2026-06-01T00:00:00Z'))).toEqual({ ...active });
    expect(unrecordedLapse(active, at('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('shows an expiry from the instant validity ends, before any job records it', () => {
    const now = at('2027-01-10T09:00:00Z');
    expect(publicRating(active, now)).toMatchObject({ status: 'expired', endedAt: active.validUntil });
    expect(unrecordedLapse(active, now)).toEqual({ kind: 'expired', occurredAt: active.validUntil, certificateNumber: 'AQ-2026-000001', reason: null, publicNote: null });
  });

  it('shows a suspension past its deadline as the revocation the job will record', () => {
    const now = at('2026-06-01T00:00:00Z');
    expect(publicRating(suspended, now)).toMatchObject({
      status: 'revoked',
      endedAt: suspended.suspensionDeadline,
      revocationReason: 'failed_surveillance',
      publicNote: LAPSED_SUSPENSION_NOTE,
      suspendedAt: null,
      suspensionDeadline: null,
    });
    expect(unrecordedLapse(suspended, now)).toMatchObject({ kind: 'revoked', occurredAt: suspended.suspensionDeadline, reason: 'failed_surveillance' });
  });

  it('changes next when validity or the suspension ends, whichever comes first', () => {
    expect(nextChangeOf(active, at('2026-06-01T00:00:00Z'))).toEqual(active.validUntil);
    expect(nextChangeOf(suspended, at('2026-04-01T00:00:00Z'))).toEqual(suspended.suspensionDeadline);
    expect(nextChangeOf({ ...active, status: 'revoked', endedAt: at('2026-02-01T00:00:00Z'), revocationReason: 'irregularities' }, at('2026-04-01T00:00:00Z'))).toBeNull();
    expect(nextChangeOf(active, at('2028-01-01T00:00:00Z'))).toBeNull();
  });

  it('maps statuses to verification outcomes', () => {
    expect([verificationOutcome('active'), verificationOutcome('suspended'), verificationOutcome('revoked'), verificationOutcome('expired'), verificationOutcome(null)]).toEqual([
      'valid',
      'suspended',
      'revoked',
      'expired',
      'unknown',
    ]);
  });

  it('reads a certificate a renewal replaced as replaced, never as expired', () => {
    expect(verificationOutcome('expired', 'AQ-2027-000001')).toBe('replaced');
    expect(verificationOutcome('revoked', 'AQ-2027-000001')).toBe('revoked');
  });
});

describe('a firm website', () => {
  it('is shown only as an http(s) address', () => {
    expect(publicWebsite('https://www.example.it')).toBe('https://www.example.it/');
    expect(publicWebsite('javascript:alert(1)')).toBeNull();
    expect(publicWebsite('www.example.it')).toBeNull();
    expect(publicWebsite(null)).toBeNull();
  });
});
