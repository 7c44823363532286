import type { Actor } from '@app/core';
import { Permission, roleHasPermission } from '@app/identity';

export interface AuditAssignment {
  readonly firmId: string;
  readonly auditorId: string;
}

/**
 * Reviewers and admins read every audit; an auditor only the audits assigned to them (another's is
 * not found, as a firm's is to other firms); firm users read their own through the firm view.
 */
export function mayReadAudit(actor: Actor, audit: AuditAssignment): boolean {
  if (!roleHasPermission(actor.role, Permission.AuditRead)) return false;
  return actor.role !== 'auditor' || actor.userId === audit.auditorId;
}

/**
 * The audits a list may show this reader, as the auditor to filter by: an auditor's own (null when
 * the list asks for another auditor's, so it is empty), anyone's for reviewers and admins.
 */
export function readableAuditor(actor: Actor, requestedAuditorId: string | undefined): string | undefined | null {
  if (actor.role !== 'auditor') return requestedAuditorId;
  return requestedAuditorId === undefined || requestedAuditorId === actor.userId ? actor.userId : null;
}

/** Only the auditor assigned to an audit records results, findings, questions and the proposal. */
export function isAssignedAuditor(actor: Actor, audit: AuditAssignment): boolean {
  return actor.role === 'auditor' && actor.userId === audit.auditorId;
}

/** The audited firm's own users answer its questions and read its outcome. */
export function isAuditedFirm(actor: Actor, audit: AuditAssignment): boolean {
  return actor.role === 'firm' && actor.firmId !== null && actor.firmId === audit.firmId;
}
