import { Actor, PUBLIC_ACTOR, Role, SYSTEM_ACTOR } from '@app/core';
import { mayChangeApplication, mayReadApplication, mayReadEvidence } from './application-access';

const application = { firmId: 'firm-a', assignedAuditorId: 'auditor-1' };
const actor = (role: Role, firmId: string | null = null, userId = 'u'): Actor => ({ userId, email: `${userId}@example.it`, role, firmId });

describe('who may see and change an application', () => {
  it('gives a firm user their own firm’s application only', () => {
    expect(mayReadApplication(actor('firm', 'firm-a'), application)).toBe(true);
    expect(mayReadEvidence(actor('firm', 'firm-a'), application)).toBe(true);
    expect(mayChangeApplication(actor('firm', 'firm-a'), application)).toBe(true);
    for (const firmId of ['firm-b', null]) {
      expect(mayReadApplication(actor('firm', firmId), application)).toBe(false);
      expect(mayReadEvidence(actor('firm', firmId), application)).toBe(false);
      expect(mayChangeApplication(actor('firm', firmId), application)).toBe(false);
    }
  });

  it('lets admins, reviewers and the assigned auditor read the evidence, and none change the application', () => {
    for (const role of ['admin', 'auditor', 'reviewer'] as const) {
      expect(mayReadEvidence(actor(role, null, 'auditor-1'), application)).toBe(true);
      expect(mayChangeApplication(actor(role), application)).toBe(false);
    }
    expect(mayReadEvidence(actor('auditor', null, 'auditor-2'), application)).toBe(false);
    // The application and its answers go with the evidence: another auditor reads neither.
    expect(mayReadApplication(actor('auditor', null, 'auditor-1'), application)).toBe(true);
    expect(mayReadApplication(actor('auditor', null, 'auditor-2'), application)).toBe(false);
    expect(mayReadApplication(actor('reviewer'), application)).toBe(true);
    expect(mayReadEvidence(actor('auditor', null, 'auditor-1'), { ...application, assignedAuditorId: null })).toBe(false);
    expect(mayChangeApplication(SYSTEM_ACTOR, application)).toBe(true);
    expect(mayChangeApplication(PUBLIC_ACTOR, application)).toBe(false);
  });
});
