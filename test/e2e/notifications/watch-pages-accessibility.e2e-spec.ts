import type { Browser, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { validVatNumber } from '../../factories/firm.factory';
import { listedFirm, ListedFirm } from '../../factories/registry.factory';
import { accessibilityViolations, FITS_THE_SCREEN, openBrowserOn, PHONE } from '../../support/browser';
import { startTestApp, TestApp } from '../../support/test-app';

const BROWSER_TIME = 300_000;

/** The watch pages in Chromium: the form (and its refusal), the confirmation and unsubscribe pages, the workspace list. */
describe('the watch pages in a browser: accessible (axe-core) and readable on a phone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let listed: ListedFirm;
  let confirmToken: string;
  let unsubscribeToken: string;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://aq.example.it' } });
    ({ browser, base } = await openBrowserOn(testApp));
    listed = await listedFirm(testApp, { legalName: 'Seguita Accessibile S.r.l.' });
    const db = testApp.app.get(DataSource);
    const subscribe = (email: string) => testApp.http.post('/api/v1/watch/subscriptions').send({ vatNumber: listed.firm.vatNumber, email }).expect(202);
    const tokenOf = async (email: string) => {
      const [mail] = await db.query<{ text: string }[]>(`SELECT text FROM mail_message WHERE recipient = $1 AND kind = 'watch_confirm'`, [email]);
      return /\/segui\/conferma\?token=([0-9a-f]{64})/.exec(mail.text)![1];
    };
    await subscribe('pending@example.it');
    confirmToken = await tokenOf('pending@example.it');
    await subscribe('confirmed@example.it');
    await testApp.http.post('/api/v1/watch/confirm').send({ token: await tokenOf('confirmed@example.it') }).expect(200);
    [{ unsubscribe_token: unsubscribeToken }] = await db.query<{ unsubscribe_token: string }[]>(`SELECT unsubscribe_token FROM firm_watch WHERE email = 'confirmed@example.it'`);
  }, BROWSER_TIME);
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const check = async (page: Page, found: Record<string, string[]>, label: string) => {
    const violations = await accessibilityViolations(page);
    if (!(await page.evaluate(FITS_THE_SCREEN))) violations.push('wider than a 360-pixel phone screen');
    if (violations.length > 0) found[label] = violations;
  };

  it('has no WCAG 2.2 A/AA violations and fits a phone, in both languages, refusals included', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.setViewport(PHONE);
    const found: Record<string, string[]> = {};
    for (const path of [
      `/registro/${listed.firm.vatNumber}`,
      `/registro/${listed.firm.vatNumber}/segui`,
      `/registro/${listed.firm.vatNumber}/segui?lang=en`,
      `/segui/conferma?token=${confirmToken}`,
      `/segui/conferma?token=${'0'.repeat(64)}&lang=en`,
      `/segui/disiscrizione/${unsubscribeToken}`,
      `/segui/disiscrizione/${'0'.repeat(64)}?lang=en`,
      '/privacy',
    ]) {
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      await check(page, found, path);
    }

    // A refused address: the error summary and the field's message.
    await page.goto(`${base}/registro/${listed.firm.vatNumber}/segui`, { waitUntil: 'load' });
    await page.type('#email', 'non-un-indirizzo');
    await Promise.all([page.waitForNavigation(), page.click('form.panel-form button[type="submit"]')]);
    expect(await page.evaluate('document.querySelector("#email").getAttribute("aria-invalid")')).toBe('true');
    await check(page, found, 'refused address');

    // The workspace list, with an entry and a refused file.
    const user = await testApp.signIn('integrator');
    await testApp.http.put(`/api/v1/watch/list/${validVatNumber()}`).set(user.auth).expect(200);
    await page.goto(`${base}/accedi`, { waitUntil: 'load' });
    await page.type('#email', user.email);
    await page.type('#password', user.password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/accedi"] button[type="submit"]')]);
    await page.goto(`${base}/area/aziende-seguite`, { waitUntil: 'load' });
    expect(page.url()).toBe(`${base}/area/aziende-seguite`);
    await check(page, found, '/area/aziende-seguite');
    await page.type('#vatNumber', '123');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.evaluate('document.querySelector("#vatNumber").getAttribute("aria-invalid")')).toBe('true');
    await check(page, found, 'refused VAT number');
    await page.close();
    expect(found).toEqual({});
  }, BROWSER_TIME);
});
