import { romeCalendarDate } from '@app/core';
import { proposedAudit } from '../../factories/audit.factory';
import { registerFirm } from '../../factories/firm.factory';
import { ratedFirm } from '../../factories/rating.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

describe("workspace: the reviewer's decisions (four-eyes), ratings and revocation reviews", () => {
  let testApp: TestApp;
  let admin: SignedInUser;
  let reviewer: SignedInUser;
  let web: WebVisitor;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await testApp.signIn('admin');
    reviewer = await testApp.signIn('reviewer');
    web = new WebVisitor(testApp.app);
    await web.signIn(reviewer.email, reviewer.password);
  });
  afterAll(async () => {
    await testApp?.close();
  });

  async function signedIn(user: SignedInUser): Promise<WebVisitor> {
    const visitor = new WebVisitor(testApp.app);
    await visitor.signIn(user.email, user.password);
    return visitor;
  }

  it('decides on a proposed audit from the queue: bad input first, then approval issues the rating and shows its number', async () => {
    const firm = await registerFirm(testApp, { legalName: 'Decisioni Pagine S.p.A.' });
    const audit = await proposedAudit(testApp, { firm, admin });

    const queue = await expectStatus(web.get('/area/decisioni'), 200);
    expect(queue.text).toContain('Decisioni Pagine S.p.A.');
    expect(queue.text).toContain('Rilascio del rating');
    expect(queue.text).toContain(`href="/area/decisioni/verifiche/${audit.auditId}"`);

    const page = await expectStatus(web.get(`/area/decisioni/verifiche/${audit.auditId}`), 200);
    expect(page.text).toContain('<h1>Decisione sulla verifica di Decisioni Pagine S.p.A.</h1>');
    expect(page.text).toContain('Criterio soddisfatto');
    expect(page.text).not.toContain('Salva la voce');

    const noOutcome = await expectStatus(web.submit(`/area/decisioni/verifiche/${audit.auditId}/decisione`, { outcome: '' }), 400);
    expect(noOutcome.text).toMatch(/<p class="error" id="verdict-outcome-error">Scegli se rilasciare il rating o rifiutare la domanda.<\/p>/);
    const noReasons = await expectStatus(web.submit(`/area/decisioni/verifiche/${audit.auditId}/decisione`, { outcome: 'refuse', reasons: ' ' }), 400);
    expect(noReasons.text).toContain('id="verdict-reasons-error"');
    expect((await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(reviewer.auth).expect(200)).body.decision).toBeNull();

    const asked = await expectStatus(web.submit(`/area/decisioni/verifiche/${audit.auditId}/decisione`, { outcome: 'approve' }), 200);
    expect(asked.text).toContain('<h1>Confermi il rilascio del rating a Decisioni Pagine S.p.A.?</h1>');
    expect(asked.text).toContain('registro pubblico');
    expect((await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(reviewer.auth).expect(200)).body.decision).toBeNull();
    const approved = await expectStatus(web.confirm(asked), 303);
    const decided = await web.follow(approved);
    const ratings = (await testApp.http.get(`/api/v1/ratings?firmId=${firm.id}`).set(reviewer.auth).expect(200)).body as { certificateNumber: string; status: string }[];
    expect(ratings).toEqual([expect.objectContaining({ status: 'active' })]);
    expect(decided.text).toContain(`Rating rilasciato: attestato n. ${ratings[0].certificateNumber}.`);
    expect(decided.text).toContain('Domanda approvata');
    expect((await expectStatus(web.get('/area/decisioni'), 200)).text).not.toContain('Decisioni Pagine S.p.A.');
    const english = await expectStatus(web.get(`/area/decisioni/verifiche/${audit.auditId}?lang=en`), 200);
    expect(english.text).toContain(`Rating issued: certificate no. ${ratings[0].certificateNumber}.`);
    expect((await expectStatus(web.get(`/area/decisioni/aziende/${firm.id}?lang=en`), 200)).text).toContain('Suspend the rating');
    expect((await expectStatus(web.get('/area/decisioni/revisioni?lang=en'), 200)).text).toContain('<h1>Reviews opened by new sanctions</h1>');
  });

  it('keeps auditors out, tells a former auditor now reviewer that another reviewer must decide (four-eyes), and lets another reviewer refuse with reasons', async () => {
    const audit = await proposedAudit(testApp, { admin });
    const auditorWeb = await signedIn(audit.auditor);
    await expectStatus(auditorWeb.get('/area/decisioni'), 403);
    await expectStatus(auditorWeb.get(`/area/decisioni/verifiche/${audit.auditId}`), 403);

    await testApp.http.patch(`/api/v1/users/${audit.auditor.id}`).set(admin.auth).send({ role: 'reviewer' }).expect(200);
    const ownQueue = await expectStatus(auditorWeb.get('/area/decisioni'), 200);
    expect(ownQueue.text).not.toContain(audit.auditId);
    await auditorWeb.get(`/area/decisioni/verifiche/${audit.auditId}`);
    const refused = await expectStatus(auditorWeb.submitConfirmed(`/area/decisioni/verifiche/${audit.auditId}/decisione`, { outcome: 'approve' }), 403);
    expect(refused.text).toContain('Hai svolto tu questa verifica: per il principio dei quattro occhi deve decidere un altro revisore.');
    const english = await expectStatus(auditorWeb.submitConfirmed(`/area/decisioni/verifiche/${audit.auditId}/decisione`, { outcome: 'approve', lang: 'en' }), 403);
    expect(english.text).toContain('under the four-eyes rule another reviewer must decide');
    expect((await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(reviewer.auth).expect(200)).body.decision).toBeNull();

    await web.get(`/area/decisioni/verifiche/${audit.auditId}`);
    const refusal = await web.follow(await expectStatus(web.submitConfirmed(`/area/decisioni/verifiche/${audit.auditId}/decisione`, { outcome: 'refuse', reasons: 'Procedura reclami non documentata' }), 303));
    expect(refusal.text).toContain('Domanda rifiutata: l’azienda leggerà la motivazione.');
    expect(refusal.text).toContain('Procedura reclami non documentata');
  });

  it('finds a firm and suspends, reinstates and revokes its rating with a public note; a bad reason category is refused', async () => {
    const { firm, rating } = await ratedFirm(testApp, { legalName: 'Sospensioni Pagine S.r.l.' });
    const search = await expectStatus(web.get(`/area/decisioni/rating?q=${firm.vatNumber}`), 200);
    expect(search.text).toContain('Sospensioni Pagine S.r.l.');
    expect(search.text).toContain(`href="/area/decisioni/aziende/${firm.id}"`);
    expect((await expectStatus(web.get('/area/decisioni/rating?q=Nessuna%20azienda%20con%20questo%20nome'), 200)).text).toContain('Nessuna azienda corrisponde alla ricerca.');

    const page = await expectStatus(web.get(`/area/decisioni/aziende/${firm.id}`), 200);
    expect(page.text).toContain(rating.certificateNumber);
    expect(page.text).toContain(`action="/area/decisioni/rating/${rating.id}/sospensione"`);

    const bogus = await expectStatus(web.submit(`/area/decisioni/rating/${rating.id}/sospensione`, { reason: 'bogus', publicNote: 'Nota pubblica' }), 400);
    expect(bogus.text).toMatch(new RegExp(`<p class="error" id="suspend-${rating.id}-reason-error">Scegli un motivo dall’elenco.</p>`));
    expect(bogus.text).toContain('Nota pubblica');
    const noNote = await expectStatus(web.submit(`/area/decisioni/rating/${rating.id}/revoca`, { reason: 'irregularities', publicNote: '' }), 400);
    expect(noNote.text).toContain(`id="revoke-${rating.id}-publicNote-error"`);
    expect((await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200)).body.status).toBe('active');

    const suspended = await web.follow(await expectStatus(web.submitConfirmed(`/area/decisioni/rating/${rating.id}/sospensione`, { reason: 'irregularities', publicNote: 'Verifica in corso su segnalazioni' }), 303));
    expect(suspended.text).toContain(`Rating ${rating.certificateNumber} sospeso.`);
    expect(suspended.text).toContain('Verifica in corso su segnalazioni');
    expect(suspended.text).toContain(`action="/area/decisioni/rating/${rating.id}/riattivazione"`);

    await expectStatus(web.submitConfirmed(`/area/decisioni/rating/${rating.id}/riattivazione`, { publicNote: '' }), 303);
    expect((await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200)).body.status).toBe('active');

    const revoked = await web.follow(await expectStatus(web.submitConfirmed(`/area/decisioni/rating/${rating.id}/revoca`, { reason: 'false_declarations', publicNote: 'Dichiarazioni non veritiere sui numeri chiamanti' }), 303));
    expect(revoked.text).toContain(`Rating ${rating.certificateNumber} revocato.`);
    expect(revoked.text).not.toContain(`action="/area/decisioni/rating/${rating.id}/revoca"`);
    expect((await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200)).body).toMatchObject({
      status: 'revoked',
      revocationReason: 'false_declarations',
      publicNote: 'Dichiarazioni non veritiere sui numeri chiamanti',
    });
  });

  it('asks before revoking, on a page of its own that says what happens and who sees it; the same confirmation posted twice revokes once', async () => {
    const { firm, rating } = await ratedFirm(testApp, { legalName: 'Conferme Revoca S.r.l.' });
    const asked = await expectStatus(web.submit(`/area/decisioni/rating/${rating.id}/revoca`, { reason: 'irregularities', publicNote: 'Irregolarità accertate nella sorveglianza' }), 200);
    expect(asked.text).toContain(`<h1>Confermi la revoca del rating ${rating.certificateNumber}?</h1>`);
    expect(asked.text).toContain('La revoca è definitiva');
    expect(asked.text).toContain('registro pubblico');
    expect(asked.text).toContain('Irregolarità accertate nella sorveglianza');
    expect(asked.text).toContain(`href="/area/decisioni/aziende/${firm.id}"`);
    expect((await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200)).body.status).toBe('active');

    // A double click: both posts at once, then a reload of the confirmation.
    const [first, racing] = await Promise.all([expectStatus(web.confirm(asked), 303), expectStatus(web.confirm(asked), 303)]);
    expect([first.headers.location, racing.headers.location]).toEqual([`/area/decisioni/aziende/${firm.id}`, `/area/decisioni/aziende/${firm.id}`]);
    expect((await web.get(`/area/decisioni/aziende/${firm.id}`)).text).toContain('badge badge-revoked');
    const second = await web.follow(await expectStatus(web.confirm(asked), 303));
    expect(second.text).toContain('Questa conferma era già stata inviata');
    const history = (await testApp.http.get(`/api/v1/history?entityType=rating&entityId=${rating.id}`).set(admin.auth).expect(200)).body as { action: string }[];
    expect(history.filter((entry) => entry.action === 'rating.revoked')).toHaveLength(1);
  });

  it('lets the reviewer choose the length of a suspension (refusing more than SUSPENSION_MAX_DAYS), shows its deadline, and after it lapses shows the revocation as the registry does', async () => {
    const { firm, rating } = await ratedFirm(testApp, { legalName: 'Sospensione Breve S.r.l.' });
    const page = await expectStatus(web.get(`/area/decisioni/aziende/${firm.id}`), 200);
    expect(page.text).toContain(`id="suspend-${rating.id}-days"`);
    const tooLong = await expectStatus(web.submit(`/area/decisioni/rating/${rating.id}/sospensione`, { reason: 'irregularities', publicNote: 'Controllo in corso', days: '91' }), 400);
    expect(tooLong.text).toContain(`<p class="error" id="suspend-${rating.id}-days-error">Scrivi una durata da 1 a 90 giorni.</p>`);
    const api = await testApp.http.post(`/api/v1/ratings/${rating.id}/suspend`).set(reviewer.auth).send({ reason: 'irregularities', publicNote: 'Controllo in corso', days: 91 }).expect(400);
    expect(api.body).toMatchObject({ code: 'invalid_suspension_length', details: { fields: { days: [expect.stringContaining('90')] } } });

    const asked = await expectStatus(web.submit(`/area/decisioni/rating/${rating.id}/sospensione`, { reason: 'irregularities', publicNote: 'Controllo in corso', days: '3' }), 200);
    expect(asked.text).toContain('3 giorni, fino al');
    const suspended = await web.follow(await expectStatus(web.confirm(asked), 303));
    const view = (await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200)).body as { suspendedAt: string; suspensionDeadline: string };
    expect(new Date(view.suspensionDeadline).getTime() - new Date(view.suspendedAt).getTime()).toBe(3 * 86_400_000);
    expect(suspended.text).toContain('Diventa revoca il');
    expect(suspended.text).toContain(`datetime="${new Date(view.suspensionDeadline).toISOString()}"`);

    testApp.clock.advanceDays(4);
    try {
      // Sessions idle for days have ended: a reviewer signs in again.
      const later = await testApp.signIn('reviewer');
      const laterWeb = await signedIn(later);
      const lapsed = (await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(later.auth).expect(200)).body;
      expect(lapsed).toMatchObject({ status: 'revoked', endedAt: view.suspensionDeadline, revocationReason: 'irregularities', suspendedAt: null, suspensionDeadline: null, suspensionReason: null });
      const registry = (await testApp.http.get(`/api/v1/registry/firms/${firm.vatNumber}`).expect(200)).body;
      expect(registry.rating).toMatchObject({ status: 'revoked', endedAt: lapsed.endedAt, revocationReason: lapsed.revocationReason, publicNote: lapsed.publicNote });
      const staffPage = await expectStatus(laterWeb.get(`/area/decisioni/aziende/${firm.id}`), 200);
      expect(staffPage.text).toContain('Terminato il');
      expect(staffPage.text).not.toContain('Sospeso il');
      expect(staffPage.text).not.toContain('Diventa revoca il');
    } finally {
      testApp.clock.advanceDays(-4);
    }
  });

  it('lists the revocation reviews a definitive sanction opens, and closes one', async () => {
    const { firm } = await ratedFirm(testApp, { legalName: 'Revisioni Pagine S.r.l.' });
    const today = romeCalendarDate(new Date());
    await testApp.http
      .post('/api/v1/sanctions')
      .set(admin.auth)
      .send({ firmId: firm.id, authority: 'garante_privacy', reference: `doc. web n. ${Date.now()}`, conductCategory: 'data_protection', imposedOn: today, definitiveOn: today, sourceUrl: 'https://www.garanteprivacy.it/' })
      .expect(201);
    const tasks = (await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200)).body.filter((task: { firmId: string }) => task.firmId === firm.id);
    expect(tasks).toHaveLength(1);
    const taskId = tasks[0].id as string;

    const list = await expectStatus(web.get('/area/decisioni/revisioni'), 200);
    expect(list.text).toContain('Revisioni Pagine S.r.l.');
    expect(list.text).toContain(`href="/area/decisioni/aziende/${firm.id}"`);
    // The sanction by its labels, never its codes (garante_privacy, data_protection).
    const italianDay = today.split('-').reverse().join('/');
    expect(list.text).toContain(`Sanzione definitiva dal ${italianDay}: Garante privacy, doc. web n.`);
    expect(list.text).toContain('(Protezione dei dati)');
    expect(list.text).not.toMatch(/garante_privacy|data_protection/);
    const english = await expectStatus(web.get('/area/decisioni/revisioni?lang=en'), 200);
    expect(english.text).toContain('Sanction definitive since');
    const bad = await expectStatus(web.submit(`/area/decisioni/revisioni/${taskId}/chiusura`, { outcome: 'forse', note: 'x' }), 400);
    expect(bad.text).toContain(`id="task-${taskId}-outcome-error"`);
    expect(bad.text).toContain(`id="task-${taskId}-note-error"`);
    const closed = await web.follow(await expectStatus(web.submit(`/area/decisioni/revisioni/${taskId}/chiusura`, { outcome: 'no_action', note: 'Sanzione già valutata nella verifica' }), 303));
    expect(closed.text).toContain('Revisione chiusa.');
    expect(closed.text).not.toContain('Revisioni Pagine S.r.l.');
    await expectStatus(web.submit(`/area/decisioni/revisioni/${taskId}/chiusura`, { outcome: 'no_action', note: 'Di nuovo' }), 404);
  });

  it('sends other roles away: a firm user gets 403, a visitor not signed in goes to the sign-in page', async () => {
    const { firm, rating } = await ratedFirm(testApp);
    const firmWeb = await signedIn(firm.owner);
    for (const path of ['/area/decisioni', '/area/decisioni/rating', `/area/decisioni/aziende/${firm.id}`, '/area/decisioni/revisioni']) await expectStatus(firmWeb.get(path), 403);
    await expectStatus(firmWeb.submit(`/area/decisioni/rating/${rating.id}/revoca`, { reason: 'firm_request', publicNote: 'Su richiesta' }), 403);
    const stranger = new WebVisitor(testApp.app);
    for (const path of ['/area/decisioni', '/area/decisioni/revisioni']) {
      const away = await expectStatus(stranger.get(path), 303);
      expect(away.headers.location).toBe(`/accedi?next=${encodeURIComponent(path)}`);
    }
    expect((await testApp.http.get(`/api/v1/ratings/${rating.id}`).set(reviewer.auth).expect(200)).body.status).toBe('active');
  });
});
