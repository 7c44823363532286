import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { issueRating } from '../../factories/rating.factory';
import { listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { fileReport } from '../../factories/report.factory';
import { accessibilityViolations, DESKTOP, FITS_THE_SCREEN, openBrowserOn, PHONE } from '../../support/browser';
import { startTestApp, TestApp } from '../../support/test-app';

describe('the public pages in a browser: accessible, readable on a phone, no script needed', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  const paths: string[] = [];
  /** The front door's information pages, checked on a phone and on a desktop in both languages. */
  const frontDoor = ['/', '/il-bollino', '/decalogo', '/lista-di-controllo', '/statistiche', '/accessibilita', '/privacy'].flatMap((path) => [path, `${path}?lang=en`]);

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));

    const active = await listedFirm(testApp, { legalName: 'Società Accessibile S.r.l.', numbers: ['06 5559001', '347 555 9001'] });
    const reviewer = await testApp.signIn('reviewer');
    const report = await fileReport(testApp, { number: '06 5559001' });
    await testApp.http.post(`/api/v1/report-triage/${report.id}/forward`).set(reviewer.auth).send({}).expect(200);
    await testApp.http.post(`/api/v1/report-triage/${report.id}/close`).set(reviewer.auth).send({ substantiated: true, note: 'Verificata' }).expect(200);
    const suspended = await listedFirm(testApp, { legalName: 'Sospesa Accessibile S.r.l.' });
    await suspendRating(testApp, suspended, 'Verifiche in corso');
    const revoked = await listedFirm(testApp, { legalName: 'Revocata Accessibile S.r.l.' });
    await revokeRating(testApp, revoked, 'Chiamate senza consenso\nsu più numeri');
    // Renewed in time: the firm page shows when the new period starts, the old certificate reads as replaced.
    const renewed = await listedFirm(testApp, { legalName: 'Rinnovata Accessibile S.r.l.' });
    await issueRating(testApp, renewed.firm.id, renewed.reviewer);
    paths.push(
      '/registro',
      '/registro?q=accessibile',
      '/registro?q=ab&provincia=xyz',
      `/registro/${active.firm.vatNumber}`,
      `/registro/${suspended.firm.vatNumber}`,
      `/registro/${revoked.firm.vatNumber}?lang=en`,
      '/verifica',
      `/verifica/${active.rating.certificateNumber}`,
      `/verifica/${revoked.rating.certificateNumber}`,
      '/verifica/AQ-2019-999999?lang=en',
      '/verifica?numero=AQ-1',
      '/verifica/documento',
      '/verifica/documento?lang=en',
      '/chi-mi-ha-chiamato',
      '/chi-mi-ha-chiamato?numero=065559001',
      '/chi-mi-ha-chiamato?numero=065559999',
      '/chi-mi-ha-chiamato?numero=abc',
      '/registro/01234567897',
      '/segnala',
      '/accedi',
      '/registrati?lang=en',
      '/pagina-che-non-esiste',
      ...frontDoor,
      `/registro/${renewed.firm.vatNumber}`,
      `/verifica/${renewed.rating.certificateNumber}`,
      `/verifica/${renewed.rating.certificateNumber}?lang=en`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('has no WCAG 2.2 A/AA violations (axe-core), on a phone and on a desktop', async () => {
    const page = await browser.newPage();
    // The pages' Content-Security-Policy forbids inline scripts, axe's included.
    await page.setBypassCSP(true);
    const found: Record<string, string[]> = {};
    // Every page on a phone; the layouts that change on a wide screen (search, firm, verification, the front door) on a desktop.
    for (const [viewport, checked] of [[PHONE, paths], [DESKTOP, [...paths.slice(1, 5), ...frontDoor]]] as const) {
      await page.setViewport(viewport);
      for (const path of checked) {
        await page.goto(`${base}${path}`, { waitUntil: 'load' });
        const violations = await accessibilityViolations(page);
        if (violations.length > 0) found[`${viewport.width}px ${path}`] = violations;
      }
    }
    await page.close();
    expect(found).toEqual({});
  });

  it('fits a 360-pixel-wide phone screen without sideways scrolling', async () => {
    const page = await browser.newPage();
    await page.setViewport(PHONE);
    const overflowing: string[] = [];
    for (const path of paths) {
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      const fits = await page.evaluate(FITS_THE_SCREEN);
      if (!fits) overflowing.push(path);
    }
    await page.close();
    expect(overflowing).toEqual([]);
  });

  it('works with the keyboard and without JavaScript: skip link first, forms submit by GET', async () => {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.goto(`${base}/chi-mi-ha-chiamato`, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Vai al contenuto');
    await page.focus('#numero');
    await page.keyboard.type('06 5559001');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(`${base}/chi-mi-ha-chiamato?numero=06+5559001`);
    expect(await page.evaluate(`document.querySelector('#phone-result').textContent`)).toBe('Il numero +39 06 555 9001 è dichiarato da questa azienda del registro.');

    await page.goto(`${base}/verifica`, { waitUntil: 'load' });
    await page.focus('#numero');
    await page.keyboard.type('aq-2019-999999');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(`${base}/verifica/AQ-2019-999999`);
    expect(await page.evaluate(`document.querySelector('#verify-outcome').textContent`)).toBe('Attestato sconosciuto');
    await page.close();
  });

  it('verifies an uploaded PDF without JavaScript, and shows the answer accessibly', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aq-upload-'));
    const file = join(folder, 'attestato.pdf');
    writeFileSync(file, '%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
    try {
      for (const javaScript of [false, true]) {
        const page = await browser.newPage();
        await page.setBypassCSP(true);
        await page.setJavaScriptEnabled(javaScript);
        await page.goto(`${base}/verifica/documento`, { waitUntil: 'load' });
        const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#file')]);
        await chooser.accept([file]);
        await Promise.all([page.waitForNavigation(), page.click('form.panel-form button[type="submit"]')]);
        expect(await page.evaluate(`document.querySelector('#verify-outcome').textContent`)).toBe('Documento non rilasciato dal registro');
        if (javaScript) expect(await accessibilityViolations(page)).toEqual([]);
        await page.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
