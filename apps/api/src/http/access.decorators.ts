import type { Actor } from '@app/core';
import type { ApiKeyScope, Permission } from '@app/identity';
import { createParamDecorator, CustomDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const PUBLIC_ROUTE = 'aq:public';
export const REQUIRED_PERMISSION = 'aq:permission';
export const BROWSER_PAGE = 'aq:browser-page';

/** Anyone may call this route, without an account. */
export const Public = (): CustomDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only signed-in users whose role grants this permission may call this route. */
export const RequirePermission = (permission: Permission): CustomDecorator => SetMetadata(REQUIRED_PERMISSION, permission);

/**
 * A page for signed-in users: its session comes from the browser's HttpOnly cookie, not a bearer
 * token, and every form it receives carries a CSRF token (readWebForm).
 */
export const BrowserPage = (): CustomDecorator => SetMetadata(BROWSER_PAGE, true);

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
  sessionId?: string;
  /** Set when the caller sent a valid API key (on guarded and public routes alike). */
  apiKey?: { readonly id: string; readonly scopes: readonly ApiKeyScope[] };
}

/** The signed-in actor; only on routes that require a permission. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without a permission');
  return actor;
});

export const CurrentSessionId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const sessionId = context.switchToHttp().getRequest<AuthenticatedRequest>().sessionId;
  if (!sessionId) throw new Error('CurrentSessionId used on a route without a permission');
  return sessionId;
});

/** The caller's IP as Fastify resolved it (X-Forwarded-For counts only behind a trusted proxy). */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<FastifyRequest>().ip);

export const UserAgent = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | null => context.switchToHttp().getRequest<FastifyRequest>().headers['user-agent'] ?? null,
);
