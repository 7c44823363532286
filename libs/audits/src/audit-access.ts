import type { Actor } from '@app/core';
import { Permission, roleHasPermission } from '@app/identity';

export interface AuditAssignment {
  readonly firmId: string;
  readonly auditorId: string;
}

/** Staff who may read audits read every audit; firm users read their own audit through the firm view. */
export function mayReadAudit(actor: Actor): boolean {
  return roleHasPermission(actor.role, Permission.AuditRead);
}

/** Only the auditor assigned to an audit records results, findings, questions and the proposal. */
export function isAssignedAuditor(actor: Actor, audit: AuditAssignment): boolean {
  return actor.role === 'auditor' && actor.userId === audit.auditorId;
}

/** The audited firm's own users answer its questions and read its outcome. */
export function isAuditedFirm(actor: Actor, audit: AuditAssignment): boolean {
  return actor.role === 'firm' && actor.firmId !== null && actor.firmId === audit.firmId;
}
