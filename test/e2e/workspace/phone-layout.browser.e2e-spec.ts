import type { Browser, Page } from 'puppeteer-core';
import { openApplication } from '../../factories/application.factory';
import { registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { accessibilityViolations, FITS_THE_SCREEN, openBrowserOn, PHONE } from '../../support/browser';
import { startTestApp, TestApp } from '../../support/test-app';

/** A common phone: the size the workspace was found wanting on. */
const TALL_PHONE = { ...PHONE, width: 390, height: 844 };

describe('the workspace on a phone, in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let firm: RegisteredFirm;
  let applicationId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    firm = await registerFirm(testApp, { legalName: 'Telefono Contact S.r.l.' });
    applicationId = await openApplication(testApp, firm);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function phonePage(): Promise<Page> {
    const page = await (await browser.createBrowserContext()).newPage();
    page.setDefaultNavigationTimeout(90_000);
    await page.setBypassCSP(true);
    await page.setViewport(TALL_PHONE);
    return page;
  }

  async function seriousProblems(page: Page): Promise<string[]> {
    const problems = (await accessibilityViolations(page)).filter((line) => line.startsWith('serious') || line.startsWith('critical'));
    if (!(await page.evaluate(FITS_THE_SCREEN))) problems.push('scrolls sideways');
    return problems;
  }

  it('keeps the header small and item codes on one line', async () => {
    const page = await phonePage();
    await page.goto(`${base}/accedi`, { waitUntil: 'load' });
    await page.type('#email', firm.owner.email);
    await page.type('#password', firm.owner.password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/accedi"] button[type="submit"]')]);
    await page.goto(`${base}/area/azienda/domande/${applicationId}`, { waitUntil: 'load' });

    const header = (await page.evaluate(`document.querySelector('header.site-header').getBoundingClientRect().height`)) as number;
    // It took 360 of 844 pixels: the page's own content must start in the first quarter of the screen.
    expect(header).toBeLessThan(TALL_PHONE.height / 4);

    // "CA-01", never "CA-" above "01".
    const codeLines = (await page.evaluate(`[...document.querySelectorAll('.item-code')].map((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return [element.textContent, new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size];
    })`)) as [string, number][];
    expect(codeLines.length).toBeGreaterThan(5);
    for (const [code, lines] of codeLines) expect({ code, lines }).toEqual({ code, lines: 1 });
    expect(await seriousProblems(page)).toEqual([]);
  }, 120_000);

  it('gives the report form a consent checkbox big enough to tap, right beside its sentence, which a tap on the sentence ticks', async () => {
    const page = await phonePage();
    await page.goto(`${base}/segnala`, { waitUntil: 'load' });
    const box = (await page.evaluate(`(() => {
      const input = document.getElementById('consenso').getBoundingClientRect();
      const text = document.querySelector('label[for="consenso"] span').getBoundingClientRect();
      return { width: input.width, height: input.height, gap: text.left - input.right, top: Math.abs(text.top - input.top) };
    })()`)) as { width: number; height: number; gap: number; top: number };
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);
    expect(box.gap).toBeLessThan(16);
    expect(box.top).toBeLessThan(12);
    await page.click('label[for="consenso"] span');
    expect(await page.evaluate(`document.getElementById('consenso').checked`)).toBe(true);
    expect(await seriousProblems(page)).toEqual([]);
  }, 120_000);
});
