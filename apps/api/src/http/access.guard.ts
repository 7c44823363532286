import { UnauthenticatedError, ForbiddenError } from '@app/core';
import { FirmsService } from '@app/firms';
import { AuthenticatedUser, AuthService, Permission, roleHasPermission } from '@app/identity';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { sessionTokenOf } from '../pages/web-session';
import { AuthenticatedRequest, BROWSER_PAGE, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './access.decorators';

export class UndeclaredRouteAccessError extends Error {
  constructor(route: string) {
    super(`Route ${route} declares neither @Public() nor @RequirePermission(): refusing to serve it`);
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/;

/**
 * Every route is public or needs a permission; a route that declares neither is refused (fail closed).
 * API routes take bearer tokens only and browser pages the session cookie only, so a cookie can never
 * call the API from another site's page.
 * The actor is read from the database on every request, so a disabled user or changed role applies at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly firms: FirmsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (permission === undefined) throw new UndeclaredRouteAccessError(`${request.method} ${request.routeOptions.url ?? request.url}`);

    const user = this.reflector.getAllAndOverride<boolean>(BROWSER_PAGE, targets) ? await this.browserUser(request) : await this.bearerUser(request);
    if (!user) throw new UnauthenticatedError('Your session is not valid: sign in again', 'invalid_session');
    if (!roleHasPermission(user.role, permission)) throw new ForbiddenError();

    const firmId = user.role === 'firm' ? await this.firms.firmIdOfMember(user.userId) : null;
    request.actor = { userId: user.userId, email: user.email, role: user.role, firmId };
    request.sessionId = user.sessionId;
    return true;
  }

  private async bearerUser(request: AuthenticatedRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthenticatedError();
    const token = BEARER.exec(header)?.[1];
    return token === undefined ? null : this.auth.authenticate(token, 'bearer');
  }

  private async browserUser(request: AuthenticatedRequest): Promise<AuthenticatedUser | null> {
    const token = sessionTokenOf(request);
    if (token === undefined) throw new UnauthenticatedError();
    return this.auth.authenticate(token, 'cookie');
  }
}
