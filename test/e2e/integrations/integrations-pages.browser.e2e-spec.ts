import type { Browser } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { DESKTOP, openBrowserOn, PHONE, seriousProblemsOn } from '../../support/browser';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

/** The integrations pages in Chromium: axe-core clean (serious, critical) on a phone and a desktop, no sideways scrolling on a phone. */
describe('the integrations pages in a browser: sign-up choice, keys, revoke confirmation, a disabled webhook notice', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let integrator: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    integrator = await testApp.signIn('integrator');
    await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'Centralino', scopes: ['registry:read'] }).expect(201);
    await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'Webhook', scopes: ['webhooks:manage'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    // An endpoint disabled after 3 days of failures, as the delivery job leaves it.
    await testApp.app.get(DataSource).query(
      `INSERT INTO webhook_endpoint (owner_id, url, events, secret, failing_since, disabled_at, disabled_reason)
       VALUES ($1, 'https://hooks.example.com/aq', ARRAY['firm.status_changed'], 'whsec_x', now() - interval '4 days', now(), 'failing_for_3_days')`,
      [integrator.id],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });


  it.each([
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ])('has no serious accessibility problem on a %s', async (_name, viewport) => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      page.setDefaultNavigationTimeout(90_000);
      await page.setBypassCSP(true);
      await page.setViewport(viewport);
      await page.goto(`${base}/registrati`, { waitUntil: 'load' });
      expect({ page: '/registrati', problems: await seriousProblemsOn(page, viewport) }).toEqual({ page: '/registrati', problems: [] });

      await page.goto(`${base}/accedi`, { waitUntil: 'load' });
      await page.type('#email', integrator.email);
      await page.type('#password', integrator.password);
      await Promise.all([page.waitForNavigation(), page.click('form[action="/accedi"] button[type="submit"]')]);
      expect(page.url()).toContain('/area/integrazioni');
      expect(await page.content()).toContain('è stato disattivato');
      expect({ page: '/area/integrazioni', problems: await seriousProblemsOn(page, viewport) }).toEqual({ page: '/area/integrazioni', problems: [] });

      // A form sent with errors, from the keyboard.
      await page.focus('form[action="/area/integrazioni/chiavi"] button[type="submit"]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect({ page: 'key form with errors', problems: await seriousProblemsOn(page, viewport) }).toEqual({ page: 'key form with errors', problems: [] });

      const revoke = (await page.evaluate(`document.querySelector('a[href*="/revoca"]').getAttribute('href')`)) as string;
      await page.goto(`${base}${revoke}`, { waitUntil: 'load' });
      expect({ page: 'revoke confirmation', problems: await seriousProblemsOn(page, viewport) }).toEqual({ page: 'revoke confirmation', problems: [] });
    } finally {
      await context.close();
    }
  });
});
