import { addCalendarDays, romeCalendarDate } from '@app/core';
import type { Browser, Page } from 'puppeteer-core';
import { listedFirm } from '../../factories/registry.factory';
import { DESKTOP, openBrowserOn, PHONE, seriousProblemsOn, signedInPage } from '../../support/browser';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

const BROWSER_TIME = 300_000;
const CHECKS = '/api/v1/surveillance/checks';

/** The surveillance check pages in Chromium: the auditor's queue (with a scheduled check) and check form, the admin's form that opens or schedules one, the reviewer's queue and decision, refused forms and the confirmation. */
describe('the surveillance check pages in a browser: accessible (axe-core) and readable on a phone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let auditor: SignedInUser;
  let reviewer: SignedInUser;
  let running: string;
  let proposed: string;
  let itemCode: string;
  let firmOwner: SignedInUser;
  let admin: SignedInUser;
  let explanation: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    admin = await testApp.signIn('admin');
    auditor = await testApp.signIn('auditor');
    reviewer = await testApp.signIn('reviewer');
    firmOwner = (await listedFirm(testApp, { legalName: 'Sorveglianza Accessibile S.r.l.' })).firm.owner;
    const scheduledFirm = await listedFirm(testApp, { legalName: 'Sorveglianza Programmata S.r.l.' });
    const year = Number(romeCalendarDate(testApp.clock.now()).slice(0, 4));
    const plan = (await testApp.http.post('/api/v1/surveillance/plans').set(admin.auth).send({ year, samplePercent: 100 }).expect(201)).body;
    const entries = plan.entries as { id: string; firmId: string }[];
    const entry = entries.find((each) => each.firmId !== scheduledFirm.firm.id)!;
    const later = entries.find((each) => each.firmId === scheduledFirm.firm.id)!;
    // A check scheduled for a later day: the auditor's queue says when it opens, the admin's page lists it.
    const scheduledOn = addCalendarDays(romeCalendarDate(testApp.clock.now()), 14);
    await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: later.id, kind: 'yearly', auditorId: auditor.id, scheduledOn }).expect(201);
    explanation = `/area/amministrazione/sorveglianza/${plan.id}/aziende/${scheduledFirm.firm.id}`;
    const open = async (kind: string): Promise<{ id: string; items: { itemCode: string }[] }> => {
      const response = await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind, auditorId: auditor.id }).expect(201);
      return response.body as { id: string; items: { itemCode: string }[] };
    };
    running = (await open('yearly')).id;
    const other = await open('unannounced');
    proposed = other.id;
    itemCode = other.items[0].itemCode;
    for (const item of other.items) await testApp.http.put(`${CHECKS}/${proposed}/items/${item.itemCode}`).set(auditor.auth).send({ result: 'met' }).expect(200);
    await testApp.http
      .post(`${CHECKS}/${running}/findings`)
      .set(auditor.auth)
      .send({ itemCode, severity: 'minor', description: 'Registro dei consensi incompleto', correctiveAction: 'Completare il registro' })
      .expect(201);
    await testApp.http.post(`${CHECKS}/${proposed}/proposal`).set(auditor.auth).send({ outcome: 'suspend', reasons: 'Formazione scaduta' }).expect(200);
  }, BROWSER_TIME);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** Sends the form with this action from the keyboard, its fields filled as given; the status of the answer. */
  async function send(page: Page, path: string, action: string, values: Record<string, string>): Promise<number> {
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    const selector = `form[action="${action}"]`;
    await page.evaluate(`(() => {
      const form = document.querySelector(${JSON.stringify(selector)});
      for (const [name, value] of Object.entries(${JSON.stringify(values)})) form.elements.namedItem(name).value = value;
    })()`);
    await page.focus(`${selector} button[type="submit"]`);
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response?.status() ?? 0;
  }

  async function inspect(who: string, user: SignedInUser, paths: string[], forms: { path: string; action: string; values: Record<string, string>; status: number }[]): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    const page = await signedInPage(browser, base, user);
    try {
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewport(viewport);
        for (const path of paths) {
          const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
          const problems = await seriousProblemsOn(page, viewport);
          if (response?.status() !== 200) problems.unshift(`HTTP ${response?.status()}`);
          if (problems.length > 0) found[`${who} ${viewport.width}px ${path}`] = problems;
        }
        for (const form of forms) {
          const status = await send(page, form.path, form.action, form.values);
          const problems = await seriousProblemsOn(page, viewport);
          if (status !== form.status) problems.unshift(`HTTP ${status}, expected ${form.status}`);
          if (problems.length > 0) found[`${who} ${viewport.width}px POST ${form.action}`] = problems;
        }
      }
    } finally {
      await page.browserContext().close();
    }
    return found;
  }

  it(
    'has no serious problem for the auditor, the firm and the reviewer, on a phone and a desktop, nor on refused forms and the confirmation page',
    async () => {
      const auditorCheck = `/area/verifiche/sorveglianza/${running}`;
      const reviewerCheck = `/area/decisioni/sorveglianza/${proposed}`;
      const found = {
        ...(await inspect('auditor', auditor, ['/area/verifiche/sorveglianza', auditorCheck], [
          { path: auditorCheck, action: `${auditorCheck}/voci/${itemCode}`, values: { result: '' }, status: 400 },
          { path: auditorCheck, action: `${auditorCheck}/proposta`, values: { outcome: '', reasons: '' }, status: 400 },
          { path: auditorCheck, action: `${auditorCheck}/rilievi`, values: { itemCode: '', severity: '', description: '', correctiveAction: '', dueOn: '31/02' }, status: 400 },
        ])),
        ...(await inspect('firm', firmOwner, ['/area/azienda/sorveglianza'], [])),
        ...(await inspect('admin', admin, [explanation], [{ path: explanation, action: `${explanation}/verifiche`, values: { kind: 'unannounced', auditorId: '', scheduledOn: '01/01/2000' }, status: 400 }])),
        ...(await inspect('reviewer', reviewer, ['/area/decisioni/sorveglianza', reviewerCheck], [
          { path: reviewerCheck, action: `${reviewerCheck}/decisione`, values: { outcome: 'suspend', reasons: 'Formazione scaduta', publicNote: '' }, status: 400 },
          { path: reviewerCheck, action: `${reviewerCheck}/decisione`, values: { outcome: 'suspend', reasons: 'Formazione scaduta', publicNote: 'Sospeso dopo la sorveglianza' }, status: 200 },
        ])),
      };
      expect(found).toEqual({});
    },
    BROWSER_TIME,
  );
});
