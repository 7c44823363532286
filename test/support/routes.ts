import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { INestApplication } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from '../../apps/api/src/http/access.decorators';

export interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly isPublic: boolean;
  readonly permission: string | undefined;
}

const joinPath = (...parts: (string | undefined)[]) =>
  `/${parts.filter((part): part is string => !!part && part !== '/').map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

/** Every route the application's controllers declare, with its access declaration. */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const reflector = app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        routes.push({
          method,
          path: joinPath(prefix, path),
          isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, controller]) === true,
          permission: reflector.getAllAndOverride<string | undefined>(REQUIRED_PERMISSION, [handler, controller]),
        });
      }
    }
  }
  return routes;
}
