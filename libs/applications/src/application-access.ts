import type { Actor, AnyActor } from '@app/core';
import { Permission, roleHasPermission } from '@app/identity';

export interface ApplicationOwnership {
  readonly firmId: string;
}

export interface ApplicationAudience extends ApplicationOwnership {
  /** The auditor the application is assigned to for audit, if any. */
  readonly assignedAuditorId: string | null;
}

/**
 * Who may read an application, its answers and its evidence: members of the firm, staff who may read
 * firms, except that among auditors only the one assigned to audit the application may.
 */
export function mayReadApplication(actor: Actor, application: ApplicationAudience): boolean {
  if (actor.role === 'firm') return actor.firmId === application.firmId;
  if (actor.role === 'auditor') return application.assignedAuditorId === actor.userId;
  return roleHasPermission(actor.role, Permission.FirmRead);
}

/** The evidence goes with the application: the same readers. */
export function mayReadEvidence(actor: Actor, application: ApplicationAudience): boolean {
  return mayReadApplication(actor, application);
}

/** Only the applicant firm's own users answer and attach evidence; the command line and the platform may too. */
export function mayChangeApplication(actor: AnyActor, application: ApplicationOwnership): boolean {
  if (actor.userId === null) return actor.label !== 'public';
  return actor.role === 'firm' && actor.firmId === application.firmId;
}
