import { Actor, CLI_ACTOR, PUBLIC_ACTOR, Role } from '@app/core';
import { mayManageFirm, mayReadFirm } from './firm-access';

const FIRM = '6f1c2a34-0000-4000-8000-000000000001';
const OTHER = '6f1c2a34-0000-4000-8000-000000000002';
const actor = (role: Role, firmId: string | null = null): Actor => ({ userId: 'u', email: 'u@example.it', role, firmId });

describe('who may touch a firm', () => {
  it('lets members read and manage their own firm only', () => {
    expect(mayReadFirm(actor('firm', FIRM), FIRM)).toBe(true);
    expect(mayManageFirm(actor('firm', FIRM), FIRM)).toBe(true);
    expect(mayReadFirm(actor('firm', FIRM), OTHER)).toBe(false);
    expect(mayManageFirm(actor('firm', FIRM), OTHER)).toBe(false);
    expect(mayReadFirm(actor('firm'), FIRM)).toBe(false);
  });

  it('lets staff read any firm but change none', () => {
    for (const role of ['admin', 'auditor', 'reviewer'] as const) {
      expect(mayReadFirm(actor(role), FIRM)).toBe(true);
      expect(mayManageFirm(actor(role), FIRM)).toBe(false);
    }
  });

  it('lets the command line manage, never the public', () => {
    expect(mayManageFirm(CLI_ACTOR, FIRM)).toBe(true);
    expect(mayManageFirm(PUBLIC_ACTOR, FIRM)).toBe(false);
  });
});
