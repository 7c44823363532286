import { declaredRoutes } from '../../support/routes';
import { startTestApp, TestApp } from '../../support/test-app';

describe('every route is public or guarded', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  const concretePath = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

  it('declares exactly one of @Public() and @RequirePermission() on each route', () => {
    const routes = declaredRoutes(testApp.app);
    expect(routes.length).toBeGreaterThan(10);
    const undeclared = routes.filter((route) => route.isPublic === (route.permission !== undefined));
    expect(undeclared).toEqual([]);
  });

  it('refuses every guarded route without a session, and with a forged token', async () => {
    const guarded = declaredRoutes(testApp.app).filter((route) => !route.isPublic);
    for (const route of guarded) {
      const call = () => testApp.http[route.method.toLowerCase() as 'get'](concretePath(route.path));
      const anonymous = await call();
      expect({ route: `${route.method} ${route.path}`, status: anonymous.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      const forged = await call().set('Authorization', 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
      expect(forged.status).toBe(401);
    }
  });

  it('answers every public route without a session and without a server error', async () => {
    const open = declaredRoutes(testApp.app).filter((route) => route.isPublic);
    for (const route of open) {
      const response = await testApp.http[route.method.toLowerCase() as 'get'](concretePath(route.path));
      expect({ route: `${route.method} ${route.path}`, serverError: response.status >= 500 }).toEqual({ route: `${route.method} ${route.path}`, serverError: false });
      expect(response.status).not.toBe(401);
    }
  });
});
