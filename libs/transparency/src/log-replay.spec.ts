import { effectiveStatus, LogReplay, ReplayError } from './log-replay';

const issued = (certificateNumber: string, vatNumber = '01234567897') => ({
  kind: 'rating.issued' as const,
  time: new Date('2026-01-10T10:00:00Z'),
  certificateNumber,
  vatNumber,
  legalName: 'Esempio S.r.l.',
  validFrom: new Date('2026-01-10T10:00:00Z'),
  validUntil: new Date('2027-01-10T10:00:00Z'),
  checklistVersion: '2026.1',
});

describe('replaying the log', () => {
  it('follows a certificate through suspension, reinstatement and renewal, per firm', () => {
    const replay = new LogReplay();
    replay.apply(0, issued('AQ-2026-000001'));
    replay.apply(1, { kind: 'rating.suspended', time: new Date('2026-02-01T00:00:00Z'), certificateNumber: 'AQ-2026-000001', reason: 'irregularities', deadline: new Date('2026-05-01T00:00:00Z') });
    expect(replay.firms().get('01234567897')?.status).toBe('suspended');
    replay.apply(2, { kind: 'rating.reinstated', time: new Date('2026-02-10T00:00:00Z'), certificateNumber: 'AQ-2026-000001' });
    replay.apply(3, { kind: 'rating.superseded', time: new Date('2026-12-01T00:00:00Z'), certificateNumber: 'AQ-2026-000001', supersededBy: 'AQ-2026-000002' });
    replay.apply(4, { ...issued('AQ-2026-000002'), kind: 'rating.renewed', renews: 'AQ-2026-000001' });
    expect(replay.firms().get('01234567897')).toMatchObject({ certificateNumber: 'AQ-2026-000002', status: 'active' });
    expect(replay.certificate('AQ-2026-000001')).toMatchObject({ status: 'expired', supersededBy: 'AQ-2026-000002' });
  });

  it('derives what time alone decides, as the registry does: expiry, and a suspension past its deadline', () => {
    const replay = new LogReplay();
    replay.apply(0, issued('AQ-2026-000001'));
    const active = replay.certificate('AQ-2026-000001')!;
    expect(effectiveStatus(active, new Date('2027-01-10T09:59:59Z'))).toBe('active');
    expect(effectiveStatus(active, new Date('2027-01-10T10:00:00Z'))).toBe('expired');
    replay.apply(1, { kind: 'rating.suspended', time: new Date('2026-02-01T00:00:00Z'), certificateNumber: 'AQ-2026-000001', reason: 'irregularities', deadline: new Date('2026-05-01T00:00:00Z') });
    expect(effectiveStatus(replay.certificate('AQ-2026-000001')!, new Date('2026-05-01T00:00:00Z'))).toBe('revoked');
  });

  it('refuses a history the lifecycle does not allow, naming the entry', () => {
    const replay = new LogReplay();
    expect(() => replay.apply(0, { kind: 'rating.revoked', time: new Date(), certificateNumber: 'AQ-2026-000009', reason: 'irregularities' })).toThrow(ReplayError);
    replay.apply(0, issued('AQ-2026-000001'));
    expect(() => replay.apply(1, { kind: 'rating.reinstated', time: new Date(), certificateNumber: 'AQ-2026-000001' })).toThrow(/Entry 1: reinstatement of AQ-2026-000001, which is active/);
    replay.apply(1, { kind: 'rating.expired', time: new Date(), certificateNumber: 'AQ-2026-000001' });
    expect(() => replay.apply(2, { kind: 'rating.reinstated', time: new Date(), certificateNumber: 'AQ-2026-000001' })).toThrow(/Entry 2: reinstatement of AQ-2026-000001, which is expired/);
    expect(() => replay.apply(2, issued('AQ-2026-000001'))).toThrow(/issued twice/);
  });

  it('follows a revocation that an appeal stayed, then overturned', () => {
    const replay = new LogReplay();
    replay.apply(0, issued('AQ-2026-000001'));
    replay.apply(1, { kind: 'rating.revoked', time: new Date('2026-03-01T00:00:00Z'), certificateNumber: 'AQ-2026-000001', reason: 'irregularities' });
    replay.apply(2, { kind: 'rating.suspended', time: new Date('2026-03-05T00:00:00Z'), certificateNumber: 'AQ-2026-000001', reason: 'irregularities', deadline: new Date('2026-06-03T00:00:00Z') });
    expect(replay.firms().get('01234567897')?.status).toBe('suspended');
    replay.apply(3, { kind: 'rating.reinstated', time: new Date('2026-03-20T00:00:00Z'), certificateNumber: 'AQ-2026-000001' });
    expect(replay.firms().get('01234567897')).toMatchObject({ status: 'active', reason: null });
  });
});
