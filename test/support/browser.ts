import { CHROMIUM_FLAGS } from '@app/certificates';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { Browser, Page, type Viewport } from 'puppeteer-core';
import type { TestApp } from './test-app';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/**
 * Runs in the page (the test's TypeScript has no DOM types): every violation as one line. Only violations are
 * collected in full (`resultTypes`): axe then builds the selectors of one node per rule that passed instead of all,
 * the slow part on long pages; the same rules run on the same nodes.
 */
const AXE_RUN = `(async () => {
  const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
  return result.violations.map((violation) => violation.impact + ' ' + violation.id + ': ' + violation.help + ' (' + violation.nodes.map((node) => node.target.join(' ')).join(', ') + ')');
})()`;

export const PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { width: 1280, height: 900 };
export const FITS_THE_SCREEN = 'document.documentElement.scrollWidth <= window.innerWidth';

/** Where browser tests leave what a person may want to look at (screenshots): ignored by git. */
export const TEST_OUTPUT = join(__dirname, '..', '..', 'test-output');

/** The test app listening on a loopback port, and Debian's Chromium (headless) pointed at it. */
export async function openBrowserOn(testApp: TestApp): Promise<{ browser: Browser; base: string }> {
  await testApp.app.listen(0, '127.0.0.1');
  const base = (await testApp.app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await puppeteer.launch({ executablePath: testApp.config.renderer.chromiumPath, headless: true, pipe: true, args: [...CHROMIUM_FLAGS] });
  return { browser, base };
}

/**
 * axe-core's WCAG 2.2 A/AA and best-practice checks on the page as it is now, as one line per violation.
 * The pages' Content-Security-Policy forbids inline scripts, axe's included: the page must bypass it.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return (await page.evaluate(AXE_RUN)) as string[];
}

/** The page as it is now: axe's serious and critical violations, and sideways scrolling on a phone. */
export async function seriousProblemsOn(page: Page, viewport: Viewport): Promise<string[]> {
  const problems = (await accessibilityViolations(page)).filter((line) => line.startsWith('serious') || line.startsWith('critical'));
  if (viewport === PHONE && !(await page.evaluate(FITS_THE_SCREEN))) problems.push('scrolls sideways on a phone');
  return problems;
}

/** A page in a browser context of its own, signed in through the sign-in form as a person does. */
export async function signedInPage(browser: Browser, base: string, user: { readonly email: string; readonly password: string }): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  // The machine's cores may be shared with other test runs: pages may take a while.
  page.setDefaultNavigationTimeout(90_000);
  // The pages' Content-Security-Policy forbids inline scripts, axe's included.
  await page.setBypassCSP(true);
  await page.goto(`${base}/accedi`, { waitUntil: 'load' });
  await page.type('#email', user.email);
  await page.type('#password', user.password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/accedi"] button[type="submit"]')]);
  if (page.url().includes('/accedi')) throw new Error(`Signing in as ${user.email} failed`);
  return page;
}

/** A folder under TEST_OUTPUT, created empty-or-existing, for one test's files. */
export function outputFolder(name: string): string {
  const folder = join(TEST_OUTPUT, name);
  mkdirSync(folder, { recursive: true });
  return folder;
}
