import { registerFirm } from '../../factories/firm.factory';
import { ListedFirm, listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';

describe('registry search, lookups and hostile input (PostgreSQL server)', () => {
  let testApp: TestApp;
  let ancora: ListedFirm;
  let forli: ListedFirm;

  beforeAll(async () => {
    testApp = await startTestApp();
    ancora = await listedFirm(testApp, { legalName: "Società Cooperativa L'Àncora Servizi", city: 'Bologna', province: 'BO', numbers: ['06 5551234'] });
    forli = await listedFirm(testApp, { legalName: 'Romagna Contatti S.r.l.', city: 'Forlì', province: 'FC' });
  });
  afterAll(() => testApp.close());

  interface SearchPage {
    readonly items: { readonly legalName: string; readonly approximate: boolean }[];
    readonly hasMore: boolean;
    readonly page: number;
    readonly pageSize: number;
  }
  const search = async (query: Record<string, string>): Promise<SearchPage> => (await testApp.http.get('/api/v1/registry/firms').query(query).expect(200)).body as SearchPage;
  const names = async (query: Record<string, string>): Promise<string[]> => (await search(query)).items.map((item) => item.legalName);

  it('finds a name whatever its accents, case and punctuation', async () => {
    for (const q of ['Società', 'societa', 'SOCIETÀ', 'àncora', 'l ancora', "L'Ancora servizi", 'cooperativa l’àncora']) {
      expect({ q, found: await names({ q }) }).toEqual({ q, found: ["Società Cooperativa L'Àncora Servizi"] });
    }
  });

  it('finds part of a name, and a misspelt name by resemblance, marked approximate', async () => {
    expect(await names({ q: 'ncora serv' })).toEqual(["Società Cooperativa L'Àncora Servizi"]);
    const misspelt = await search({ q: 'Sociieta Cooperatva' });
    expect(misspelt.items).toEqual([expect.objectContaining({ legalName: "Società Cooperativa L'Àncora Servizi", approximate: true })]);
    expect((await search({ q: 'ancora' })).items[0].approximate).toBe(false);
  });

  it('finds a VAT number written with spaces, dots or the IT prefix, and a certificate number in any case', async () => {
    const vat = ancora.firm.vatNumber;
    for (const q of [vat, `IT ${vat}`, `${vat.slice(0, 3)} ${vat.slice(3, 6)} ${vat.slice(6)}`, `${vat.slice(0, 4)}.${vat.slice(4)}`]) {
      expect({ q, found: await names({ q }) }).toEqual({ q, found: ["Società Cooperativa L'Àncora Servizi"] });
    }
    expect(await names({ q: ancora.rating.certificateNumber.toLowerCase() })).toEqual(["Società Cooperativa L'Àncora Servizi"]);
  });

  it('finds by city without its accent, and filters by province and status', async () => {
    expect(await names({ q: 'forli' })).toEqual(['Romagna Contatti S.r.l.']);
    expect(await names({ q: 'contatti srl' })).toEqual(['Romagna Contatti S.r.l.']);
    expect(await names({ q: 'Romagna Contatti S.R.L.' })).toEqual(['Romagna Contatti S.r.l.']);
    expect(await names({ q: 'FORLÌ', province: 'fc' })).toEqual(['Romagna Contatti S.r.l.']);
    expect(await names({ q: 'forli', province: 'BO' })).toEqual([]);
    expect(await names({ province: 'FC' })).toEqual(['Romagna Contatti S.r.l.']);
    expect(await names({ q: 'forli', status: 'revoked' })).toEqual([]);
    const suspended = await listedFirm(testApp, { legalName: 'Filtro Stato S.r.l.', province: 'AO' });
    await suspendRating(testApp, suspended);
    await eventually(async () => expect(await names({ province: 'AO', status: 'suspended' })).toEqual(['Filtro Stato S.r.l.']));
    expect(await names({ province: 'AO', status: 'active' })).toEqual([]);
    await revokeRating(testApp, suspended);
    expect(await names({ province: 'AO', status: 'revoked' })).toEqual(['Filtro Stato S.r.l.']);
  });

  it('pages by 20, in name order', async () => {
    const reviewer = await testApp.signIn('reviewer');
    for (let i = 1; i <= 23; i += 1) await listedFirm(testApp, { legalName: `Paginazione ${String(i).padStart(2, '0')} S.r.l.`, province: 'PG', reviewer });
    const first = await search({ q: 'paginazione' });
    expect({ count: first.items.length, hasMore: first.hasMore, first: first.items[0].legalName, page: first.page, pageSize: first.pageSize }).toEqual({
      count: 20,
      hasMore: true,
      first: 'Paginazione 01 S.r.l.',
      page: 1,
      pageSize: 20,
    });
    const second = await search({ q: 'paginazione', page: '2' });
    expect({ names: second.items.map((item) => item.legalName), hasMore: second.hasMore }).toEqual({
      names: ['Paginazione 21 S.r.l.', 'Paginazione 22 S.r.l.', 'Paginazione 23 S.r.l.'],
      hasMore: false,
    });
    const page = (await testApp.http.get('/registro').query({ q: 'paginazione', pagina: '2' }).expect(200)).text;
    expect(page).toContain('href="/registro?q&#x3D;paginazione" rel="prev"');
    expect(page).toContain('Pagina 2');
  });

  it('takes a page size of 1 to 100 and refuses any other, naming pageSize', async () => {
    const reviewer = await testApp.signIn('reviewer');
    for (const letter of ['A', 'B', 'C']) await listedFirm(testApp, { legalName: `Misura Pagina ${letter} S.r.l.`, province: 'TR', reviewer });
    const first = await search({ q: 'misura pagina', pageSize: '2' });
    expect({ names: first.items.map((item) => item.legalName), pageSize: first.pageSize, hasMore: first.hasMore }).toEqual({
      names: ['Misura Pagina A S.r.l.', 'Misura Pagina B S.r.l.'],
      pageSize: 2,
      hasMore: true,
    });
    expect(await names({ q: 'misura pagina', pageSize: '2', page: '2' })).toEqual(['Misura Pagina C S.r.l.']);
    expect((await search({ province: 'TR', pageSize: '100' })).pageSize).toBe(100);
    for (const pageSize of ['0', '101', 'venti', '']) {
      const response = await testApp.http.get('/api/v1/registry/firms').query({ q: 'misura pagina', pageSize: pageSize === '' ? ['1', '2'] : pageSize });
      expect({ pageSize, status: response.status, fields: Object.keys(response.body.details?.fields ?? {}) }).toEqual({ pageSize, status: 400, fields: ['pageSize'] });
    }
  });

  it("pages a city's firms in name order, together with the names that contain the city's name", async () => {
    const reviewer = await testApp.signIn('reviewer');
    for (let i = 1; i <= 22; i += 1) await listedFirm(testApp, { legalName: `Sede ${String(i).padStart(2, '0')} S.r.l.`, city: 'Rovigo', province: 'RO', reviewer });
    await listedFirm(testApp, { legalName: 'Rovigo Chiama S.r.l.', city: 'Padova', province: 'PD', reviewer });
    const first = await search({ q: 'rovigo' });
    expect({ count: first.items.length, first: first.items[0].legalName, hasMore: first.hasMore }).toEqual({ count: 20, first: 'Rovigo Chiama S.r.l.', hasMore: true });
    expect(await names({ q: 'rovigo', page: '2' })).toEqual(['Sede 20 S.r.l.', 'Sede 21 S.r.l.', 'Sede 22 S.r.l.']);
    expect(await names({ q: 'ROVIGO', status: 'active', page: '2' })).toEqual(['Sede 20 S.r.l.', 'Sede 21 S.r.l.', 'Sede 22 S.r.l.']);
    expect(await names({ q: 'rovigo', province: 'PD' })).toEqual(['Rovigo Chiama S.r.l.']);
    expect(await names({ q: 'rovigo', status: 'revoked' })).toEqual([]);
  });

  it('reads a number written five ways, and tells a listed firm from none', async () => {
    for (const number of ['06 5551234', '+39 06 5551234', '0039065551234', '(06) 555-1234', '+39 (0)6 555 1234', '06/5551234']) {
      const answer = (await testApp.http.get(`/api/v1/lookup/phone/${encodeURIComponent(number)}`).expect(200)).body;
      expect({ number, answer: { number: answer.number, declared: answer.declared, firm: answer.firm?.vatNumber } }).toEqual({
        number,
        answer: { number: '+39065551234', declared: true, firm: ancora.firm.vatNumber },
      });
    }
    const none = (await testApp.http.get('/api/v1/lookup/phone/06%205559876').expect(200)).body;
    expect(none).toMatchObject({ number: '+39065559876', declared: false, firm: null, message: '+39065559876 is not declared by any firm in the registry.' });
    expect(none.whatYouCanDo.map((advice: { url: string }) => advice.url)).toEqual([
      'https://www.registrodelleopposizioni.it/',
      'https://servizi.gpdp.it/diritti/s/segnalazione-telefonate-indesiderate',
      `${testApp.config.publicBaseUrl}/segnala?numero=%2B39065559876`,
    ]);
    const page = (await testApp.http.get('/chi-mi-ha-chiamato').query({ numero: '0039 06 5559876' }).expect(200)).text;
    expect(page).toContain('non è dichiarato da nessuna azienda del registro');
    expect(page).toContain('href="/segnala?numero&#x3D;%2B39065559876"');
    expect(page).toContain('href="https://www.registrodelleopposizioni.it/"');
    const found = (await testApp.http.get('/chi-mi-ha-chiamato').query({ numero: '(06) 555-1234' }).expect(200)).text;
    expect(found).toContain(`href="/registro/${ancora.firm.vatNumber}"`);
  });

  it('says a certificate number was never issued, unambiguously', async () => {
    const unknown = (await testApp.http.get('/api/v1/verify/AQ-2019-999999').expect(200)).body;
    expect(unknown).toMatchObject({ certificateNumber: 'AQ-2019-999999', outcome: 'unknown', firm: null, rating: null });
    expect(unknown.message).toBe('No certificate numbered AQ-2019-999999 has ever been issued: a document bearing this number is not a genuine Azienda Qualificata certificate.');
    const page = (await testApp.http.get('/verifica/AQ-2019-999999').expect(200)).text;
    expect(page).toContain('Attestato sconosciuto');
    expect(page).toContain('non è un attestato autentico');
    const lower = await testApp.http.get(`/verifica/${forli.rating.certificateNumber.toLowerCase()}`).expect(301);
    expect(lower.headers.location).toBe(`/verifica/${forli.rating.certificateNumber}`);
    const form = await testApp.http.get('/verifica').query({ numero: ` ${forli.rating.certificateNumber.toLowerCase()} `, lang: 'en' }).expect(303);
    expect(form.headers.location).toBe(`/verifica/${forli.rating.certificateNumber}?lang=en`);
  });

  it('answers hostile search input with 400 or an empty result, never a server error', async () => {
    const hostile = [
      "' OR 1=1 --",
      '%%%',
      '___',
      '\\\\\\',
      '<script>alert(1)</script>',
      'x'.repeat(101),
      'a\u0000b',
      '😀😀😀',
      '\u202Eevil',
      'SELECT * FROM firm; DROP TABLE firm',
      '\uFFFD\uFFFD\uFFFD',
      '12345678901',
      'AQ-2026-',
      ' ',
    ];
    for (const q of hostile) {
      for (const path of ['/api/v1/registry/firms', '/registro']) {
        const response = await testApp.http.get(path).query({ q });
        expect({ path, q, status: [200, 400].includes(response.status) }).toEqual({ path, q, status: true });
      }
    }
    for (const query of ['q=%ED%A0%80', 'q=%E0%A4%A', 'q=%25%00']) {
      const response = await testApp.http.get(`/api/v1/registry/firms?${query}`);
      expect({ query, answer: response.status === 200 ? response.body.items : response.status }).toEqual({ query, answer: response.status === 200 ? [] : 400 });
    }
    for (const query of ['q=a&q=b', 'page=-1', 'page=abc', 'page=99999', 'status=valid', 'province=%3Cx%3E', 'unknown=1']) {
      const response = await testApp.http.get(`/api/v1/registry/firms?${query}`);
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: expect.any(String) });
    }
    const named = await testApp.http.get('/api/v1/registry/firms').query({ q: 'ab' }).expect(400);
    expect(named.body).toMatchObject({ code: 'invalid_registry_input', details: { fields: { q: ['q must contain at least 3 letters or digits'] } } });
    const page = await testApp.http.get('/registro').query({ q: 'ab', stato: 'nessuno' }).expect(400);
    expect(page.text).toContain('Scrivi almeno 3 lettere o cifre');
    expect(page.text).toContain('aria-invalid="true"');
  });

  it('answers hostile lookups with 400 or a clear answer, never a server error', async () => {
    const paths = [
      '/api/v1/verify/%00',
      "/api/v1/verify/AQ-2026-000001'%20OR%201=1",
      `/api/v1/verify/${'A'.repeat(3000)}`,
      '/api/v1/lookup/phone/abc',
      '/api/v1/lookup/phone/%00',
      '/api/v1/lookup/phone/06%201234567%20ext%205',
      `/api/v1/lookup/phone/${'1'.repeat(41)}`,
      '/api/v1/lookup/phone/%E0%A4%A',
      "/api/v1/registry/firms/'%3B",
      '/api/v1/registry/firms/00000000000',
      '/seal/abc.svg',
      '/registro/%3Cscript%3E',
      '/verifica/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '/chi-mi-ha-chiamato?numero=%3Cscript%3E',
      '/chi-mi-ha-chiamato?numero=a&numero=b',
      '/verifica?numero=a&numero=b',
    ];
    for (const path of paths) {
      const response = await testApp.http.get(path);
      // Fastify refuses a path parameter over 100 characters itself, with 414 URI Too Long.
      expect({ path, status: response.status }).toEqual({ path, status: path.length > 150 ? 414 : 400 });
      // The seal answers with an image (an SVG body, which supertest leaves as bytes) even for a wrong VAT number.
      expect(response.text ?? String(response.body)).not.toContain('<script>');
    }
    await testApp.http.get('/seal/foo').expect(404);
    const phone = await testApp.http.get('/api/v1/lookup/phone/123').expect(400);
    expect(phone.body).toMatchObject({ code: 'invalid_phone_number', details: { fields: { number: ['too short for a phone number of its country'] } } });
  });

  it('escapes HTML in a firm name on pages, in the seal and in the feed', async () => {
    const hostileName = '<script>alert("x")</script> & <b>Figli</b>';
    const listed = await listedFirm(testApp, { legalName: hostileName, website: 'https://www.example.it/?a=1&b=2' });
    await revokeRating(testApp, listed, 'Nota con <i>markup</i> & "virgolette"');
    await eventually(async () => {
      const surfaces = {
        firmPage: (await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text,
        searchPage: (await testApp.http.get('/registro').query({ q: 'Figli' }).expect(200)).text,
        verifyPage: (await testApp.http.get(`/verifica/${listed.rating.certificateNumber}`).expect(200)).text,
        seal: (await testApp.http.get(`/seal/${listed.firm.vatNumber}.svg`).expect(200)).body.toString(),
        feed: (await testApp.http.get('/feed.atom').expect(200)).text,
      };
      for (const [surface, text] of Object.entries(surfaces)) {
        expect({ surface, script: text.includes('<script>'), bold: text.includes('<b>Figli'), italic: text.includes('<i>markup') }).toEqual({ surface, script: false, bold: false, italic: false });
      }
      expect(surfaces.firmPage).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Figli&lt;/b&gt;');
      expect(surfaces.seal).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Figli&lt;/b&gt;');
      expect(surfaces.feed).toContain('Nota con &lt;i&gt;markup&lt;/i&gt; &amp; &quot;virgolette&quot;');
    });
  });

  it('speaks English with ?lang=en and keeps the language in its links and forms', async () => {
    const english = (await testApp.http.get(`/registro/${ancora.firm.vatNumber}`).query({ lang: 'en' }).expect(200)).text;
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Blue seal status: <span class="badge badge-active">Valid</span>');
    expect(english).toContain(`href="/verifica/${ancora.rating.certificateNumber}?lang&#x3D;en"`);
    expect(english).toContain(`<a class="lang-switch" href="/registro/${ancora.firm.vatNumber}" hreflang="it" lang="it">Italiano</a>`);
    const italian = (await testApp.http.get('/registro').query({ q: 'ancora', stato: 'active' }).expect(200)).text;
    expect(italian).toContain('<html lang="it">');
    expect(italian).toContain('href="/registro?q&#x3D;ancora&amp;stato&#x3D;active&amp;lang&#x3D;en" hreflang="en" lang="en">English</a>');
    expect((await testApp.http.get('/chi-mi-ha-chiamato').query({ lang: 'en' }).expect(200)).text).toContain('<input type="hidden" name="lang" value="en">');
  });

  it('documents the JSON routes in OpenAPI and leaves the pages out', async () => {
    const document = (await testApp.http.get('/api/docs-json').expect(200)).body;
    const paths = Object.keys(document.paths);
    expect(Object.keys(document.paths['/api/v1/registry/firms'].get.responses).sort()).toEqual(['200', '400', '422', '429']);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/registry/firms',
        '/api/v1/registry/firms/{vatNumber}',
        '/api/v1/verify/{certificateNumber}',
        '/api/v1/lookup/phone/{number}',
        '/seal/{file}',
        '/opendata/registry.csv',
        '/opendata/registry.json',
        '/feed.atom',
      ]),
    );
    expect(paths.filter((path) => ['/registro', '/verifica', '/chi-mi-ha-chiamato'].some((page) => path.startsWith(page)))).toEqual([]);
  });

  it('never shows a registered firm without a rating, even by a name search', async () => {
    await registerFirm(testApp, { legalName: 'Società Senza Rating S.r.l.' });
    expect(await names({ q: 'senza rating' })).toEqual([]);
  });
});

describe('the public rate limit (per client IP)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => testApp.close());

  it('answers 429 with Retry-After past the budget, as JSON or as a page, per IP and per minute', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:10Z'));
    const from = (ip: string, path: string) => testApp.http.get(path).set('X-Forwarded-For', ip);
    for (let i = 0; i < 5; i += 1) await from('203.0.113.7', '/api/v1/verify/AQ-2026-000001').expect(200);
    const refused = await from('203.0.113.7', '/api/v1/verify/AQ-2026-000001').expect(429);
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    const search = await from('203.0.113.7', '/api/v1/registry/firms?q=servizi').expect(429);
    expect(search.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    const page = await from('203.0.113.7', '/registro').expect(429);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['retry-after']).toBe('50');
    expect(page.text).toContain('Troppe richieste');
    await from('203.0.113.8', '/feed.atom').expect(200);
    testApp.clock.set(new Date('2026-11-24T10:01:00Z'));
    await from('203.0.113.7', '/api/v1/verify/AQ-2026-000001').expect(200);
  });
});
