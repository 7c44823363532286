import type { Browser, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { DESKTOP, openBrowserOn, PHONE, seriousProblemsOn } from '../../support/browser';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

const BROWSER_TIME = 300_000;

/** The complaint pages in Chromium: the public form (empty, refused, acknowledged), the status page (refused, wrong code, found) and the staff's page with its refused form and confirmation. */
describe('the complaint pages in a browser: accessible (axe-core) and readable on a phone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let reviewer: SignedInUser;
  let inHandling: string;
  let lookup: { reference: string; statusCode: string };

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    reviewer = await testApp.signIn('reviewer');
    const filed = await testApp.http.post('/api/v1/complaints').send({ subject: 'scheme', description: 'Nessuno risponde alle richieste sullo stato della domanda.' }).expect(201);
    await testApp.http.post('/api/v1/complaints').send({ subject: 'firm', firmName: 'Chiamate Ovunque S.p.A.', description: 'Chiamate continue dopo la revoca del consenso.' }).expect(201);
    const [{ id }] = await testApp.app.get(DataSource).query<{ id: string }[]>(`SELECT id FROM complaint WHERE reference = $1`, [filed.body.reference]);
    inHandling = id;
    lookup = { reference: filed.body.reference, statusCode: filed.body.statusCode };
    await testApp.http.post(`/api/v1/complaints/${id}/handling`).set(reviewer.auth).expect(200);
  }, BROWSER_TIME);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });


  /** Fills the form with this action on `path` and sends it from the keyboard; the status of the answer. */
  async function send(page: Page, path: string, action: string, values: Record<string, string>): Promise<number> {
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    const selector = `form[action="${action}"]`;
    await page.evaluate(`(() => {
      const form = document.querySelector(${JSON.stringify(selector)});
      for (const [name, value] of Object.entries(${JSON.stringify(values)})) {
        const field = form.elements.namedItem(name);
        if (field instanceof RadioNodeList) { for (const radio of field) radio.checked = radio.value === value; } else field.value = value;
      }
    })()`);
    await page.focus(`${selector} button[type="submit"]`);
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response?.status() ?? 0;
  }

  async function inspect(who: string, page: Page, path: string, forms: { action: string; values: Record<string, string>; status: number }[]): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewport(viewport);
      const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      const problems = await seriousProblemsOn(page, viewport);
      if (response?.status() !== 200) problems.unshift(`HTTP ${response?.status()}`);
      if (problems.length > 0) found[`${who} ${viewport.width}px ${path}`] = problems;
      for (const form of forms) {
        const status = await send(page, path, form.action, form.values);
        const formProblems = await seriousProblemsOn(page, viewport);
        if (status !== form.status) formProblems.unshift(`HTTP ${status}, expected ${form.status}`);
        if (formProblems.length > 0) found[`${who} ${viewport.width}px POST ${form.action} ${JSON.stringify(form.values)}`] = formProblems;
      }
    }
    return found;
  }

  it(
    'has no serious problem for the public and the staff, on a phone and a desktop, nor on the refused forms, the acknowledgement, the status page and the confirmation page',
    async () => {
      const visitor = await (await browser.createBrowserContext()).newPage();
      await visitor.setBypassCSP(true);
      const staff = await (await browser.createBrowserContext()).newPage();
      await staff.setBypassCSP(true);
      await staff.goto(`${base}/accedi`, { waitUntil: 'load' });
      await staff.type('#email', reviewer.email);
      await staff.type('#password', reviewer.password);
      await Promise.all([staff.waitForNavigation(), staff.click('form[action="/accedi"] button[type="submit"]')]);
      const found = {
        ...(await inspect('public', visitor, '/reclami', [
          { action: '/reclami', values: { subject: 'firm', description: 'corto', contactEmail: 'no' }, status: 400 },
          { action: '/reclami', values: { subject: 'scheme', description: 'La pagina dei ricorsi non spiega i termini.' }, status: 200 },
        ])),
        ...(await inspect('public in English', visitor, '/reclami?lang=en', [])),
        ...(await inspect('public status', visitor, '/reclami/stato', [
          { action: '/reclami/stato', values: { reference: 'RCL-1', statusCode: '' }, status: 400 },
          { action: '/reclami/stato', values: { reference: lookup.reference, statusCode: '0000-0000-0000' }, status: 404 },
          { action: '/reclami/stato', values: lookup, status: 200 },
        ])),
        ...(await inspect('public status in English', visitor, '/reclami/stato?lang=en', [{ action: '/reclami/stato?lang=en', values: lookup, status: 200 }])),
        ...(await inspect('reviewer', staff, '/area/reclami', [
          { action: `/area/reclami/${inHandling}/chiusura`, values: { outcome: '' }, status: 400 },
          { action: `/area/reclami/${inHandling}/chiusura`, values: { outcome: 'Risposta inviata e procedura chiarita.' }, status: 200 },
        ])),
      };
      expect(found).toEqual({});
    },
    BROWSER_TIME,
  );
});
