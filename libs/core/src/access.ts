/** `integrator`: an account that is neither firm nor staff, which uses API keys, feeds and webhooks. */
export const ROLES = ['admin', 'auditor', 'reviewer', 'firm', 'integrator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting. Built fresh from the database on every request, so role changes apply at once. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  /** Set only for firm users who belong to a registered firm. */
  readonly firmId: string | null;
}

/** Someone acting without an account (the public) or the platform itself (jobs, CLI). */
export interface AnonymousActor {
  readonly userId: null;
  readonly label: 'public' | 'system' | 'cli';
}

export type AnyActor = Actor | AnonymousActor;

export function actorLabel(actor: AnyActor): string {
  return actor.userId === null ? actor.label : actor.email;
}

export const SYSTEM_ACTOR: AnonymousActor = { userId: null, label: 'system' };
export const PUBLIC_ACTOR: AnonymousActor = { userId: null, label: 'public' };
export const CLI_ACTOR: AnonymousActor = { userId: null, label: 'cli' };
