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
  /** Create, list and revoke one's own API keys (with a session only: a key never manages keys). */
  ApiKeyManage = 'api_key.manage',
  /** Download the bulk feeds (the caller-ID feed); an API key needs the `registry:read` scope. */
  FeedRead = 'feed.read',
  /** Register and manage one's own webhook endpoints; an API key needs the `webhooks:manage` scope. */
  WebhookManage = 'webhook.manage',
  /** Form the panel that decides an appeal (admin). */
  AppealPanelForm = 'appeal.panel_form',
  /** Read, take in hand and close complaints about the scheme (admins and reviewers). */
  ComplaintHandle = 'complaint.handle',
  /** Make the year's surveillance plan and read its draw. */
  SurveillancePlan = 'surveillance.plan',
}

/** What machines do with the platform: granted to admins, firm users and integrators. */
const INTEGRATION = [Permission.ApiKeyManage, Permission.FeedRead, Permission.WebhookManage];

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
    ...INTEGRATION,
    Permission.AppealPanelForm,
    Permission.ComplaintHandle,
    Permission.SurveillancePlan,
  ]),
  auditor: new Set([Permission.AccountSelf, ...STAFF_READ, Permission.AuditRun]),
  reviewer: new Set([
    Permission.AccountSelf,
    ...STAFF_READ,
    Permission.RatingDecide,
    Permission.RatingSuspendRevoke,
    Permission.ReportTriage,
    Permission.ComplaintHandle,
  ]),
  firm: new Set([Permission.AccountSelf, Permission.FirmSelfService, ...INTEGRATION]),
  integrator: new Set([Permission.AccountSelf, ...INTEGRATION]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** What an API key may be used for; each scope unlocks some permissions of the key's owner, never more. */
export const API_KEY_SCOPES = ['registry:read', 'webhooks:manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const SCOPE_PERMISSIONS: { readonly [S in ApiKeyScope]: readonly Permission[] } = {
  'registry:read': [Permission.FeedRead],
  'webhooks:manage': [Permission.WebhookManage],
};

/** Whether a key with these scopes may be used where this permission is required (the owner's role must grant it too). */
export function scopesGrant(scopes: readonly ApiKeyScope[], permission: Permission): boolean {
  return scopes.some((scope) => SCOPE_PERMISSIONS[scope].includes(permission));
}
