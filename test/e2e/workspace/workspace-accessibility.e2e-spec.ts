import { romeCalendarDate } from '@app/core';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { openApplication, submittedApplication as answeredAndSubmitted, uploadEvidence } from '../../factories/application.factory';
import { AssignedAudit, assignedAudit, proposedAudit } from '../../factories/audit.factory';
import { registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { IssuedRating, ratedFirm } from '../../factories/rating.factory';
import { declareNumber } from '../../factories/registry.factory';
import { DESKTOP, openBrowserOn, PHONE, seriousProblemsOn, signedInPage } from '../../support/browser';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

type Viewport = typeof PHONE | typeof DESKTOP;

/** A form to post with bad input: the page it is on, its action, the values typed (radios by value, left out = untouched). */
interface BadForm {
  readonly page: string;
  readonly action: string;
  readonly values: Readonly<Record<string, string>>;
}

/** What one signed-in person looks at: pages to read, and forms to get wrong. */
interface Visit {
  readonly who: string;
  readonly user: SignedInUser;
  readonly pages: readonly string[];
  readonly badForms: readonly BadForm[];
}

const ADMIN = '/area/amministrazione';
/** Dozens of pages, each checked twice by axe in Chromium on a shared machine. */
const MANY_PAGES = 600_000;
const VIEWPORTS: readonly Viewport[] = [PHONE, DESKTOP];

describe('the workspace pages in a browser: accessible (axe-core), readable on a phone, usable with the keyboard', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let admin: SignedInUser;
  let reviewer: SignedInUser;
  /** A firm with numbers and sites, its application in audit (half worked) with a question from the auditor. */
  let firmInAudit: RegisteredFirm;
  let audit: AssignedAudit;
  let requestId: string;
  /** A firm whose application is still a draft, with one answer and one document. */
  let draftFirm: RegisteredFirm;
  let draftId: string;
  /** A newcomer without a firm yet. */
  let newcomer: SignedInUser;
  let proposed: AssignedAudit;
  let rated: IssuedRating;
  let taskId: string;
  let sanctionId: string;
  let awaitingAssignment: string;
  /** An open site of the firm in audit, whose closing asks for confirmation on a page of its own. */
  let siteId: string;

  beforeAll(async () => {
    // A renewal window longer than the validity: the rated firm's home shows the renewal form, and its renewal draft can be opened.
    testApp = await startTestApp({ env: { RENEWAL_WINDOW_DAYS: '365', RATING_VALIDITY_MONTHS: '6' } });
    ({ browser, base } = await openBrowserOn(testApp));
    admin = await testApp.signIn('admin');
    reviewer = await testApp.signIn('reviewer');

    firmInAudit = await registerFirm(testApp, { legalName: 'Accessibile Contact S.r.l.' });
    await declareNumber(testApp, firmInAudit, '06 5558001');
    await declareNumber(testApp, firmInAudit, '347 555 8002');
    for (const [name, city, country] of [['Sede di Roma', 'Roma', 'IT'], ['Sede di Tirana', 'Tirana', 'AL']]) {
      siteId = (await testApp.http.post(`/api/v1/firms/${firmInAudit.id}/sites`).set(firmInAudit.owner.auth).send({ name, address: 'Via Nazionale 10', city, country }).expect(201)).body.id as string;
    }
    audit = await assignedAudit(testApp, { firm: firmInAudit, admin });
    await testApp.http.put(`/api/v1/audits/${audit.auditId}/items/CA-01`).set(audit.auditor.auth).send({ result: 'met', note: 'Documento verificato', evidenceIds: [audit.evidence['CA-01']] }).expect(200);
    const asked = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/information-requests`)
      .set(audit.auditor.auth)
      .send({ itemCode: 'TR-01', question: 'Inviate il registro presenze del corso.' })
      .expect(201);
    requestId = asked.body.id as string;

    draftFirm = await registerFirm(testApp, { legalName: 'Bozza Accessibile S.r.l.' });
    draftId = await openApplication(testApp, draftFirm);
    await testApp.http.put(`/api/v1/applications/${draftId}/answers/CA-01`).set(draftFirm.owner.auth).send({ compliance: 'compliant', statement: 'Conforme' }).expect(200);
    await uploadEvidence(testApp, draftFirm, draftId, 'CA-01', { name: 'delibera.pdf' }).expect(201);

    newcomer = await testApp.signIn('firm');
    proposed = await proposedAudit(testApp, { admin, firm: await registerFirm(testApp, { legalName: 'Proposta Accessibile S.p.A.' }) });
    rated = await ratedFirm(testApp, { legalName: 'Sanzionata Accessibile S.r.l.' });
    await declareNumber(testApp, rated.firm, '02 5558003');
    const today = romeCalendarDate(new Date());
    const sanction = { firmId: rated.firm.id, authority: 'garante_privacy', conductCategory: 'data_protection', imposedOn: today, sourceUrl: 'https://www.garanteprivacy.it/' };
    await testApp.http.post('/api/v1/sanctions').set(admin.auth).send({ ...sanction, reference: 'doc. web n. 1001', definitiveOn: today }).expect(201);
    const underAppeal = await testApp.http.post('/api/v1/sanctions').set(admin.auth).send({ ...sanction, reference: 'doc. web n. 1002', amountCents: 1_500_000 }).expect(201);
    sanctionId = underAppeal.body.id as string;
    const tasks = (await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200)).body as { id: string; firmId: string }[];
    taskId = tasks.find((task) => task.firmId === rated.firm.id)!.id;
    awaitingAssignment = await answeredAndSubmitted(testApp, await registerFirm(testApp, { legalName: 'In Attesa Accessibile S.r.l.' }));
    // Each staff home lists something to do: the auditor a second, untouched assignment; the admin a late line (a message not delivered).
    await assignedAudit(testApp, { admin, auditor: audit.auditor, firm: await registerFirm(testApp, { legalName: 'Nuova Assegnazione Accessibile S.r.l.' }) });
    await testApp.app.get(DataSource).query(`UPDATE mail_message SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = (SELECT id FROM mail_message ORDER BY created_at LIMIT 1)`);
  }, MANY_PAGES);
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  /** A browser context of its own (cookies, session) signed in through the sign-in page. */
  async function signedIn(user: SignedInUser): Promise<{ context: BrowserContext; page: Page }> {
    const page = await signedInPage(browser, base, user);
    return { context: page.browserContext(), page };
  }

  /** The page as it is now: axe's serious and critical violations, and sideways scrolling on a phone. */

  /** Fills the form with this action (setting a radio group's value checks that radio) and sends it as a person would. */
  async function post(page: Page, form: BadForm): Promise<number> {
    await page.goto(`${base}${form.page}`, { waitUntil: 'load' });
    const selector = `form[action="${form.action}"]`;
    const filled = await page.evaluate(`(() => {
      const form = document.querySelector(${JSON.stringify(selector)});
      if (!form) return false;
      for (const [name, value] of Object.entries(${JSON.stringify(form.values)})) form.elements.namedItem(name).value = value;
      return true;
    })()`);
    if (!filled) throw new Error(`No form posting to ${form.action} on ${form.page}`);
    // Sent from the keyboard, which every form must allow.
    await page.focus(`${selector} button[type="submit"]`);
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response?.status() ?? 0;
  }

  /** Every page and every refused form of the visit, on a phone and on a desktop; the problems found, by page. */
  async function inspect(visit: Visit): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    const { context, page } = await signedIn(visit.user);
    try {
      for (const viewport of VIEWPORTS) {
        await page.setViewport(viewport);
        for (const path of visit.pages) {
          const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
          const problems = await seriousProblemsOn(page, viewport);
          if (response?.status() !== 200) problems.unshift(`HTTP ${response?.status()}`);
          if (problems.length > 0) found[`${visit.who} ${viewport.width}px ${path}`] = problems;
        }
        for (const form of visit.badForms) {
          const where = `${visit.who} ${viewport.width}px POST ${form.action} (from ${form.page})`;
          try {
            const status = await post(page, form);
            const problems = await seriousProblemsOn(page, viewport);
            if (status < 400) problems.unshift(`HTTP ${status}: the bad input was not refused`);
            if (!(await page.evaluate(`document.querySelector('.error-summary, p.error') !== null`))) problems.unshift('no error shown');
            if (problems.length > 0) found[where] = problems;
          } catch (error) {
            found[where] = [(error as Error).message];
          }
        }
      }
    } finally {
      await context.close();
    }
    return found;
  }

  it("firm users: the firm's pages, numbers, sites, applications, answers and documents, with their errors", async () => {
    const application = `/area/azienda/domande/${audit.applicationId}`;
    const draft = `/area/azienda/domande/${draftId}`;
    const renewal = await testApp.http.post(`/api/v1/ratings/${rated.rating.id}/renewal`).set(rated.firm.owner.auth).expect(201);
    const visits: Visit[] = [
      {
        who: 'firm in audit',
        user: firmInAudit.owner,
        pages: [
          '/area/azienda',
          '/area/azienda/numeri',
          '/area/azienda/numeri/importa',
          '/area/azienda/sedi',
          `/area/azienda/sedi/${siteId}/chiudi`,
          '/area/azienda/domande',
          application,
          `${application}/voci/CA-01`,
          '/area/password',
          '/area/azienda?lang=en',
        ],
        badForms: [
          { page: '/area/azienda/numeri', action: '/area/azienda/numeri', values: { number: '12' } },
          { page: '/area/azienda/numeri/importa', action: '/area/azienda/numeri/importa', values: {} },
          { page: '/area/azienda/sedi', action: '/area/azienda/sedi', values: { name: '', address: '', city: 'Tirana', country: 'XX' } },
          { page: application, action: `${application}/richieste/${requestId}/risposta`, values: { [`answer-${requestId}`]: '' } },
          { page: '/area/password', action: '/area/password', values: {} },
        ],
      },
      {
        who: 'firm with a draft',
        user: draftFirm.owner,
        pages: [draft, `${draft}/voci/CA-01`, `${draft}/voci/CA-02`],
        badForms: [
          { page: `${draft}/voci/CA-02`, action: `${draft}/voci/CA-02`, values: { statement: 'Nota' } },
          { page: `${draft}/voci/CA-02`, action: `${draft}/voci/CA-02/documenti`, values: { effectiveDate: '2026-01-12' } },
          { page: draft, action: `${draft}/invia`, values: {} },
        ],
      },
      {
        who: 'rated firm',
        user: rated.firm.owner,
        pages: ['/area/azienda', '/area/azienda/numeri', `/area/azienda/domande/${renewal.body.application.id as string}`],
        badForms: [],
      },
      {
        who: 'newcomer',
        user: newcomer,
        pages: ['/area/azienda'],
        badForms: [{ page: '/area/azienda', action: '/area/azienda', values: { legalName: 'Nuova S.r.l.', vatNumber: '12345678901', province: 'Milano', pecAddress: 'non-una-pec' } }],
      },
    ];
    const found: Record<string, string[]> = {};
    for (const visit of visits) Object.assign(found, await inspect(visit));
    expect(found).toEqual({});
  }, MANY_PAGES);

  it('the auditor: the queue and the audit screen, with an item and a question refused', async () => {
    const screen = `/area/verifiche/${audit.auditId}`;
    const found = await inspect({
      who: 'auditor',
      user: audit.auditor,
      pages: ['/area/verifiche', '/area/verifiche?stato=decided', screen, `${screen}?lang=en`, `${screen}/voci/CA-01`, `${screen}/voci/TR-01?lang=en`],
      badForms: [
        { page: `${screen}/voci/CA-01`, action: `${screen}/voci/CA-01`, values: { result: '', note: 'Da vedere' } },
        { page: `${screen}/voci/TR-03`, action: `${screen}/voci/TR-03`, values: { result: 'minor_nc', description: 'x' } },
        { page: screen, action: `${screen}/richieste`, values: { itemCode: 'TR-01', question: '' } },
      ],
    });
    expect(found).toEqual({});
  }, MANY_PAGES);

  it('the reviewer: decisions, ratings, a firm with sanctions and the review tasks, with their errors', async () => {
    const decision = `/area/decisioni/verifiche/${proposed.auditId}`;
    const firm = `/area/decisioni/aziende/${rated.firm.id}`;
    const found = await inspect({
      who: 'reviewer',
      user: reviewer,
      pages: ['/area/decisioni', decision, '/area/decisioni/rating', '/area/decisioni/rating?q=Accessibile', '/area/decisioni/rating?q=nessuna-azienda', firm, '/area/decisioni/revisioni', '/area/decisioni/revisioni?lang=en'],
      badForms: [
        { page: decision, action: `${decision}/decisione`, values: {} },
        { page: decision, action: `${decision}/decisione`, values: { outcome: 'refuse', reasons: ' ' } },
        { page: firm, action: `/area/decisioni/rating/${rated.rating.id}/sospensione`, values: { publicNote: '' } },
        { page: '/area/decisioni/revisioni', action: `/area/decisioni/revisioni/${taskId}/chiusura`, values: { note: '' } },
      ],
    });
    // The page that asks before a revocation (answering the form, nothing revoked yet).
    const { context, page } = await signedIn(reviewer);
    try {
      for (const viewport of VIEWPORTS) {
        await page.setViewport(viewport);
        const status = await post(page, { page: firm, action: `/area/decisioni/rating/${rated.rating.id}/revoca`, values: { reason: 'irregularities', publicNote: 'Nota pubblica di prova' } });
        const problems = await seriousProblemsOn(page, viewport);
        if (status !== 200 || !(await page.evaluate(`document.querySelector('form.confirm-form') !== null`))) problems.unshift(`HTTP ${status}: no confirmation page`);
        if (problems.length > 0) found[`reviewer ${viewport.width}px revocation confirmation`] = problems;
      }
    } finally {
      await context.close();
    }
    expect(found).toEqual({});
  }, MANY_PAGES);

  it('the admin: users, assignments, sanctions, checklist, jobs and history, with their errors', async () => {
    const checklist = (await testApp.http.get('/api/v1/checklist').expect(200)).body as { id: string };
    const found = await inspect({
      who: 'admin',
      user: admin,
      pages: [
        ADMIN,
        `${ADMIN}/utenti`,
        `${ADMIN}/utenti?role=firm`,
        `${ADMIN}/utenti/nuovo`,
        `${ADMIN}/utenti/${audit.auditor.id}`,
        `${ADMIN}/assegnazioni`,
        `${ADMIN}/assegnazioni/${awaitingAssignment}`,
        `${ADMIN}/sanzioni`,
        `${ADMIN}/sanzioni/nuova`,
        `${ADMIN}/sanzioni/${sanctionId}`,
        `${ADMIN}/checklist`,
        `${ADMIN}/checklist/nuova`,
        `${ADMIN}/checklist/${checklist.id}`,
        `${ADMIN}/job`,
        `${ADMIN}/storico`,
        `${ADMIN}/storico/verifica`,
        `${ADMIN}?lang=en`,
      ],
      badForms: [
        { page: `${ADMIN}/utenti/nuovo`, action: `${ADMIN}/utenti`, values: { displayName: 'Rita Revisore', email: 'non-una-email', password: 'una-password-lunga', role: 'reviewer' } },
        { page: `${ADMIN}/utenti/${admin.id}`, action: `${ADMIN}/utenti/${admin.id}/ruolo`, values: { role: 'auditor' } },
        { page: `${ADMIN}/assegnazioni/${awaitingAssignment}`, action: `${ADMIN}/assegnazioni/${awaitingAssignment}`, values: { auditorId: '' } },
        { page: `${ADMIN}/sanzioni/nuova`, action: `${ADMIN}/sanzioni`, values: { reference: 'Provvedimento n. 42', amount: 'mille', imposedOn: '2024-02-30', sourceUrl: 'http://insicuro.example.it' } },
        { page: `${ADMIN}/sanzioni/${sanctionId}`, action: `${ADMIN}/sanzioni/${sanctionId}/annullamento`, values: { reason: '' } },
        { page: `${ADMIN}/checklist/nuova`, action: `${ADMIN}/checklist`, values: { version: 'nuova' } },
      ],
    });
    expect(found).toEqual({});
  }, MANY_PAGES);

  it("goes first to the skip link with the keyboard on a signed-in page, and the link leads to the page's content", async () => {
    const { context, page } = await signedIn(reviewer);
    try {
      await page.goto(`${base}/area/decisioni`, { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Vai al contenuto');
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('contenuto');
    } finally {
      await context.close();
    }
  });
});
