import Handlebars from 'handlebars';
import checklistV1 from '../../../libs/checklist/src/data/checklist-v1.json';
import { GARANTE_UNWANTED_CALLS_URL, REGISTRO_OPPOSIZIONI_URL } from '@app/registry';
import { listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/** Values unlike the defaults, so the pages are seen to state the configured rules rather than fixed numbers. */
const RULES = { RATING_VALIDITY_MONTHS: '18', SUSPENSION_MAX_DAYS: '45', REPORT_RETENTION_MONTHS: '7', REPORT_ANSWER_DAYS: '11', SESSION_TTL_HOURS: '9' };

const PAGES = [
  { path: '/', it: 'Il registro del bollino blu dei contact center', en: 'The register of the contact-center blue seal' },
  { path: '/il-bollino', it: 'Il bollino blu: cosa garantisce e cosa no', en: 'The blue seal: what it guarantees and what it does not' },
  { path: '/decalogo', it: 'Decalogo: dieci consigli per le chiamate di telemarketing', en: 'Decalogue: ten tips for telemarketing calls' },
  { path: '/lista-di-controllo', it: 'La lista di controllo del bollino blu', en: 'The blue seal checklist' },
  { path: '/accessibilita', it: 'Dichiarazione di accessibilità', en: 'Accessibility statement' },
  { path: '/privacy', it: 'Informativa sulla privacy', en: 'Privacy notice' },
  { path: '/statistiche', it: 'Il registro in cifre', en: 'The register in figures' },
] as const;

const MENU = {
  it: ['/registro', 'Registro', '/chi-mi-ha-chiamato', 'Chi mi ha chiamato?', '/verifica', 'Verifica', '/segnala', 'Segnala', '/il-bollino', 'Il bollino', '/area', 'Area riservata'],
  en: ['/registro', 'Register', '/chi-mi-ha-chiamato', 'Who called me?', '/verifica', 'Verify', '/segnala', 'Report a call', '/il-bollino', 'The seal', '/area', 'Sign in'],
};
const FOOTER = ['/il-bollino', '/decalogo', '/lista-di-controllo', '/statistiche', '/accessibilita', '/privacy'];

/** Texts as the page writes them: HTML-escaped (apostrophes included). */
const escaped = (text: string) => Handlebars.escapeExpression(text);
const withLanguage = (path: string, language: 'it' | 'en') => (language === 'en' ? `${path}?lang=en` : path);
/** A link as the page's `href` attribute holds it (Handlebars writes `=` as `&#x3D;`). */
const hrefOf = (path: string, language: 'it' | 'en') => escaped(withLanguage(path, language));
/** The words of the page's main content as a reader sees them (no markup, no menu, no footer). */
const mainTextOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/<[^>]+>/g, ' ');
/** The links of the page's first navigation landmark (the menu), as [href, text] pairs flattened. */
const menuOf = (html: string) => [...(/<nav aria-label="[^"]+">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].flatMap((match) => [match[1], match[2]]);

describe('the public front door: home, the seal, decalogue, checklist, accessibility and privacy pages', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: RULES });
    await listedFirm(testApp, { legalName: 'Portone Valido S.r.l.' });
    await suspendRating(testApp, await listedFirm(testApp, { legalName: 'Portone Sospeso S.r.l.' }));
    await revokeRating(testApp, await listedFirm(testApp, { legalName: 'Portone Revocato S.r.l.' }));
  });
  afterAll(() => testApp.close());

  it.each(['it', 'en'] as const)('serves every page in %s with its title, the main menu and the footer links', async (language) => {
    for (const page of PAGES) {
      const response = await testApp.http.get(withLanguage(page.path, language));
      expect({ path: page.path, status: response.status }).toEqual({ path: page.path, status: 200 });
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-language']).toBe(language);
      const html = response.text;
      expect(html).toContain(`<html lang="${language}">`);
      expect(html).toContain(`<h1>${escaped(page[language])}</h1>`);
      expect(menuOf(html)).toEqual(MENU[language].map((value, index) => (index % 2 === 0 ? hrefOf(value, language) : escaped(value))));
      for (const path of FOOTER) expect(html).toContain(`<a href="${hrefOf(path, language)}">`);
      expect(html).not.toContain('<script');
      // Internal vocabulary never reaches the reader (the checklist's point references, like CP-01, are its public vocabulary).
      const internal = /code_adoption|consumer_protection|evidenceRequired|undefined|\bnull\b|\{[a-z]+\}/.exec(mainTextOf(html));
      expect({ path: page.path, internal: internal?.[0] }).toEqual({ path: page.path, internal: undefined });
    }
  });

  it('sends the English paths to the English pages', async () => {
    for (const [alias, target] of [['/the-seal', '/il-bollino'], ['/decalogue', '/decalogo'], ['/checklist', '/lista-di-controllo'], ['/accessibility', '/accessibilita'], ['/statistics', '/statistiche']]) {
      await testApp.http.get(alias).expect(301).expect('location', `${target}?lang=en`);
    }
  });

  it('puts the registry search and the number lookup side by side at the top of the home page, and the latest changes below', async () => {
    const html = (await testApp.http.get('/').expect(200)).text;
    const search = /<form class="lookup" method="get" action="([^"]+)" role="search"[\s\S]*?<\/form>/.exec(html);
    expect(search?.[1]).toBe('/registro');
    expect(search?.[0]).toContain('name="q" type="search"');
    const lookup = /<form class="lookup" method="get" action="\/chi-mi-ha-chiamato"[\s\S]*?<\/form>/.exec(html)?.[0];
    expect(lookup).toContain('name="numero" type="tel"');
    expect(html.indexOf('action="/registro"')).toBeLessThan(html.indexOf('Che cos’è il bollino blu'));

    expect(html).toContain('Assocontact');
    expect(html).toContain('Osservatorio Imprese e Consumatori');
    expect(html).toContain('Il rating vale 18 mesi');
    expect(html).toContain(`<a href="${REGISTRO_OPPOSIZIONI_URL}">`);
    expect(html).toContain(`<a href="${GARANTE_UNWANTED_CALLS_URL}">`);
    expect(html).toContain('<a href="/segnala">modulo di segnalazione</a>');

    const changes = /<ul class="changes">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    const listed = [...changes.matchAll(/<time datetime="[^"]+">(\d{2}\/\d{2}\/\d{4})<\/time> (\w+): <a href="\/registro\/\d{11}">([^<]+)<\/a>/g)].map((match) => `${match[2]} ${match[3]}`);
    expect(listed).toEqual(expect.arrayContaining(['Revocato Portone Revocato S.r.l.', 'Sospeso Portone Sospeso S.r.l.', 'Rilasciato Portone Valido S.r.l.']));
    expect(listed[0]).toBe('Revocato Portone Revocato S.r.l.');
    expect(html).toContain('<a href="/feed.atom">feed Atom del registro</a>');

    const english = (await testApp.http.get('/?lang=en').expect(200)).text;
    expect(english).toContain('<input type="hidden" name="lang" value="en">');
    expect(english).toMatch(/Revoked: <a href="\/registro\/\d{11}\?lang&#x3D;en">Portone Revocato S\.r\.l\.<\/a>/);
  });

  it('says what the seal shows and does not guarantee, each status with the configured rules, and how to verify', async () => {
    const html = (await testApp.http.get('/il-bollino').expect(200)).text;
    for (const area of ['Rispetta il codice del telemarketing', 'Ha formato il personale', 'Nessuna sanzione definitiva negli ultimi due anni', 'Tutela i consumatori']) {
      expect(html).toContain(`<strong>${area}.</strong>`);
    }
    for (const notGuaranteed of ['Non è un permesso di chiamarti.', 'Non garantisce ogni singola chiamata.', 'Non copre i numeri non dichiarati.', 'Lo stato può cambiare.']) {
      expect(html).toContain(`<strong>${notGuaranteed}</strong>`);
    }
    for (const status of ['Valido', 'Sospeso', 'Revocato', 'Scaduto']) expect(html).toContain(`>${status}</span></h3>`);
    expect(html).toContain('Vale 18 mesi dal rilascio.');
    expect(html).toContain('entro 45 giorni');
    expect(html).toContain('dopo 45 giorni di sospensione');
    expect(html).toContain('irregolarità riscontrate; nuova sanzione definitiva; dichiarazioni non veritiere');
    expect(html).toContain('<a href="/verifica/documento">verifica del documento</a>');
    expect(html).toContain('SHA-256');
    expect(html).toContain('non viene mai cancellata');

    const english = (await testApp.http.get('/il-bollino?lang=en').expect(200)).text;
    expect(english).toContain('It is valid for 18 months from issue.');
    expect(english).toContain(`<a href="${hrefOf('/verifica/documento', 'en')}">document verification</a>`);
  });

  it('gives ten points in the decalogue, with the configured answer time and the sources linked', async () => {
    const html = (await testApp.http.get('/decalogo').expect(200)).text;
    const points = /<ol class="decalogue">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(points.match(/<li>/g)).toHaveLength(10);
    expect(points).toContain('ha 11 giorni per rispondere');
    for (const source of [REGISTRO_OPPOSIZIONI_URL, GARANTE_UNWANTED_CALLS_URL, 'https://www.garanteprivacy.it/', 'https://eur-lex.europa.eu/eli/reg/2016/679/oj']) {
      expect(html).toContain(`<a href="${source}">`);
    }
  });

  it('lists the real checklist items with what counts as evidence and the two-year rule, and every version readable', async () => {
    const html = (await testApp.http.get('/lista-di-controllo').expect(200)).text;
    expect(html).toMatch(/Versione 2026\.1, in vigore dal \d{2}\/\d{2}\/\d{4}\./);
    for (const item of checklistV1.items) {
      expect(html).toContain(`<h3 id="punto-${item.code}">Punto ${item.code}</h3>`);
      expect(html).toContain(`<p>${escaped(item.textIt)}</p>`);
      expect(html).toContain(`<dd>${escaped(item.guidanceIt)}</dd>`);
    }
    expect(html.match(/<dd>La piattaforma lo calcola dal registro delle sanzioni/g)).toHaveLength(checklistV1.items.filter((item) => item.assessment === 'computed').length);
    expect(html).toContain('La regola dei due anni per le sanzioni');
    expect(html).toContain('nei 2 anni precedenti');
    expect(html).toContain('il 29 febbraio meno due anni è il 28 febbraio');
    expect(html).toContain('<span aria-current="page">2026.1</span>');

    const english = (await testApp.http.get('/lista-di-controllo?lang=en').expect(200)).text;
    for (const item of checklistV1.items) expect(english).toContain(`<p>${escaped(item.textEn)}</p>`);

    const admin = await testApp.signIn('admin');
    const items = checklistV1.items.map((item) => ({ ...item, textIt: `${item.textIt} (rivisto)`, textEn: `${item.textEn} (revised)` }));
    await testApp.http.post('/api/v1/checklist/versions').set(admin.auth).send({ version: '2027.1', items }).expect(201);

    const current = (await testApp.http.get('/lista-di-controllo').expect(200)).text;
    expect(current).toContain(`<p>${escaped(items[0].textIt)}</p>`);
    const versions = [...current.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/th>/g)].map((match) => match[1]);
    expect(versions).toEqual([expect.stringContaining('2027.1'), '<a href="/lista-di-controllo/2026.1">2026.1</a>']);

    const earlier = (await testApp.http.get('/lista-di-controllo/2026.1').expect(200)).text;
    expect(earlier).toContain('<h1>Lista di controllo, versione 2026.1</h1>');
    expect(earlier).toMatch(/Versione 2026\.1, pubblicata il \d{2}\/\d{2}\/\d{4}: non è più in vigore/);
    expect(earlier).toContain(`<p>${escaped(checklistV1.items[0].textIt)}</p>`);
    expect(earlier).not.toContain('(rivisto)');
    expect(earlier).toContain('<a href="/lista-di-controllo">versione in vigore</a>');
    expect((await testApp.http.get('/lista-di-controllo/2026.1?lang=en').expect(200)).text).toContain(`<p>${escaped(checklistV1.items[0].textEn)}</p>`);

    for (const missing of ['/lista-di-controllo/2025.9', '/lista-di-controllo/ultima']) {
      const response = await testApp.http.get(missing).expect(404);
      expect(response.text).toContain('<h1>Pagina non trovata</h1>');
    }
  });

  it('states what is kept of reports and accounts, for the configured time, and links the notice where people consent', async () => {
    const html = (await testApp.http.get('/privacy').expect(200)).text;
    expect(html).toContain('7 mesi dopo l&#x27;arrivo della segnalazione');
    expect(html).toContain('la sessione scade dopo 9 ore');
    expect(html).toContain('Il tuo indirizzo IP non viene conservato.');
    expect((await testApp.http.get('/privacy?lang=en').expect(200)).text).toContain('7 months after the report arrives');

    const signUp = (await testApp.http.get('/registrati').expect(200)).text;
    expect(signUp).toMatch(/<a href="\/privacy">informativa sulla privacy<\/a>\.<\/p>\s*<button type="submit">/);
    const report = (await testApp.http.get('/segnala?lang=en').expect(200)).text;
    const consent = report.indexOf('id="consenso"');
    expect(consent).toBeGreaterThan(0);
    expect(report.indexOf(`<a href="${hrefOf('/privacy', 'en')}">privacy notice</a>`)).toBeGreaterThan(consent);
  });
});
