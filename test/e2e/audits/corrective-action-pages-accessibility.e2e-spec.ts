import { addCalendarDays, romeCalendarDate } from '@app/core';
import type { Browser, Page } from 'puppeteer-core';
import { AssignedAudit, assignedAudit } from '../../factories/audit.factory';
import { DESKTOP, openBrowserOn, PHONE, seriousProblemsOn, signedInPage } from '../../support/browser';
import { startTestApp, TestApp } from '../../support/test-app';

const BROWSER_TIME = 300_000;
const PAGE = '/area/azioni-correttive';

/** The corrective actions page in Chromium, for the firm and the auditor: the list with its forms, a refused form, the confirmation page. */
describe('the corrective actions page in a browser: accessible (axe-core) and readable on a phone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let audit: AssignedAudit;
  let open: string;
  let answered: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    audit = await assignedAudit(testApp);
    const raise = async (severity: string) =>
      (
        await testApp.http
          .post(`/api/v1/audits/${audit.auditId}/findings`)
          .set(audit.auditor.auth)
          .send({ itemCode: 'TR-01', severity, description: 'Registro incompleto', correctiveAction: 'Completare il registro', dueOn: addCalendarDays(romeCalendarDate(testApp.clock.now()), 10) })
          .expect(201)
      ).body.id as string;
    open = await raise('minor');
    answered = await raise('major');
    await testApp.http.post(`/api/v1/corrective-actions/${answered}/answer`).set(audit.firm.owner.auth).send({ answer: 'Registro completato.' }).expect(200);
  }, BROWSER_TIME);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });



  /** Sends the form with this action from the keyboard, its fields filled as given; the status of the answer. */
  async function send(page: Page, action: string, values: Record<string, string>): Promise<number> {
    await page.goto(`${base}${PAGE}`, { waitUntil: 'load' });
    const selector = `form[action="${action}"]`;
    await page.evaluate(`(() => {
      const form = document.querySelector(${JSON.stringify(selector)});
      for (const [name, value] of Object.entries(${JSON.stringify(values)})) form.elements.namedItem(name).value = value;
    })()`);
    await page.focus(`${selector} button[type="submit"]`);
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response?.status() ?? 0;
  }

  async function inspect(who: string, user: { email: string; password: string }, forms: { action: string; values: Record<string, string>; status: number }[]): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    const page = await signedInPage(browser, base, user);
    try {
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewport(viewport);
        const response = await page.goto(`${base}${PAGE}`, { waitUntil: 'load' });
        const problems = await seriousProblemsOn(page, viewport);
        if (response?.status() !== 200) problems.unshift(`HTTP ${response?.status()}`);
        if (problems.length > 0) found[`${who} ${viewport.width}px list`] = problems;
        for (const form of forms) {
          const status = await send(page, form.action, form.values);
          const formProblems = await seriousProblemsOn(page, viewport);
          if (status !== form.status) formProblems.unshift(`HTTP ${status}, expected ${form.status}`);
          if (formProblems.length > 0) found[`${who} ${viewport.width}px POST ${form.action}`] = formProblems;
        }
      }
    } finally {
      await page.browserContext().close();
    }
    return found;
  }

  it(
    'has no serious problem for the firm and the auditor, on a phone and a desktop, nor on a refused form and the confirmation page',
    async () => {
      const found = {
        ...(await inspect('firm', audit.firm.owner, [
          { action: `${PAGE}/${open}/risposta`, values: { answer: ' ' }, status: 400 },
          { action: `${PAGE}/${open}/documenti`, values: {}, status: 400 },
        ])),
        ...(await inspect('auditor', audit.auditor, [
          { action: `${PAGE}/${answered}/riapri`, values: { reason: ' ' }, status: 400 },
          { action: `${PAGE}/${answered}/accetta`, values: { note: 'Completo.' }, status: 200 },
        ])),
      };
      expect(found).toEqual({});
    },
    BROWSER_TIME,
  );
});
