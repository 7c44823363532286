import { declaredItems, PDF_BYTES } from '../../factories/application.factory';
import { approvedRating, assignedAudit } from '../../factories/audit.factory';
import { mobileNumber, registerFirm, validVatNumber } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

/** A VAT number whose check digit is wrong. */
function wrongVatNumber(): string {
  const good = validVatNumber();
  return `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}`;
}

const firmForm = (vatNumber: string) => ({
  legalName: 'Rossi Contact S.r.l.',
  vatNumber,
  taxCode: '',
  rocNumber: '4321',
  address: 'Via Roma 1',
  city: 'Milano',
  province: 'mi',
  pecAddress: 'rossi@pec.it',
  website: '',
  serviceKind: 'outbound',
});

/** The local number part of an E.164 Italian mobile, as people write it. */
const written = (e164: string) => e164.replace('+39', '');

describe('firm workspace pages: registering the firm, numbers, sites and applications', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  async function signedInFirmUser(): Promise<WebVisitor> {
    const user = await testApp.signIn('firm');
    const web = new WebVisitor(testApp.app);
    await web.signIn(user.email, user.password);
    return web;
  }

  async function webOf(owner: { email: string; password: string }): Promise<WebVisitor> {
    const web = new WebVisitor(testApp.app);
    await web.signIn(owner.email, owner.password);
    return web;
  }

  it('registers the firm after explaining a wrong VAT number next to its field, keeping what was typed', async () => {
    const web = new WebVisitor(testApp.app);
    const signedUp = await expectStatus(web.submit('/registrati', { displayName: 'Anna Rossi', email: 'anna@rossi-contact.example.it', password: 'una-password-lunga' }), 303);
    const form = await web.follow(signedUp);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<h1>Registra la tua azienda</h1>');
    expect(form.text).toContain('<label for="vatNumber">');

    const badVat = wrongVatNumber();
    const refused = await expectStatus(web.submit('/area/azienda', firmForm(badVat)), 400);
    expect(refused.text).toContain('id="vatNumber-error"');
    expect(refused.text).toContain('La Partita IVA non è valida');
    expect(refused.text).toMatch(/id="vatNumber"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain(`value="${badVat}"`);
    expect((await web.get('/area/azienda')).text).toContain('<h1>Registra la tua azienda</h1>');

    const missing = await expectStatus(web.submit('/area/azienda', { ...firmForm(validVatNumber()), province: 'Milano', pecAddress: 'non-una-pec', serviceKind: '' }), 400);
    expect(missing.text).toContain('La provincia è una sigla di due lettere');
    expect(missing.text).toContain('Scrivi un indirizzo PEC valido');
    expect(missing.text).toContain('id="serviceKind-error"');

    // A wrong check digit is reported together with the other mistakes, not after they are fixed.
    const all = await expectStatus(web.submit('/area/azienda', { ...firmForm(wrongVatNumber()), province: 'Milano' }), 400);
    expect(all.text).toContain('La provincia è una sigla di due lettere');
    expect(all.text).toContain('id="vatNumber-error"');
    expect(all.text).toContain('La Partita IVA non è valida');

    const vatNumber = validVatNumber();
    const registered = await expectStatus(web.submit('/area/azienda', firmForm(vatNumber)), 303);
    expect(registered.headers.location).toBe('/area/azienda');
    const home = await web.follow(registered);
    expect(home.text).toContain('<h1>Rossi Contact S.r.l.</h1>');
    expect(home.text).toContain('Azienda registrata');
    expect(home.text).toContain(vatNumber);
    expect(home.text).toContain('Milano (MI)');
    expect(home.text).toContain('Nessuna domanda ancora.');
    expect(home.text).toContain('non ha ancora ottenuto il bollino blu.');

    const english = await expectStatus(web.get('/area/azienda?lang=en'), 200);
    expect(english.text).toContain('No application yet.');
  });

  it('declares, imports and retires calling numbers, reporting every bad line of a refused file', async () => {
    const firm = await registerFirm(testApp);
    const web = await webOf(firm.owner);
    const empty = await expectStatus(web.get('/area/azienda/numeri'), 200);
    expect(empty.text).toContain('Nessun numero dichiarato ancora.');

    const wrong = await expectStatus(web.submit('/area/azienda/numeri', { number: '12' }), 400);
    expect(wrong.text).toContain('id="number-error"');
    expect(wrong.text).toContain('Questo non è un numero di telefono valido');

    const first = mobileNumber();
    const declared = await expectStatus(web.submit('/area/azienda/numeri', { number: written(first) }), 303);
    const list = await web.follow(declared);
    expect(list.text).toContain('dichiarato.');
    expect(list.text).toContain(first.slice(-4));
    const again = await expectStatus(web.submit('/area/azienda/numeri', { number: first }), 409);
    expect(again.text).toContain('La tua azienda ha già dichiarato questo numero.');

    const [good, other] = [mobileNumber(), mobileNumber()];
    await expectStatus(web.get('/area/azienda/numeri/importa'), 200);
    const noFile = await expectStatus(web.submit('/area/azienda/numeri/importa', {}), 400);
    expect(noFile.text).toContain('Scegli il file CSV da importare.');
    const refused = await expectStatus(
      web.submit('/area/azienda/numeri/importa', {}, { name: 'numeri.csv', bytes: Buffer.from(`numero;note\n${good};ufficio\nnon-un-numero;x\n${other}\n`), contentType: 'text/csv' }),
      422,
    );
    expect(refused.text).toContain('Nessun numero è stato importato: 1 riga del file contiene errori.');
    expect(refused.text).toMatch(/<th scope="row">3<\/th>\s*<td>non-un-numero<\/td>\s*<td>non è un numero di telefono<\/td>/);
    const numbersApi = () => testApp.http.get(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).expect(200);
    expect((await numbersApi()).body.total).toBe(1);

    const imported = await expectStatus(web.submit('/area/azienda/numeri/importa', {}, { name: 'numeri.csv', bytes: Buffer.from(`${good}\n${other}\n${first}\n`), contentType: 'text/csv' }), 303);
    expect((await web.follow(imported)).text).toContain('Importazione completata. Numeri nuovi: 2; righe lette: 3; già dichiarati: 1; ripetuti nel file: 0.');
    const numbers = (await numbersApi()).body.items as { id: string; e164: string }[];
    expect(numbers.map((each) => each.e164).sort()).toEqual([first, good, other].sort());

    const askedToRetire = await expectStatus(web.submit(`/area/azienda/numeri/${numbers[0].id}/ritira`, {}), 200);
    expect(askedToRetire.text).toContain('Il ritiro è definitivo');
    expect((await numbersApi()).body.total).toBe(3);
    const retired = await expectStatus(web.confirm(askedToRetire), 303);
    expect((await web.follow(retired)).text).toContain('Ritirato il');
    expect((await numbersApi()).body.total).toBe(2);
  });

  it('adds and closes operating sites, explaining a wrong country', async () => {
    const firm = await registerFirm(testApp);
    const web = await webOf(firm.owner);
    expect((await expectStatus(web.get('/area/azienda/sedi'), 200)).text).toContain('Nessuna sede dichiarata ancora.');
    const wrong = await expectStatus(web.submit('/area/azienda/sedi', { name: 'Tirana', address: 'Rruga 1', city: 'Tirana', country: 'XX' }), 400);
    expect(wrong.text).toContain('id="country-error"');
    expect(wrong.text).toContain('value="Tirana"');
    const blank = await expectStatus(web.submit('/area/azienda/sedi', { name: '', address: '', city: 'Tirana', country: 'AL' }), 400);
    expect(blank.text).toContain('Scrivi il nome della sede');

    const added = await expectStatus(web.submit('/area/azienda/sedi', { name: 'Sede di Tirana', address: 'Rruga e Durrësit 10', city: 'Tirana', country: 'al' }), 303);
    const page = await web.follow(added);
    expect(page.text).toContain('Sede Sede di Tirana aggiunta.');
    expect(page.text).toContain("Fuori dall&#x27;UE");
    expect(page.text).toMatch(/<td>Albania <strong>/);
    // Italy by its Italian name, stored as its ISO code.
    const italy = await expectStatus(web.submit('/area/azienda/sedi', { name: 'Sede di Bari', address: 'Via Sparano 1', city: 'Bari', country: 'Italia' }), 303);
    expect((await web.follow(italy)).text).toContain('<td>Italia</td>');
    const english = await expectStatus(web.get('/area/azienda/sedi?lang=en'), 200);
    expect(english.text).toContain('<option value="Italy">');
    const sites = (await testApp.http.get(`/api/v1/firms/${firm.id}/sites`).set(firm.owner.auth).expect(200)).body as { id: string; name: string; country: string; closedAt: string | null }[];
    expect(sites.map((each) => [each.name, each.country]).sort()).toEqual([['Sede di Bari', 'IT'], ['Sede di Tirana', 'AL']]);
    const site = sites.find((each) => each.country === 'AL')!;
    // Closing is final: no button on the sites page closes a site; its link opens a page that asks first.
    expect(page.text).not.toMatch(/<button[^>]*>Chiudi la sede/);
    expect(page.text).toContain(`href="/area/azienda/sedi/${site.id}/chiudi"`);
    const asked = await expectStatus(web.get(`/area/azienda/sedi/${site.id}/chiudi`), 200);
    expect(asked.text).toContain('<h1>Confermi la chiusura della sede Sede di Tirana?</h1>');
    expect(asked.text).toContain('La chiusura è definitiva');
    expect(asked.text).toContain('Il valutatore e il revisore');
    const sitesApi = async () => ((await testApp.http.get(`/api/v1/firms/${firm.id}/sites`).set(firm.owner.auth).expect(200)).body as { id: string; closedAt: string | null }[]).find((each) => each.id === site.id)!;
    expect((await sitesApi()).closedAt).toBeNull();
    const closed = await expectStatus(web.confirm(asked), 303);
    expect((await web.follow(closed)).text).toContain('Chiusa il');
    const again = await web.follow(await expectStatus(web.confirm(asked), 303));
    expect(again.text).toContain('Questa conferma era già stata inviata');
    const admin = await testApp.signIn('admin');
    const history = (await testApp.http.get(`/api/v1/history?entityType=operating_site&entityId=${site.id}`).set(admin.auth).expect(200)).body as { action: string }[];
    expect(history.filter((entry) => entry.action === 'operating_site.closed')).toHaveLength(1);
  });

  it('starts an application, answers every item with evidence, refuses an early submission and submits', async () => {
    const firm = await registerFirm(testApp);
    const web = await webOf(firm.owner);
    expect((await expectStatus(web.get('/area/azienda/domande'), 200)).text).toContain('Nessuna domanda ancora.');
    const started = await expectStatus(web.submit('/area/azienda/domande', {}), 303);
    const applicationPath = started.headers.location;
    expect(applicationPath).toMatch(/^\/area\/azienda\/domande\/[0-9a-f-]{36}$/);
    const overview = await web.follow(started);
    expect(overview.text).toContain('Domanda iniziata');
    expect(overview.text).toContain('CA-01');
    await expectStatus(web.submit('/area/azienda/domande', {}), 409);

    const early = await expectStatus(web.submit(`${applicationPath}/invia`, {}), 422);
    expect(early.text).toContain('<a href="#CA-01">Voce CA-01: manca la risposta.</a>');

    const items = await declaredItems(testApp);
    const [firstItem] = items;
    const itemPage = await expectStatus(web.get(`${applicationPath}/voci/${firstItem.code}`), 200);
    expect(itemPage.text).toContain('Nessun documento allegato ancora.');
    // The firm reads what the item asks of it; how the auditor checks it is the auditor's.
    expect(itemPage.text).toContain("L&#x27;azienda ha adottato formalmente il codice procedurale");
    expect(itemPage.text).not.toContain('Chiedere l&#x27;atto di adozione');
    expect((await expectStatus(web.get(`${applicationPath}/voci/${firstItem.code}?lang=en`), 200)).text).not.toContain('Ask for the act of adoption');
    const noChoice = await expectStatus(web.submit(`${applicationPath}/voci/${firstItem.code}`, { statement: 'Nota' }), 400);
    expect(noChoice.text).toContain('id="compliance-error"');
    expect(noChoice.text).toContain('Nota</textarea>');
    const noFile = await expectStatus(web.submit(`${applicationPath}/voci/${firstItem.code}/documenti`, { effectiveDate: '2026-01-12' }), 400);
    expect(noFile.text).toContain('Scegli il file da allegare.');
    const badDate = await expectStatus(web.submit(`${applicationPath}/voci/${firstItem.code}/documenti`, { effectiveDate: '31/02/2026' }, { name: 'a.pdf', bytes: PDF_BYTES, contentType: 'application/pdf' }), 400);
    expect(badDate.text).toContain('id="effectiveDate-error"');
    expect(badDate.text).toContain('ad esempio 12/01/2026');
    const badType = await expectStatus(web.submit(`${applicationPath}/voci/${firstItem.code}/documenti`, { effectiveDate: '2026-01-12' }, { name: 'a.html', bytes: Buffer.from('<html><script>x</script></html>') }), 415);
    expect(badType.text).toContain('Questo tipo di file non è accettato');
    const evidenceApi = () => testApp.http.get(`${applicationPath.replace('/area/azienda/domande', '/api/v1/applications')}/evidence`).set(firm.owner.auth).expect(200);
    expect((await evidenceApi()).body).toEqual([]);

    // A document that expired on 30/11 is labelled so, and the refusal to submit names it.
    const needsEvidence = items.find((item) => item.evidenceRequired) as (typeof items)[number];
    for (const item of items) await expectStatus(web.submit(`${applicationPath}/voci/${item.code}`, { compliance: 'compliant', statement: `Conforme per ${item.code}` }), 303);
    await expectStatus(
      web.submit(`${applicationPath}/voci/${needsEvidence.code}/documenti`, { effectiveDate: '2025-01-12', expiresOn: '2025-11-30' }, { name: 'attestato-scaduto.pdf', bytes: PDF_BYTES, contentType: 'application/pdf' }),
      303,
    );
    const expiredShown = await expectStatus(web.get(`${applicationPath}/voci/${needsEvidence.code}`), 200);
    expect(expiredShown.text).toContain('Scaduto il 30/11/2025');
    expect(expiredShown.text).not.toContain('In vigore');
    const refused = await expectStatus(web.submit(`${applicationPath}/invia`, {}), 422);
    expect(refused.text).toContain(`Voce ${needsEvidence.code}: il documento «attestato-scaduto.pdf» è scaduto il 30/11/2025; allega una versione in vigore.`);
    expect(refused.text).not.toContain(`Voce ${needsEvidence.code}: dichiari la conformità, allega un documento valido.`);

    for (const item of items) {
      const answered = await expectStatus(web.submit(`${applicationPath}/voci/${item.code}`, { compliance: 'compliant', statement: `Conforme per ${item.code}` }), 303);
      expect((await web.follow(answered)).text).toContain(`Risposta alla voce ${item.code} salvata.`);
      const uploaded = await expectStatus(
        // Typed as people write dates where the browser offers no date picker.
        web.submit(`${applicationPath}/voci/${item.code}/documenti`, { effectiveDate: '12/01/2026', description: 'Delibera' }, { name: `${item.code}.pdf`, bytes: PDF_BYTES, contentType: 'application/pdf' }),
        303,
      );
      const withDocument = (await web.follow(uploaded)).text;
      expect(withDocument).toContain(`${item.code}.pdf`);
      expect(withDocument).toContain('<time datetime="2026-01-12">12/01/2026</time>');
      expect(withDocument).not.toMatch(/<td>20[0-9]{2}-[0-9]{2}-[0-9]{2}/);
    }
    const [evidence] = (await evidenceApi()).body as { id: string }[];
    const bothShown = await expectStatus(web.get(`${applicationPath}/voci/${needsEvidence.code}`), 200);
    expect(bothShown.text).toContain('Scaduto il 30/11/2025');
    expect(bothShown.text).toContain('In vigore');
    const download = await web.agent.get(`${applicationPath}/documenti/${evidence.id}`).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment/);

    const submitted = await expectStatus(web.submit(`${applicationPath}/invia`, {}), 303);
    const after = await web.follow(submitted);
    expect(after.text).toContain('Domanda inviata');
    expect(after.text).toContain('Inviata, in attesa di un valutatore');
    const frozen = await expectStatus(web.get(`${applicationPath}/voci/${firstItem.code}`), 200);
    expect(frozen.text).toContain('non si possono modificare');
    expect(frozen.text).not.toContain('name="compliance"');
    expect((await web.get('/area/azienda')).text).toContain('Inviata, in attesa di un valutatore');

    const stranger = await webOf((await registerFirm(testApp)).owner);
    await expectStatus(stranger.get(applicationPath), 404);
    await expectStatus(stranger.get(`${applicationPath}/voci/${firstItem.code}`), 404);
    await expectStatus(stranger.agent.get(`${applicationPath}/documenti/${evidence.id}`).set('accept', 'text/html'), 404);
    await expectStatus(stranger.submit(`${applicationPath}/invia`, {}), 404);
  });

  it('shows the auditor’s questions and takes the answer with a document', async () => {
    const audit = await assignedAudit(testApp);
    const asked = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/information-requests`)
      .set(audit.auditor.auth)
      .send({ itemCode: 'TR-01', question: 'Inviate il registro presenze del corso.' })
      .expect(201);
    const requestId = asked.body.id as string;
    const web = await webOf(audit.firm.owner);
    const path = `/area/azienda/domande/${audit.applicationId}`;
    const page = await expectStatus(web.get(path), 200);
    expect(page.text).toContain('In attesa delle tue risposte');
    expect(page.text).toContain('Inviate il registro presenze del corso.');

    const blank = await expectStatus(web.submit(`${path}/richieste/${requestId}/risposta`, { answer: ' ' }), 400);
    expect(blank.text).toContain(`id="answer-${requestId}-error"`);
    await expectStatus(web.submit(`${path}/richieste/${requestId}/documenti`, { itemCode: 'TR-01', effectiveDate: '2026-02-01' }, { name: 'registro.pdf', bytes: PDF_BYTES, contentType: 'application/pdf' }), 303);
    const answered = await expectStatus(web.submit(`${path}/richieste/${requestId}/risposta`, { answer: 'Allegato il registro presenze.' }), 303);
    const after = await web.follow(answered);
    expect(after.text).toContain('Risposta inviata al valutatore.');
    expect(after.text).toContain('Allegato il registro presenze.');
    expect(after.text).toContain('Documenti inviati con la risposta: 1');
    expect(after.text).toContain('In corso');
  });

  it('shows the decision, the certificate link and the seal to copy once the rating is issued', async () => {
    const rating = await approvedRating(testApp);
    const web = await webOf(rating.firm.owner);
    const page = await expectStatus(web.get(`/area/azienda/domande/${rating.applicationId}`), 200);
    expect(page.text).toContain('Approvata');
    expect(page.text).toContain(rating.certificateNumber);
    const home = await expectStatus(web.get('/area/azienda'), 200);
    expect(home.text).toContain('badge-active');
    expect(home.text).toContain(`href="/registro/${rating.firm.vatNumber}"`);
    expect(home.text).toMatch(/<pre class="code"[^>]*>&lt;a href&#x3D;&quot;http:\/\/localhost:3000\/registro\//);
  });

  it('keeps other roles and visitors out', async () => {
    const auditor = await testApp.signIn('auditor');
    const web = new WebVisitor(testApp.app);
    await web.signIn(auditor.email, auditor.password);
    for (const path of ['/area/azienda', '/area/azienda/numeri', '/area/azienda/sedi', '/area/azienda/domande']) await expectStatus(web.get(path), 403);
    await expectStatus(web.submit('/area/azienda', firmForm(validVatNumber())), 403);

    const away = await expectStatus(new WebVisitor(testApp.app).get('/area/azienda/numeri'), 303);
    expect(away.headers.location).toBe('/accedi?next=%2Farea%2Fazienda%2Fnumeri');

    const newcomer = await signedInFirmUser();
    expect((await expectStatus(newcomer.get('/area/azienda/numeri'), 303)).headers.location).toBe('/area/azienda');
  });

  it('asks before withdrawing an application, and withdraws it once however often the confirmation is sent', async () => {
    const firm = await registerFirm(testApp);
    const web = await webOf(firm.owner);
    const applicationPath = (await expectStatus(web.submit('/area/azienda/domande', {}), 303)).headers.location;
    const asked = await expectStatus(web.submit(`${applicationPath}/ritira`, {}), 200);
    expect(asked.text).toContain('<h1>Confermi il ritiro della domanda?</h1>');
    expect(asked.text).toContain('non potrà più essere inviata né modificata');
    const applicationApi = applicationPath.replace('/area/azienda/domande', '/api/v1/applications');
    expect((await testApp.http.get(applicationApi).set(firm.owner.auth).expect(200)).body.state).toBe('draft');
    const withdrawn = await web.follow(await expectStatus(web.confirm(asked), 303));
    expect(withdrawn.text).toContain('Domanda ritirata');
    expect((await testApp.http.get(applicationApi).set(firm.owner.auth).expect(200)).body.state).toBe('withdrawn');
    const again = await web.follow(await expectStatus(web.confirm(asked), 303));
    expect(again.text).toContain('Questa conferma era già stata inviata');
  });

  it('refuses every firm form sent without its form token, before looking at anything else', async () => {
    const web = await signedInFirmUser();
    const id = '00000000-0000-4000-8000-000000000000';
    const posts = [
      '/area/azienda',
      '/area/azienda/numeri',
      `/area/azienda/numeri/${id}/ritira`,
      '/area/azienda/numeri/importa',
      '/area/azienda/sedi',
      `/area/azienda/sedi/${id}/chiudi`,
      '/area/azienda/domande',
      `/area/azienda/domande/${id}/invia`,
      `/area/azienda/domande/${id}/ritira`,
      `/area/azienda/domande/${id}/voci/CA-01`,
      `/area/azienda/domande/${id}/voci/CA-01/documenti`,
      `/area/azienda/domande/${id}/richieste/${id}/risposta`,
      `/area/azienda/domande/${id}/richieste/${id}/documenti`,
    ];
    for (const path of posts) {
      const response = await web.agent.post(path).set('accept', 'text/html').field('lang', 'it');
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });
});
