import { ROLES, Role } from '@app/core';
import { ROLE_PERMISSIONS, Permission } from '@app/identity';
import { declaredRoutes } from '../../support/routes';
import { startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const cookieNamed = (response: { headers: Record<string, unknown> }, name: string): string | undefined =>
  ((response.headers['set-cookie'] as string[] | undefined) ?? []).find((cookie) => cookie.startsWith(`${name}=`));

describe('workspace accounts: sign-up, sign-in, sign-out and password in the browser, with cookie sessions and CSRF', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('lets a firm sign up and lands it in its workspace with an HttpOnly, SameSite=Lax session cookie', async () => {
    const web = new WebVisitor(testApp.app);
    const form = await expectStatus(web.get('/registrati'), 200);
    expect(form.text).toContain('<label for="displayName">');
    const response = await expectStatus(web.submit('/registrati', { displayName: 'Maria Rossi', email: 'maria@rossi-servizi.example.it', password: 'una-password-lunga' }), 303);
    expect(response.headers.location).toBe('/area/azienda');
    const session = cookieNamed(response, 'aq_session');
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    const again = await expectStatus(new WebVisitor(testApp.app).submit('/registrati', { displayName: 'Maria', email: 'MARIA@rossi-servizi.example.it', password: 'una-password-lunga' }), 409);
    expect(again.text).toContain('Esiste già un account con questo indirizzo e-mail');
  });

  it('explains each wrong sign-up field next to it, in Italian or English', async () => {
    const web = new WebVisitor(testApp.app);
    const response = await expectStatus(web.submit('/registrati', { displayName: '', email: 'non-una-email', password: 'corta' }), 400);
    expect(response.text).toContain('id="displayName-error"');
    expect(response.text).toContain('Scrivi un indirizzo e-mail valido');
    expect(response.text).toContain('La password deve avere almeno 12 caratteri');
    expect(response.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    expect(response.text).toContain('value="non-una-email"');
    const english = await expectStatus(web.submit('/registrati', { displayName: 'Ann', email: 'x', password: 'long-enough-password', lang: 'en' }), 400);
    expect(english.text).toContain('Write a valid e-mail address');
  });

  it('signs in, sends each role to its home, remembers where the visitor was going, and signs out for good', async () => {
    const auditor = await testApp.signIn('auditor');
    const web = new WebVisitor(testApp.app);
    const away = await expectStatus(web.get('/area/password'), 303);
    expect(away.headers.location).toBe('/accedi?next=%2Farea%2Fpassword');
    await web.get(away.headers.location);
    const wrong = await expectStatus(web.submit('/accedi', { email: auditor.email, password: 'sbagliata' }), 400);
    expect(wrong.text).toContain('E-mail o password non corrette.');
    const signedIn = await expectStatus(web.submit('/accedi', { email: auditor.email, password: auditor.password, next: '/area/password' }), 303);
    expect(signedIn.headers.location).toBe('/area/password');
    const page = await expectStatus(web.get('/area/password'), 200);
    expect(page.text).toContain(auditor.email);
    expect(page.text).toContain('Accesso eseguito.');
    expect((await expectStatus(web.get('/area'), 303)).headers.location).toBe('/area/verifiche');

    const evil = await expectStatus(new WebVisitor(testApp.app).submit('/accedi', { email: auditor.email, password: auditor.password, next: '//evil.example.com/' }), 303);
    expect(evil.headers.location).toBe('/area');

    const out = await expectStatus(web.submit('/esci', {}), 303);
    expect(out.headers.location).toBe('/accedi');
    expect((await expectStatus(web.get('/area/password'), 303)).headers.location).toMatch(/^\/accedi/);
  });

  it('keeps cookie sessions and bearer tokens apart: neither opens the other door', async () => {
    const admin = await testApp.signIn('admin');
    const web = new WebVisitor(testApp.app);
    await web.signIn(admin.email, admin.password);
    await web.agent.get('/api/v1/auth/me').expect(401);
    const withBearer = await testApp.http.get('/area/password').set(admin.auth).set('accept', 'text/html');
    expect(withBearer.status).toBe(303);
  });

  it('changes the password from the page and signs out the other sessions', async () => {
    const reviewer = await testApp.signIn('reviewer');
    const web = new WebVisitor(testApp.app);
    await web.signIn(reviewer.email, reviewer.password);
    const wrong = await expectStatus(web.submit('/area/password', { currentPassword: 'non-questa', newPassword: 'nuova-password-lunga' }), 422);
    expect(wrong.text).toContain('La password attuale non è corretta.');
    const short = await expectStatus(web.submit('/area/password', { currentPassword: reviewer.password, newPassword: 'corta' }), 400);
    expect(short.text).toContain('almeno 12 caratteri');
    await expectStatus(web.submit('/area/password', { currentPassword: reviewer.password, newPassword: 'nuova-password-lunga' }), 303);
    await testApp.http.get('/api/v1/auth/me').set(reviewer.auth).expect(401);
    await expectStatus(web.get('/area/password'), 200);
  });

  it('refuses a form post without the form token, with a wrong one, or from another site', async () => {
    const visitor = new WebVisitor(testApp.app);
    await visitor.get('/accedi');
    const missing = await visitor.agent.post('/accedi').set('accept', 'text/html').field('email', 'a@b.it').field('password', 'x');
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Modulo scaduto');
    const forged = await visitor.agent.post('/accedi').set('accept', 'text/html').field('_csrf', 'x'.repeat(43)).field('email', 'a@b.it').field('password', 'x');
    expect(forged.status).toBe(403);
    const token = /name="_csrf" value="([^"]+)"/.exec((await visitor.get('/accedi')).text)![1];
    const crossSite = await visitor.agent.post('/accedi').set('origin', 'https://evil.example.com').field('_csrf', token).field('email', 'a@b.it').field('password', 'x');
    expect(crossSite.status).toBe(403);
  });

  it('checks the form token on every page that accepts a form', async () => {
    const visitors = new Map<Role, WebVisitor>();
    for (const role of ROLES) {
      const user = await testApp.signIn(role);
      const web = new WebVisitor(testApp.app);
      await web.signIn(user.email, user.password);
      visitors.set(role, web);
    }
    const posts = declaredRoutes(testApp.app).filter((route) => route.method === 'POST' && !route.path.startsWith('/api/'));
    expect(posts.length).toBeGreaterThan(3);
    for (const route of posts) {
      const path = route.path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      const role = route.isPublic ? 'firm' : ROLES.find((each) => ROLE_PERMISSIONS[each].has(route.permission as Permission));
      const response = await visitors.get(role!)!.agent.post(path).set('accept', 'text/html').field('lang', 'it');
      expect({ route: route.path, status: response.status, csrf: response.text.includes('Modulo scaduto') }).toEqual({ route: route.path, status: 403, csrf: true });
    }
  });

  it('answers an unknown page with a friendly 404 page, and keeps JSON for the API', async () => {
    const page = await testApp.http.get('/pagina-che-non-esiste').set('accept', 'text/html,application/xhtml+xml').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Pagina non trovata');
    const api = await testApp.http.get('/api/v1/nothing-here').set('accept', 'text/html').expect(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });
});
