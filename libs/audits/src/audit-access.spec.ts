import { Actor, Role } from '@app/core';
import { isAssignedAuditor, isAuditedFirm, mayReadAudit } from './audit-access';

const audit = { firmId: 'firm-a', auditorId: 'auditor-1' };
const actor = (role: Role, userId = 'someone', firmId: string | null = null): Actor => ({ userId, email: `${userId}@example.it`, role, firmId });

describe('who may do what with an audit', () => {
  it('lets every staff member read audits, and no firm user', () => {
    for (const role of ['admin', 'auditor', 'reviewer'] as const) expect(mayReadAudit(actor(role))).toBe(true);
    expect(mayReadAudit(actor('firm', 'u', 'firm-a'))).toBe(false);
  });

  it('lets only the assigned auditor work on it', () => {
    expect(isAssignedAuditor(actor('auditor', 'auditor-1'), audit)).toBe(true);
    expect(isAssignedAuditor(actor('auditor', 'auditor-2'), audit)).toBe(false);
    // A former auditor whose role changed no longer works on the audit.
    expect(isAssignedAuditor(actor('reviewer', 'auditor-1'), audit)).toBe(false);
  });

  it('lets only the audited firm’s users answer', () => {
    expect(isAuditedFirm(actor('firm', 'u', 'firm-a'), audit)).toBe(true);
    expect(isAuditedFirm(actor('firm', 'u', 'firm-b'), audit)).toBe(false);
    expect(isAuditedFirm(actor('firm', 'u', null), audit)).toBe(false);
    expect(isAuditedFirm(actor('admin', 'u'), audit)).toBe(false);
  });
});
