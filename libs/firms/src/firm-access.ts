import type { Actor, AnyActor } from '@app/core';
import { Permission, roleHasPermission } from '@app/identity';

/** Members read their own firm; staff who may read firms read any. */
export function mayReadFirm(actor: Actor, firmId: string): boolean {
  return actor.role === 'firm' ? actor.firmId === firmId : roleHasPermission(actor.role, Permission.FirmRead);
}

/** Only the firm's own users change its data; the operator's command line and the platform may too. */
export function mayManageFirm(actor: AnyActor, firmId: string): boolean {
  if (actor.userId === null) return actor.label !== 'public';
  return actor.role === 'firm' && actor.firmId === firmId;
}
