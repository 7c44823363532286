import type { Browser, Page } from 'puppeteer-core';
import { romeCalendarDate } from '@app/core';
import { proposedAudit } from '../../factories/audit.factory';
import { listedFirm, ListedFirm } from '../../factories/registry.factory';
import { DESKTOP, openBrowserOn, PHONE, seriousProblemsOn, signedInPage } from '../../support/browser';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

const BROWSER_TIME = 300_000;

/** The appeals pages in Chromium, for the three roles: the list with its forms (a rating, a refusal, a surveillance check), a refused form, and a confirmation page. */
describe('the appeals pages in a browser: accessible (axe-core) and readable on a phone', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let admin: SignedInUser;
  let member: SignedInUser;
  let revoked: ListedFirm;
  let underReview: ListedFirm;
  let underReviewAppeal: string;
  let filedAppeal: string;
  let refused: { applicationId: string; owner: { email: string; password: string } };
  let checked: { checkId: string; owner: { email: string; password: string } };

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    admin = await testApp.signIn('admin');
    member = await testApp.signIn('reviewer');
    const decider = await testApp.signIn('reviewer');
    const revokedFirm = async () => {
      const listed = await listedFirm(testApp);
      await testApp.http.post(`/api/v1/ratings/${listed.rating.id}/revoke`).set(decider.auth).send({ reason: 'irregularities', publicNote: 'Chiamate senza consenso' }).expect(200);
      return listed;
    };
    revoked = await revokedFirm();
    underReview = await revokedFirm();
    const appeal = async (listed: ListedFirm) =>
      (await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: 'Le chiamate non sono nostre: tabulati allegati.' }).expect(201)).body.id as string;
    underReviewAppeal = await appeal(underReview);
    filedAppeal = await appeal(await revokedFirm());
    await testApp.http.post(`/api/v1/appeals/${underReviewAppeal}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    const audit = await proposedAudit(testApp, { admin });
    await testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(decider.auth).send({ outcome: 'refuse', reasons: 'Formazione non documentata' }).expect(201);
    refused = { applicationId: audit.applicationId, owner: audit.firm.owner };

    // A surveillance check that suspended a rating, for the firm's form against its outcome.
    const surveilled = await listedFirm(testApp);
    const plan = (await testApp.http.post('/api/v1/surveillance/plans').set(admin.auth).send({ year: Number(romeCalendarDate(testApp.clock.now()).slice(0, 4)), samplePercent: 100 }).expect(201)).body;
    const entry = plan.entries.find((each: { firmId: string }) => each.firmId === surveilled.firm.id);
    const auditor = await testApp.signIn('auditor');
    const check = (await testApp.http.post('/api/v1/surveillance/checks').set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id }).expect(201)).body;
    for (const itemCode of plan.itemCodes as string[]) await testApp.http.put(`/api/v1/surveillance/checks/${check.id}/items/${itemCode}`).set(auditor.auth).send({ result: 'major_nc' }).expect(200);
    await testApp.http.post(`/api/v1/surveillance/checks/${check.id}/proposal`).set(auditor.auth).send({ outcome: 'suspend', reasons: 'Formazione scaduta' }).expect(200);
    await testApp.http.post(`/api/v1/surveillance/checks/${check.id}/decision`).set(decider.auth).send({ outcome: 'suspend', reasons: 'Formazione scaduta', publicNote: 'Sospeso dopo la verifica' }).expect(200);
    checked = { checkId: check.id as string, owner: surveilled.firm.owner };
  }, BROWSER_TIME);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });



  /** Sends the form with this action from the keyboard, its fields filled as given (`tick`: the checkbox with that value); the status of the answer. */
  async function send(page: Page, action: string, values: Record<string, string>): Promise<number> {
    await page.goto(`${base}/area/ricorsi`, { waitUntil: 'load' });
    const selector = `form[action="${action}"]`;
    await page.evaluate(`(() => {
      const form = document.querySelector(${JSON.stringify(selector)});
      for (const [name, value] of Object.entries(${JSON.stringify(values)})) {
        if (name === 'tick') { form.querySelector('input[type="checkbox"][value="' + value + '"]').checked = true; continue; }
        const field = form.elements.namedItem(name);
        if (field instanceof RadioNodeList) { for (const radio of field) radio.checked = radio.value === value; } else field.value = value;
      }
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
        const response = await page.goto(`${base}/area/ricorsi`, { waitUntil: 'load' });
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
    'has no serious problem for the firm, the admin and a panel member, on a phone and a desktop, nor on the refused forms and the confirmation pages',
    async () => {
      const found = {
        ...(await inspect('firm', revoked.firm.owner, [
          { action: `/area/ricorsi/nuovo/${revoked.rating.id}`, values: { reasons: 'no' }, status: 400 },
          { action: `/area/ricorsi/nuovo/${revoked.rating.id}`, values: { reasons: 'Le chiamate non sono nostre, ecco perché.' }, status: 200 },
        ])),
        ...(await inspect('firm refused', refused.owner, [
          { action: `/area/ricorsi/rifiuto/${refused.applicationId}`, values: { reasons: 'no' }, status: 400 },
          { action: `/area/ricorsi/rifiuto/${refused.applicationId}`, values: { reasons: 'Il corso era documentato nel registro.' }, status: 200 },
        ])),
        ...(await inspect('firm after a surveillance check', checked.owner, [
          { action: `/area/ricorsi/verifica/${checked.checkId}`, values: { reasons: 'no' }, status: 400 },
          { action: `/area/ricorsi/verifica/${checked.checkId}`, values: { reasons: 'Il registro della formazione era aggiornato.' }, status: 200 },
        ])),
        ...(await inspect('firm with an appeal', underReview.firm.owner, [{ action: `/area/ricorsi/${underReviewAppeal}/documenti`, values: {}, status: 400 }])),
        ...(await inspect('admin', admin, [
          { action: `/area/ricorsi/${filedAppeal}/collegio`, values: {}, status: 400 },
          { action: `/area/ricorsi/${filedAppeal}/collegio`, values: { tick: member.id }, status: 200 },
        ])),
        ...(await inspect('panel member', member, [
          { action: `/area/ricorsi/${underReviewAppeal}/decisione`, values: { reasons: 'x' }, status: 400 },
          { action: `/area/ricorsi/${underReviewAppeal}/decisione`, values: { outcome: 'dismissed', reasons: 'Le prove non bastano' }, status: 200 },
        ])),
      };
      expect(found).toEqual({});
    },
    BROWSER_TIME,
  );
});
