import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { translate } from '../../../apps/api/src/pages/i18n';
import { validVatNumber } from '../../factories/firm.factory';
import { accessibilityViolations, DESKTOP, openBrowserOn, outputFolder } from '../../support/browser';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

const CERTIFICATE_NUMBER = /AQ-\d{4}-\d{6}/;
/** Long enough for a page on a loaded two-core machine, short enough to fail well inside the test's time. */
const STEP_TIMEOUT = 20_000;
/** The in-process worker renders the certificate PDF with its own Chromium: it may take a while under load. */
const PDF_WAIT_MS = 60_000;

const SMALL_PDF = '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n';

/** The details a firm types into the registration form, all valid. */
function firmForm(legalName: string, vatNumber: string): Record<string, string> {
  return {
    legalName,
    vatNumber,
    rocNumber: '24680',
    address: 'Via dei Browser 7',
    city: 'Torino',
    province: 'TO',
    pecAddress: 'viaggio@pec.it',
    website: 'https://www.viaggio.example.it',
  };
}

/** A VAT number that differs from a valid one only in its check digit. */
function wrongCheckDigit(vatNumber: string): string {
  return `${vatNumber.slice(0, 10)}${(Number(vatNumber[10]) + 1) % 10}`;
}

describe('the whole journey in a real browser, through the pages only', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let admin: SignedInUser;
  let auditor: SignedInUser;
  let reviewer: SignedInUser;
  let uploads: string;
  let evidencePdf: string;
  const screenshots = outputFolder('journey');
  const accessibility: Record<string, string[]> = {};

  beforeAll(async () => {
    testApp = await startTestApp({ env: { WORKER_IN_PROCESS: 'true' } });
    ({ browser, base } = await openBrowserOn(testApp));
    // Staff accounts do not sign up: an admin creates them, here directly.
    [admin, auditor, reviewer] = [await testApp.signIn('admin'), await testApp.signIn('auditor'), await testApp.signIn('reviewer')];
    uploads = mkdtempSync(join(tmpdir(), 'aq-journey-'));
    evidencePdf = join(uploads, 'procedura.pdf');
    writeFileSync(evidencePdf, SMALL_PDF, 'latin1');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    if (uploads) rmSync(uploads, { recursive: true, force: true });
  });

  /** A page in its own browser context: its own cookies, as a different person on a different computer. */
  async function newVisitor(): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    // axe-core is injected as an inline script, which the pages' Content-Security-Policy forbids.
    await page.setBypassCSP(true);
    await page.setViewport(DESKTOP);
    return page;
  }

  async function open(page: Page, path: string): Promise<number> {
    const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    return response?.status() ?? 0;
  }

  /** Clicks and waits for the page the click leads to; its HTTP status. */
  async function clickThrough(page: Page, selector: string): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
    return response?.status() ?? 0;
  }

  /** Posts a form by its button and expects the page after the redirect; shows the page's text when not. */
  async function submitOk(page: Page, button: string): Promise<void> {
    const status = await clickThrough(page, button);
    if (status !== 200) throw new Error(`${button} on ${page.url()} answered ${status}: ${await mainText(page)}`);
  }

  async function mainText(page: Page): Promise<string> {
    return (await page.evaluate(`document.querySelector('main').innerText`)) as string;
  }

  async function textOf(page: Page, selector: string): Promise<string> {
    return (await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).textContent.trim()`)) as string;
  }

  async function propertyOf(page: Page, selector: string, expression: string): Promise<string | null> {
    return (await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).${expression}`)) as string | null;
  }

  async function flash(page: Page): Promise<string> {
    return textOf(page, '.flash');
  }

  /** Types into a field as a paste or an input method does: the whole text at once, so a loaded machine is not slowed by one event per key. */
  async function typeText(page: Page, selector: string, text: string): Promise<void> {
    await page.focus(selector);
    await page.keyboard.sendCharacter(text);
  }

  async function typeInto(page: Page, fields: Record<string, string>): Promise<void> {
    for (const [id, value] of Object.entries(fields)) await typeText(page, `#${id}`, value);
  }

  /**
   * A full-page screenshot of the step; `checked` adds axe-core's findings on the page. axe is slow on a
   * loaded machine: it runs on the workspace's own pages (the public ones have their own browser test).
   */
  async function step(page: Page, name: string, checked: 'checked' | 'shot only' = 'shot only'): Promise<void> {
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    if (checked === 'shot only') return;
    const violations = await accessibilityViolations(page);
    if (violations.length > 0) accessibility[name] = violations;
  }

  async function signIn(page: Page, user: SignedInUser): Promise<void> {
    await open(page, '/accedi');
    await typeInto(page, { email: user.email, password: user.password });
    await submitOk(page, 'form[action="/accedi"] button[type="submit"]');
  }

  it('takes a firm from sign-up to a revoked rating, as each person does it in a browser', async () => {
    const legalName = 'Viaggio nel Browser S.r.l.';
    const vatNumber = validVatNumber();

    // 1. The firm signs up, registers, declares a calling number, applies with evidence for each item, submits.
    const firm = await newVisitor();
    await open(firm, '/registrati');
    await typeInto(firm, { displayName: 'Giulia Viaggio', email: 'giulia@viaggio.example.it', password: 'una-password-lunga-42' });
    await submitOk(firm, 'form[action="/registrati"] button[type="submit"]');
    expect(firm.url()).toBe(`${base}/area/azienda`);
    expect(await textOf(firm, 'h1')).toBe(translate('it', 'firm.ws.register.title'));
    await step(firm, '01-firm-signed-up', 'checked');

    await typeInto(firm, firmForm(legalName, vatNumber));
    await firm.click('input[name="serviceKind"][value="both"]');
    await submitOk(firm, 'form[action="/area/azienda"] button[type="submit"]');
    expect(await textOf(firm, 'h1')).toBe(legalName);
    expect(await flash(firm)).toBe(translate('it', 'firm.ws.registered'));
    await step(firm, '02-firm-registered');

    await clickThrough(firm, 'main a[href="/area/azienda/numeri"]');
    await typeText(firm, '#number', '011 555 0142');
    await submitOk(firm, 'form[action="/area/azienda/numeri"] button[type="submit"]');
    expect(await textOf(firm, 'table.data tbody th')).toBe('+39 011 555 0142');
    await step(firm, '03-number-declared');

    await clickThrough(firm, 'a[href="/area/azienda/domande"]');
    await submitOk(firm, '#start');
    const applicationUrl = firm.url();
    expect(applicationUrl).toMatch(/\/area\/azienda\/domande\/[0-9a-f-]{36}$/);
    await clickThrough(firm, 'table.data tbody tr:first-child th a');
    const answered: string[] = [];
    for (;;) {
      const code = firm.url().split('/').pop() as string;
      if ((await firm.$('input[name="compliance"]')) !== null) {
        await firm.click('input[name="compliance"][value="compliant"]');
        await typeText(firm, '#statement', 'Conforme.');
        await submitOk(firm, 'form:has(input[name="compliance"]) button[type="submit"]');
        const file = await firm.$('#file');
        await file!.uploadFile(evidencePdf);
        // Typed as a person does; the first of January reads the same whatever order the browser's locale expects.
        await firm.type('#effectiveDate', '01012026');
        await submitOk(firm, 'form:has(#file) button[type="submit"]');
        expect(await flash(firm)).toBe(translate('it', 'firm.ws.evidence.uploaded', { name: 'procedura.pdf', code }));
        answered.push(code);
      }
      if ((await firm.$('a[rel="next"]')) === null) break;
      await clickThrough(firm, 'a[rel="next"]');
    }
    expect(answered.length).toBeGreaterThanOrEqual(10);
    await clickThrough(firm, `nav.actions a[href="${new URL(applicationUrl).pathname}"]`);
    await submitOk(firm, 'form[action$="/invia"] button[type="submit"]');
    expect(await flash(firm)).toBe(translate('it', 'firm.ws.application.submitted'));
    expect(await mainText(firm)).toContain(translate('it', 'firm.ws.state.submitted'));
    await step(firm, '04-application-submitted', 'checked');

    // 2. The admin assigns the application to the auditor.
    const adminPage = await newVisitor();
    await signIn(adminPage, admin);
    await clickThrough(adminPage, 'a[href="/area/amministrazione/assegnazioni"]');
    await clickThrough(adminPage, 'table.data a::-p-text(Viaggio nel Browser)');
    await adminPage.select('#auditorId', auditor.id);
    await submitOk(adminPage, 'form:has(#auditorId) button[type="submit"]');
    expect(adminPage.url()).toBe(`${base}/area/amministrazione/assegnazioni`);
    expect(await textOf(adminPage, 'main .empty')).toBe(translate('it', 'admin.ws.assignments.empty'));
    await step(adminPage, '05-audit-assigned');

    // 3. The auditor finds every item met on the firm's evidence and proposes approval.
    const auditorPage = await newVisitor();
    await signIn(auditorPage, auditor);
    await clickThrough(auditorPage, 'table.data a::-p-text(Viaggio nel Browser)');
    // The overview first: progress and one row per item, each leading to the item's own page.
    expect(await mainText(auditorPage)).toContain(translate('it', 'auditScreen.progress.other', { assessed: 0, total: answered.length }));
    const overviewUrl = auditorPage.url();
    await clickThrough(auditorPage, 'table.data a[href*="/voci/"]');
    // The firm's answer and its note read as two pieces of text, not run together.
    expect(await mainText(auditorPage)).toMatch(new RegExp(`${translate('it', 'audit.ws.compliance.compliant')}\\s*\\nConforme\\.`));
    let assessed = 0;
    for (;;) {
      const form = 'form[action*="/voci/"]';
      if ((await auditorPage.$(form)) !== null) {
        const code = new URL(auditorPage.url()).pathname.split('/').pop() as string;
        await auditorPage.select(`${form} select[name="result"]`, 'met');
        await typeText(auditorPage, `${form} textarea[name="note"]`, 'Verificato.');
        await submitOk(auditorPage, `${form} button[type="submit"]`);
        // A save returns to the same item, with its confirmation.
        expect(new URL(auditorPage.url()).pathname.endsWith(`/voci/${code}`)).toBe(true);
        expect(await flash(auditorPage)).toBe(translate('it', 'audit.ws.flash.itemSaved', { code }));
        assessed += 1;
        if (assessed === 1) await step(auditorPage, '06a-audit-item-saved', 'checked');
      }
      if ((await auditorPage.$('a[rel="next"]')) === null) break;
      await clickThrough(auditorPage, 'a[rel="next"]');
    }
    expect(assessed).toBe(answered.length);
    await open(auditorPage, new URL(overviewUrl).pathname);
    expect(await mainText(auditorPage)).toContain(translate('it', 'auditScreen.progress.other', { assessed, total: answered.length }));
    await auditorPage.click('input[name="outcome"][value="approve"]');
    await submitOk(auditorPage, 'form[action$="/proposta"] button[type="submit"]');
    expect(await flash(auditorPage)).toBe(translate('it', 'audit.ws.flash.proposed.approve'));
    await step(auditorPage, '06-approval-proposed', 'checked');

    // 4. The reviewer approves from the decision queue; the page shows the certificate number.
    const reviewerPage = await newVisitor();
    await signIn(reviewerPage, reviewer);
    expect(reviewerPage.url()).toBe(`${base}/area/decisioni`);
    await clickThrough(reviewerPage, 'table.data a::-p-text(Viaggio nel Browser)');
    await reviewerPage.click('input[name="outcome"][value="approve"]');
    await submitOk(reviewerPage, 'form[action$="/decisione"] button[type="submit"]');
    // The decision is final and public: a page of its own asks first, and says who will see it.
    expect(await mainText(reviewerPage)).toContain(translate('it', 'confirm.approve.who'));
    await step(reviewerPage, '07a-decision-confirmation', 'checked');
    await submitOk(reviewerPage, 'form.confirm-form button[type="submit"]');
    const certificateNumber = CERTIFICATE_NUMBER.exec(await textOf(reviewerPage, 'section[aria-labelledby="decision-title"]'))?.[0] as string;
    expect(certificateNumber).toMatch(CERTIFICATE_NUMBER);
    expect(await flash(reviewerPage)).toBe(translate('it', 'review.ws.flash.approved', { number: certificateNumber }));
    await step(reviewerPage, '07-rating-approved', 'checked');

    // 5. Anyone verifies the certificate and downloads its PDF, once the worker has rendered it.
    const visitor = await newVisitor();
    await open(visitor, '/verifica');
    await typeText(visitor, '#numero', certificateNumber);
    await clickThrough(visitor, 'form[action="/verifica"] button[type="submit"]');
    expect(visitor.url()).toBe(`${base}/verifica/${certificateNumber}`);
    expect(await textOf(visitor, '#verify-outcome')).toBe('Attestato VALIDO');
    await step(visitor, '08-certificate-valid');

    await clickThrough(visitor, `#verify-outcome ~ p a[href="/registro/${vatNumber}"]`);
    const pdfLink = 'a[type="application/pdf"]';
    for (const giveUpAt = Date.now() + PDF_WAIT_MS; (await visitor.$(pdfLink)) === null; ) {
      if (Date.now() > giveUpAt) throw new Error(`No certificate PDF on the firm's page after ${PDF_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await visitor.reload({ waitUntil: 'load' });
    }
    const pdfUrl = (await visitor.evaluate(`document.querySelector('${pdfLink}').href`)) as string;
    const pdf = await fetch(pdfUrl);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await step(visitor, '09-certificate-pdf');

    // 6. The reviewer revokes the rating, with a reason category and a public note.
    const publicNote = 'Chiamate senza consenso verificate dopo il rilascio.';
    await clickThrough(reviewerPage, 'a[href^="/area/decisioni/aziende/"]');
    await reviewerPage.select('form[action$="/revoca"] select[name="reason"]', 'irregularities');
    await typeText(reviewerPage, 'form[action$="/revoca"] textarea[name="publicNote"]', publicNote);
    await submitOk(reviewerPage, 'form[action$="/revoca"] button[type="submit"]');
    expect(await mainText(reviewerPage)).toContain(publicNote);
    await step(reviewerPage, '10a-revocation-confirmation', 'checked');
    await submitOk(reviewerPage, 'form.confirm-form button[type="submit"]');
    expect(await flash(reviewerPage)).toBe(translate('it', 'review.ws.flash.revoke', { number: certificateNumber }));
    expect(await textOf(reviewerPage, `section[aria-labelledby="rating-${certificateNumber}"] .badge`)).toBe(translate('it', 'status.revoked'));
    await step(reviewerPage, '10-rating-revoked', 'checked');

    // 7. The public pages say so.
    await open(visitor, `/verifica/${certificateNumber}`);
    expect(await textOf(visitor, '#verify-outcome')).toBe('Attestato REVOCATO');
    expect(await mainText(visitor)).toContain(publicNote);
    await step(visitor, '11-public-verification-revoked');

    await open(visitor, `/registro/${vatNumber}`);
    expect(await textOf(visitor, '.panel .badge')).toBe(translate('it', 'status.revoked'));
    expect(await textOf(visitor, '.panel .note')).toContain(publicNote);
    expect(await mainText(visitor)).toContain(translate('it', 'reason.irregularities'));
    await step(visitor, '12-public-registry-revoked');

    expect(accessibility).toEqual({});
  });

  it('forms reject bad input with the message next to the field', async () => {
    const page = await newVisitor();
    await open(page, '/registrati');
    await typeInto(page, { displayName: 'Marco Errori', email: 'marco@errori.example.it', password: 'una-password-lunga-43' });
    await submitOk(page, 'form[action="/registrati"] button[type="submit"]');

    const wrongVat = wrongCheckDigit(validVatNumber());
    await typeInto(page, firmForm('Errori di Battitura S.r.l.', wrongVat));
    await page.click('input[name="serviceKind"][value="inbound"]');
    expect(await clickThrough(page, 'form[action="/area/azienda"] button[type="submit"]')).toBe(400);

    const message = translate('it', 'firm.ws.error.vatNumber');
    expect(await propertyOf(page, '#vatNumber', `getAttribute('aria-invalid')`)).toBe('true');
    expect(await propertyOf(page, '#vatNumber', `getAttribute('aria-describedby')`)).toContain('vatNumber-error');
    expect(await page.evaluate(`document.querySelector('#vatNumber').closest('.field').querySelector('#vatNumber-error').textContent.trim()`)).toBe(message);
    expect(await textOf(page, '.error-summary a[href="#vatNumber"]')).toBe(message);
    // What was typed is kept, and the other fields are not marked.
    expect(await propertyOf(page, '#vatNumber', 'value')).toBe(wrongVat);
    expect(await propertyOf(page, '#legalName', 'value')).toBe('Errori di Battitura S.r.l.');
    expect(await page.$$('[aria-invalid="true"]')).toHaveLength(1);
    await page.screenshot({ path: join(screenshots, 'bad-input-firm-registration.png'), fullPage: true });

    // Nothing was registered: the firm's home is still the registration form.
    await open(page, '/area/azienda');
    expect(await textOf(page, 'h1')).toBe(translate('it', 'firm.ws.register.title'));
  });

  it('refuses a form post without the CSRF token', async () => {
    const page = await newVisitor();
    await open(page, '/accedi');
    await page.evaluate(`document.querySelector('input[name="_csrf"]').remove()`);
    await typeInto(page, { email: reviewer.email, password: reviewer.password });
    expect(await clickThrough(page, 'form[action="/accedi"] button[type="submit"]')).toBe(403);
    expect(await textOf(page, 'h1')).toBe('Modulo scaduto');
    await page.screenshot({ path: join(screenshots, 'csrf-refused.png'), fullPage: true });

    // Not signed in: the workspace still sends the visitor to the sign-in page.
    await open(page, '/area/decisioni');
    expect(new URL(page.url()).pathname).toBe('/accedi');
  });
});
