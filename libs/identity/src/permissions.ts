import type { Role } from '@app/core';

/** What a signed-in user may ask for. Routes require one; services then check which records. */
export enum Permission {
  /** Own account: profile, password, sessions. */
  AccountSelf = 'account.self',
  UserManage = 'user.manage',
  HistoryRead = 'history.read',
  /** Register a firm and manage one's own firm, numbers, sites and applications. */
  FirmSelfService = 'firm.self_service',
  /** Read any firm's data (staff). */
  FirmRead = 'firm.read',
  ApplicationAssign = 'application.assign',
  AuditRun = 'audit.run',
  AuditRead = 'audit.read',
  RatingDecide = 'rating.decide',
  RatingSuspendRevoke = 'rating.suspend_revoke',
  SanctionManage = 'sanction.manage',
  SanctionRead = 'sanction.read',
  ChecklistManage = 'checklist.manage',
  ReportTriage = 'report.triage',
  JobManage = 'job.manage',
  /** Form the panel that decides an appeal (admin). */
  AppealPanelForm = 'appeal.panel_form',
}

const STAFF_READ = [Permission.FirmRead, Permission.AuditRead, Permission.SanctionRead];

export const ROLE_PERMISSIONS: { readonly [R in Role]: ReadonlySet<Permission> } = {
  admin: new Set([
    Permission.AccountSelf,
    Permission.UserManage,
    Permission.HistoryRead,
    ...STAFF_READ,
    Permission.ApplicationAssign,
    Permission.RatingSuspendRevoke,
    Permission.SanctionManage,
    Permission.ChecklistManage,
    Permission.ReportTriage,
    Permission.JobManage,
    Permission.AppealPanelForm,
  ]),
  auditor: new Set([Permission.AccountSelf, ...STAFF_READ, Permission.AuditRun]),
  reviewer: new Set([
    Permission.AccountSelf,
    ...STAFF_READ,
    Permission.RatingDecide,
    Permission.RatingSuspendRevoke,
    Permission.ReportTriage,
  ]),
  firm: new Set([Permission.AccountSelf, Permission.FirmSelfService]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
