import type { Language } from '@app/core';
import { renderSealSvg, renderUnlistedSealSvg } from '@app/registry';
import { RATING_STATUSES } from '@app/ratings';
import type { Browser, Page } from 'puppeteer-core';
import { listedFirm } from '../../factories/registry.factory';
import { openBrowserOn } from '../../support/browser';
import { startTestApp, TestApp } from '../../support/test-app';

/** The longest names a seal may carry: wide capitals, accents, a real-looking long name, characters outside Latin. */
const NAMES = [
  'Società Cooperativa Sociale di Servizi Telefonici e Contact Center Integrati a r.l.',
  'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW',
  'MÀÈÌÒÙ ÉMMM ÀÈÌÒÙ MMMM ÀÈÌÒÙ MMMM ÀÈÌÒÙ MMMMMMMM',
  '株式会社コンタクトセンター・イタリア・サービス・ソリューションズ株式会社',
  'Breve S.r.l.',
];
const LANGUAGES: readonly Language[] = ['it', 'en'];
const CHECKED_AT = new Date('2026-09-30T10:00:00Z');

/** Runs in the page: every text's box against the box it must stay in (the badge, and the header or band it sits on). */
const MEASURE = `(() => {
  const box = (element) => { const r = element.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
  const svg = document.querySelector('svg');
  const [badge, band] = svg.querySelectorAll('rect');
  const header = svg.querySelector('path');
  const texts = [...svg.querySelectorAll('text')];
  return { badge: box(badge), header: box(header), band: box(band), texts: texts.map((text) => ({ text: text.textContent, box: box(text) })) };
})()`;

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}
interface Measured {
  readonly badge: Box;
  readonly header: Box;
  readonly band: Box;
  readonly texts: readonly { readonly text: string; readonly box: Box }[];
}

/** Empty when every text sits inside the badge (inside its rounded border) and the title and the word inside their own shapes. */
function overflows(measured: Measured): string[] {
  const problems: string[] = [];
  const inside = (text: { text: string; box: Box }, container: Box, name: string, margin: number) => {
    if (text.text === '') return;
    if (text.box.left < container.left + margin || text.box.right > container.right - margin) {
      problems.push(`"${text.text}" (${text.box.left.toFixed(1)}-${text.box.right.toFixed(1)}) leaves the ${name} (${container.left}-${container.right})`);
    }
  };
  const [title, word, ...lines] = measured.texts;
  // The badge's corners are rounded with a radius of 10: 4 pixels keep the text off the border.
  for (const text of measured.texts) inside(text, measured.badge, 'badge', 4);
  inside(title, measured.header, 'header', 4);
  inside(word, measured.band, 'band', 2);
  for (const line of lines) if (line.box.bottom > measured.badge.bottom) problems.push(`"${line.text}" falls below the badge`);
  return problems;
}

describe('the seal drawn by Chromium: every text inside the badge', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    testApp = await startTestApp();
    ({ browser, base } = await openBrowserOn(testApp));
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function measure(svg: string): Promise<Measured> {
    await page.goto(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, { waitUntil: 'load' });
    return (await page.evaluate(MEASURE)) as Measured;
  }

  it('fits the title, the status, the longest names and the date, in every status and both languages, in Helvetica-metric fonts and in a wider fallback', async () => {
    const found: Record<string, string[]> = {};
    // Liberation Sans has Helvetica's metrics; DejaVu Sans, a common fallback where neither Helvetica nor Arial is installed, is wider.
    for (const font of ['Helvetica, Arial, sans-serif', 'DejaVu Sans']) {
      for (const language of LANGUAGES) {
        const seals = [
          ...RATING_STATUSES.flatMap((status) =>
            NAMES.map((legalName) => ({ key: `${status} ${legalName}`, svg: renderSealSvg({ legalName, status, checkedAt: CHECKED_AT, firmPageUrl: 'https://aq.example.it/registro/00488410010', language }) })),
          ),
          { key: 'unlisted', svg: renderUnlistedSealSvg({ vatNumber: '01234567897', checkedAt: CHECKED_AT, registryUrl: 'https://aq.example.it/registro', language }) },
        ];
        for (const { key, svg } of seals) {
          const measured = await measure(svg.replaceAll('font-family="Helvetica, Arial, sans-serif"', `font-family="${font}"`));
          expect(measured.texts).toHaveLength(4);
          const problems = overflows(measured);
          if (problems.length > 0) found[`${font} ${language} ${key}`] = problems;
        }
      }
    }
    expect(found).toEqual({});
  });

  it('draws the served seals, the one for a firm not in the registry included, within the badge', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Società Cooperativa Sociale Servizi Telefonici Integrati' });
    for (const path of [`/seal/${listed.firm.vatNumber}.svg`, `/seal/${listed.firm.vatNumber}.svg?lang=en`, '/seal/01234567897.svg', '/seal/01234567897.svg?lang=en']) {
      const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      expect({ path, type: response?.headers()['content-type'] }).toEqual({ path, type: 'image/svg+xml; charset=utf-8' });
      const measured = (await page.evaluate(MEASURE)) as Measured;
      expect({ path, problems: overflows(measured) }).toEqual({ path, problems: [] });
    }
    // An <img> shows the 404 seal as an image, as a firm's page embedding it would.
    // (From a page of the same host: Chromium keeps pages of no address from loading loopback resources.)
    await page.goto(`${base}/privacy`, { waitUntil: 'load' });
    await page.setContent(`<img id="seal" src="${base}/seal/01234567897.svg" width="260" height="96" alt="">`, { waitUntil: 'load' });
    expect(await page.evaluate(`document.querySelector('#seal').naturalWidth`)).toBe(260);
  });
});
