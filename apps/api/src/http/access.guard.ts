import { UnauthenticatedError, ForbiddenError } from '@app/core';
import { FirmsService } from '@app/firms';
import { API_KEY_PREFIX, ApiKeysService, AuthenticatedUser, AuthService, Permission, roleHasPermission, scopesGrant } from '@app/identity';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { sessionTokenOf } from './session-cookie';
import { AuthenticatedRequest, BROWSER_PAGE, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './access.decorators';

export class UndeclaredRouteAccessError extends Error {
  constructor(route: string) {
    super(`Route ${route} declares neither @Public() nor @RequirePermission(): refusing to serve it`);
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/;
const isApiKey = (token: string): boolean => token.startsWith(API_KEY_PREFIX);

/**
 * Every route is public or needs a permission; a route that declares neither is refused (fail closed).
 * API routes take bearer tokens only and browser pages the session cookie only, so a cookie can never
 * call the API from another site's page.
 * The actor is read from the database on every request, so a disabled user or changed role applies at once.
 * An API key (`aq_…`) acts as its owner, but only where both the owner's role and the key's scopes grant
 * the permission; on public routes a valid key is noted (it raises the rate limit) and an invalid one refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly firms: FirmsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      await this.notePublicApiKey(request);
      return true;
    }
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission === undefined) throw new UndeclaredRouteAccessError(`${request.method} ${request.routeOptions.url ?? request.url}`);

    const user = this.reflector.getAllAndOverride<boolean>(BROWSER_PAGE, targets) ? await this.browserUser(request) : await this.bearerUser(request);
    if (!user) throw new UnauthenticatedError('Your session is not valid: sign in again', 'invalid_session');
    if (!roleHasPermission(user.role, permission)) throw new ForbiddenError();
    if (request.apiKey && !scopesGrant(request.apiKey.scopes, permission)) throw new ForbiddenError('This API key has no scope for this request', 'api_key_scope');

    const firmId = user.role === 'firm' ? await this.firms.firmIdOfMember(user.userId) : null;
    request.actor = { userId: user.userId, email: user.email, role: user.role, firmId };
    if (!request.apiKey) request.sessionId = user.sessionId;
    return true;
  }

  private async bearerUser(request: AuthenticatedRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthenticatedError();
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) return null;
    if (!isApiKey(token)) return this.auth.authenticate(token, 'bearer');
    const key = await this.apiKeys.authenticate(token);
    if (!key) throw new UnauthenticatedError('This API key is not valid: it is unknown, revoked or expired', 'invalid_api_key');
    request.apiKey = { id: key.apiKeyId, scopes: key.scopes };
    return { sessionId: '', userId: key.userId, email: key.email, role: key.role };
  }

  /** Public routes need no key; a key sent anyway must be valid, and then raises the caller's rate limit. */
  private async notePublicApiKey(request: AuthenticatedRequest): Promise<void> {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || !isApiKey(token)) return;
    const key = await this.apiKeys.authenticate(token);
    if (!key) throw new UnauthenticatedError('This API key is not valid: it is unknown, revoked or expired', 'invalid_api_key');
    request.apiKey = { id: key.apiKeyId, scopes: key.scopes };
  }

  private async browserUser(request: AuthenticatedRequest): Promise<AuthenticatedUser | null> {
    const token = sessionTokenOf(request);
    if (token === undefined) throw new UnauthenticatedError();
    return this.auth.authenticate(token, 'cookie');
  }
}
