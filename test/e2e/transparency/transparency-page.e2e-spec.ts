import type { Browser } from 'puppeteer-core';
import { ratedFirm } from '../../factories/rating.factory';
import { accessibilityViolations, DESKTOP, FITS_THE_SCREEN, openBrowserOn, PHONE } from '../../support/browser';
import { startTestApp, TestApp } from '../../support/test-app';

describe('the "Registro trasparente" page', () => {
  let testApp: TestApp;
  let certificateNumber: string;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('explains the log in Italian and English, shows the latest checkpoint and how to run the monitor, and is in the footer', async () => {
    const empty = await testApp.http.get('/registro-trasparente').expect(200);
    expect(empty.text).toContain('Non è ancora stato pubblicato un punto di controllo.');
    const { rating } = await ratedFirm(testApp);
    certificateNumber = rating.certificateNumber;
    const admin = await testApp.signIn('admin');
    const checkpoint = (await testApp.http.post('/api/v1/transparency/checkpoints').set(admin.auth).expect(200)).body;
    const italian = await testApp.http.get('/registro-trasparente').expect(200);
    expect(italian.text).toContain('<h1>Registro trasparente</h1>');
    // Handlebars escapes the base64 padding.
    expect(italian.text).toContain(checkpoint.rootHash.replace(/=/g, '&#x3D;'));
    expect(italian.text).toContain('Non ancora controfirmato da un testimone.');
    expect(italian.text).toContain('npm run cli -- monitor-log --url');
    const english = await testApp.http.get('/registro-trasparente?lang=en').expect(200);
    expect(english.text).toContain('<h1>Transparency log</h1>');
    await testApp.http.get('/transparency-log').expect(301).expect('location', '/registro-trasparente?lang=en');
    const home = await testApp.http.get('/').expect(200);
    expect(home.text).toContain('href="/registro-trasparente"');
    // The verification page carries the entry and its proof, as the JSON answer does (evidence cached a few seconds).
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 10_000));
    const verify = await testApp.http.get(`/verifica/${certificateNumber}`).expect(200);
    expect(verify.text).toContain('Nel registro trasparente: voce n. 0, contenuta nel punto di controllo di 1 voci');
  });

  describe('in a browser', () => {
    let browser: Browser;
    let base: string;

    beforeAll(async () => {
      ({ browser, base } = await openBrowserOn(testApp));
    });
    afterAll(() => browser?.close());

    it('has no WCAG 2.2 A/AA violations and fits a phone, in both languages', async () => {
      const page = await browser.newPage();
      await page.setBypassCSP(true);
      const found: Record<string, string[]> = {};
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewport(viewport);
        for (const path of ['/registro-trasparente', '/registro-trasparente?lang=en', `/verifica/${certificateNumber}`, `/verifica/${certificateNumber}?lang=en`]) {
          await page.goto(`${base}${path}`, { waitUntil: 'load' });
          const violations = await accessibilityViolations(page);
          if (violations.length > 0) found[`${viewport.width}px ${path}`] = violations;
          if (viewport === PHONE && !(await page.evaluate(FITS_THE_SCREEN))) found[`${path} overflows`] = ['sideways scrolling'];
        }
      }
      await page.close();
      expect(found).toEqual({});
    });
  });
});
