import { romeCalendarDate, romeDayStart } from '@app/core';
import fc from 'fast-check';
import { APPEALABLE_KINDS, appealLastDay, appealWindowOpen, DecisionParticipants, isAppealableCheckOutcome, panelIneligibility, panelRefusals, RATING_APPEAL_KINDS, RATING_EVENT_OF_CHECK_OUTCOME } from './appeal-rules';

const uuid = fc.uuid();
const role = fc.constantFrom('admin', 'auditor', 'reviewer', 'firm');
const participants = fc.record<DecisionParticipants>({
  deciderId: fc.option(uuid, { nil: null }),
  auditorId: fc.option(uuid, { nil: null }),
  firmMemberIds: fc.array(uuid, { maxLength: 4 }),
});
const instant = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });

describe('panel eligibility', () => {
  it('admits exactly the reviewers who took no part in the decision', () => {
    fc.assert(
      fc.property(uuid, role, participants, (id, candidateRole, who) => {
        const tookPart = id === who.deciderId || id === who.auditorId || who.firmMemberIds.includes(id);
        expect(panelIneligibility({ id, role: candidateRole }, who) === null).toBe(candidateRole === 'reviewer' && !tookPart);
      }),
    );
  });

  it('never admits the decider, the auditor or a member of the firm, whatever their role', () => {
    fc.assert(
      fc.property(participants, role, fc.nat(), (who, candidateRole, pick) => {
        const involved = [who.deciderId, who.auditorId, ...who.firmMemberIds].filter((id): id is string => id !== null);
        fc.pre(involved.length > 0);
        const id = involved[pick % involved.length];
        expect(panelIneligibility({ id, role: candidateRole }, who)).not.toBeNull();
      }),
    );
  });

  it('names every refused candidate and no eligible one', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: uuid, role }), { maxLength: 6 }), participants, (candidates, who) => {
        const refused = panelRefusals(candidates, who).map((refusal) => refusal.id);
        for (const candidate of candidates) expect(refused.includes(candidate.id)).toBe(panelIneligibility(candidate, who) !== null);
      }),
    );
  });

  it('gives the reason that applies', () => {
    const who: DecisionParticipants = { deciderId: 'd', auditorId: 'a', firmMemberIds: ['f'] };
    expect(panelIneligibility({ id: 'x', role: 'admin' }, who)).toBe('not_reviewer');
    expect(panelIneligibility({ id: 'd', role: 'reviewer' }, who)).toBe('took_the_decision');
    expect(panelIneligibility({ id: 'a', role: 'reviewer' }, who)).toBe('audited_the_firm');
    expect(panelIneligibility({ id: 'f', role: 'reviewer' }, who)).toBe('firm_member');
    expect(panelIneligibility({ id: 'x', role: 'reviewer' }, who)).toBeNull();
  });
});

describe('appeal period (Rome days)', () => {
  it('is open through the whole last day and closed from the next one', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 365 }), (decidedAt, days) => {
        const lastDay = appealLastDay(decidedAt, days);
        const lastDayStart = romeDayStart(lastDay);
        expect(appealWindowOpen(decidedAt, decidedAt, days)).toBe(true);
        expect(appealWindowOpen(decidedAt, lastDayStart, days)).toBe(true);
        const nextDay = new Date(lastDayStart.getTime() + 26 * 3_600_000);
        expect(romeCalendarDate(nextDay) > lastDay).toBe(true);
        expect(appealWindowOpen(decidedAt, nextDay, days)).toBe(false);
      }),
    );
  });

  it('counts from the Rome day of the decision: 23:30 UTC on 31 March is already 1 April in Rome', () => {
    expect(appealLastDay(new Date('2026-03-31T23:30:00Z'), 30)).toBe('2026-05-01');
    expect(appealLastDay(new Date('2026-03-31T12:00:00Z'), 30)).toBe('2026-04-30');
  });
});

describe('appeals of a refusal', () => {
  it('exclude the refusing reviewer and the auditor of the audit refused, even one made a reviewer since', () => {
    const refusal: DecisionParticipants = { deciderId: 'refuser', auditorId: 'auditor', firmMemberIds: ['owner'] };
    expect(panelRefusals([{ id: 'refuser', role: 'reviewer' }, { id: 'auditor', role: 'reviewer' }, { id: 'owner', role: 'reviewer' }, { id: 'other', role: 'reviewer' }], refusal)).toEqual([
      { id: 'refuser', reason: 'took_the_decision' },
      { id: 'auditor', reason: 'audited_the_firm' },
      { id: 'owner', reason: 'firm_member' },
    ]);
  });

  it('run the same Rome-day period from the refusal: refused at 23:30 UTC on 31 December is refused on 1 January in Rome', () => {
    const refusedAt = new Date('2026-12-31T23:30:00Z');
    expect(appealLastDay(refusedAt, 30)).toBe('2027-01-31');
    expect(appealWindowOpen(refusedAt, new Date('2027-01-31T22:59:59Z'), 30)).toBe(true);
    expect(appealWindowOpen(refusedAt, new Date('2027-01-31T23:00:00Z'), 30)).toBe(false);
  });

  it('are, with a surveillance outcome, the kinds that name a decision of their own besides the public event', () => {
    expect(APPEALABLE_KINDS.filter((kind) => !(RATING_APPEAL_KINDS as readonly string[]).includes(kind))).toEqual(['refusal', 'surveillance_outcome']);
  });
});

describe('appeals of a surveillance outcome', () => {
  it('are open to a suspension or a revocation, never to "maintain" (findings or not: nothing to reverse) nor an undecided check', () => {
    expect(isAppealableCheckOutcome('suspend')).toBe(true);
    expect(isAppealableCheckOutcome('revoke')).toBe(true);
    expect(isAppealableCheckOutcome('maintain')).toBe(false);
    expect(isAppealableCheckOutcome(null)).toBe(false);
    fc.assert(fc.property(fc.string(), (outcome) => expect(isAppealableCheckOutcome(outcome)).toBe(outcome === 'suspend' || outcome === 'revoke')));
  });

  it('name the public event the outcome recorded', () => {
    expect(RATING_EVENT_OF_CHECK_OUTCOME).toEqual({ suspend: 'suspended', revoke: 'revoked' });
  });

  it('exclude the reviewer who decided the check, its auditor and the firm, like any other kind', () => {
    const check: DecisionParticipants = { deciderId: 'check-reviewer', auditorId: 'check-auditor', firmMemberIds: ['owner'] };
    expect(panelRefusals([{ id: 'check-reviewer', role: 'reviewer' }, { id: 'check-auditor', role: 'reviewer' }, { id: 'owner', role: 'reviewer' }, { id: 'other', role: 'reviewer' }], check).map((refusal) => refusal.reason)).toEqual([
      'took_the_decision',
      'audited_the_firm',
      'firm_member',
    ]);
  });
});
