import { Actor, Role } from '@app/core';
import { isAssignedAuditor, isAuditedFirm, mayReadAudit, readableAuditor } from './audit-access';

const audit = { firmId: 'firm-a', auditorId: 'auditor-1' };
const actor = (role: Role, userId = 'someone', firmId: string | null = null): Actor => ({ userId, email: `${userId}@example.it`, role, firmId });

describe('who may do what with an audit', () => {
  it('lets reviewers and admins read every audit, an auditor only their own, and no firm user', () => {
    for (const role of ['admin', 'reviewer'] as const) expect(mayReadAudit(actor(role), audit)).toBe(true);
    expect(mayReadAudit(actor('auditor', 'auditor-1'), audit)).toBe(true);
    expect(mayReadAudit(actor('auditor', 'auditor-2'), audit)).toBe(false);
    expect(mayReadAudit(actor('firm', 'u', 'firm-a'), audit)).toBe(false);
    // Not even the firm user who happens to share the auditor's id.
    expect(mayReadAudit(actor('firm', 'auditor-1', 'firm-a'), audit)).toBe(false);
  });

  it('narrows an auditor’s lists to their own audits', () => {
    expect(readableAuditor(actor('auditor', 'auditor-1'), undefined)).toBe('auditor-1');
    expect(readableAuditor(actor('auditor', 'auditor-1'), 'auditor-1')).toBe('auditor-1');
    expect(readableAuditor(actor('auditor', 'auditor-1'), 'auditor-2')).toBeNull();
    expect(readableAuditor(actor('reviewer'), undefined)).toBeUndefined();
    expect(readableAuditor(actor('admin'), 'auditor-2')).toBe('auditor-2');
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
