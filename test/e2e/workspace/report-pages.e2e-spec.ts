import { assignedAudit } from '../../factories/audit.factory';
import { mobileNumber, registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { fileReport, FiledReport } from '../../factories/report.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

describe('workspace consumer reports: the firm answers, staff triage', () => {
  let testApp: TestApp;
  let reviewer: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    reviewer = await testApp.signIn('reviewer');
  });
  afterAll(async () => {
    await testApp?.close();
  });

  async function firmWithNumber(): Promise<{ firm: RegisteredFirm; number: string }> {
    const firm = await registerFirm(testApp);
    const number = mobileNumber();
    await testApp.http.post(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).send({ number }).expect(201);
    return { firm, number };
  }

  const triageApi = (id: string) => testApp.http.get(`/api/v1/report-triage/${id}`).set(reviewer.auth).expect(200);
  const forwardApi = (id: string) => testApp.http.post(`/api/v1/report-triage/${id}/forward`).set(reviewer.auth).send({}).expect(200);

  async function signedIn(user: SignedInUser): Promise<WebVisitor> {
    const web = new WebVisitor(testApp.app);
    await web.signIn(user.email, user.password);
    return web;
  }

  it('shows a firm only the reports forwarded to it, and takes its answer (a blank one is refused next to the field)', async () => {
    const { firm, number } = await firmWithNumber();
    const other = await firmWithNumber();
    const consenting = await fileReport(testApp, { number, email: 'consenziente@example.it', shareContactWithFirm: true });
    const silent = await fileReport(testApp, { number, email: 'riservato@example.it' });
    const notForwarded = await fileReport(testApp, { number });
    const elsewhere = await fileReport(testApp, { number: other.number });
    for (const report of [consenting, silent, elsewhere]) await forwardApi(report.id);

    const web = await signedIn(firm.owner);
    const list = await expectStatus(web.get('/area/azienda/segnalazioni'), 200);
    expect(list.text).toContain(consenting.reference);
    expect(list.text).toContain(silent.reference);
    expect(list.text).not.toContain(notForwarded.reference);
    expect(list.text).not.toContain(elsewhere.reference);
    expect(list.text).toContain('consenziente@example.it');
    expect(list.text).not.toContain('riservato@example.it');
    expect(list.text).toContain(`<label for="answer-${consenting.id}">`);

    const blank = await expectStatus(web.submit(`/area/azienda/segnalazioni/${consenting.id}/risposta`, { answer: '   ' }), 400);
    expect(blank.text).toContain(`id="answer-${consenting.id}-error"`);
    expect(blank.text).toContain('Scrivi la risposta');
    expect((await triageApi(consenting.id)).body.status).toBe('forwarded_to_firm');

    const answered = await expectStatus(web.submit(`/area/azienda/segnalazioni/${consenting.id}/risposta`, { answer: 'Abbiamo bloccato il numero del cliente.' }), 303);
    expect(answered.headers.location).toBe('/area/azienda/segnalazioni');
    const after = await web.follow(answered);
    expect(after.text).toContain(`Risposta alla segnalazione ${consenting.reference} inviata.`);
    expect(after.text).toContain('Abbiamo bloccato il numero del cliente.');
    expect(after.text).not.toContain(`<label for="answer-${consenting.id}">`);
    expect((await triageApi(consenting.id)).body).toMatchObject({ status: 'answered', firmAnswer: 'Abbiamo bloccato il numero del cliente.' });

    await expectStatus(web.submit(`/area/azienda/segnalazioni/${elsewhere.id}/risposta`, { answer: 'Non è nostro.' }), 404);
    expect((await triageApi(elsewhere.id)).body.status).toBe('forwarded_to_firm');
  });

  it('lets a reviewer forward a report and close it with an outcome, refusing a missing verdict next to the field', async () => {
    const { number } = await firmWithNumber();
    const report: FiledReport = await fileReport(testApp, { number });
    const web = await signedIn(reviewer);

    const queue = await expectStatus(web.get('/area/segnalazioni?stato=new'), 200);
    expect(queue.text).toContain(report.reference);
    // The time the consumer gave for the call, not only its day.
    const calledAt = (await triageApi(report.id)).body.calledAt as string;
    const [day, time] = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(calledAt)).split(', ');
    expect(queue.text).toContain(`${day} ${time}</time>`);
    const page = await expectStatus(web.get(`/area/segnalazioni/${report.id}`), 200);
    expect(page.text).toContain(`${day} ${time}</time>`);
    expect(page.text).toContain(`action="/area/segnalazioni/${report.id}/inoltro"`);
    expect(page.text).not.toContain(`action="/area/segnalazioni/${report.id}/chiusura"`);

    const forwarded = await expectStatus(web.submitConfirmed(`/area/segnalazioni/${report.id}/inoltro`, { note: 'Da sentire.' }), 303);
    expect(forwarded.headers.location).toBe(`/area/segnalazioni/${report.id}`);
    expect((await web.follow(forwarded)).text).toContain('Segnalazione inoltrata all&#x27;azienda.');
    expect((await triageApi(report.id)).body.status).toBe('forwarded_to_firm');

    const missing = await expectStatus(web.submit(`/area/segnalazioni/${report.id}/chiusura`, { note: '' }), 400);
    expect(missing.text).toContain('id="close-substantiated-error"');
    expect(missing.text).toContain('id="close-note-error"');
    expect((await triageApi(report.id)).body.status).toBe('forwarded_to_firm');

    const askedToClose = await expectStatus(web.submit(`/area/segnalazioni/${report.id}/chiusura`, { substantiated: 'true', note: 'Chiamate confermate.' }), 200);
    expect(askedToClose.text).toContain('La segnalazione sarà chiusa come fondata. La chiusura è definitiva.');
    expect(askedToClose.text).toContain('Chi ha segnalato vede l’esito');
    const closed = await expectStatus(web.confirm(askedToClose), 303);
    expect((await web.follow(closed)).text).toContain('Segnalazione chiusa.');
    expect((await triageApi(report.id)).body).toMatchObject({ status: 'closed', substantiated: true });
    expect((await expectStatus(web.get('/area/segnalazioni?stato=closed&lang=en'), 200)).text).toContain(report.reference);
  });

  it('lets an admin dismiss a report of a number no firm declared', async () => {
    const report = await fileReport(testApp, { number: mobileNumber() });
    const web = await signedIn(await testApp.signIn('admin'));
    const page = await expectStatus(web.get(`/area/segnalazioni/${report.id}`), 200);
    expect(page.text).toContain('Numero non dichiarato');
    expect(page.text).not.toContain(`action="/area/segnalazioni/${report.id}/inoltro"`);
    await expectStatus(web.submit(`/area/segnalazioni/${report.id}/archiviazione`, { note: '' }), 400);
    await expectStatus(web.submitConfirmed(`/area/segnalazioni/${report.id}/archiviazione`, { note: 'Non è un contact center.' }), 303);
    expect((await triageApi(report.id)).body.status).toBe('dismissed');
  });

  it('keeps the triage to staff and the firm list to firms, and sends visitors to sign in', async () => {
    const report = await fileReport(testApp, { number: mobileNumber() });
    const { firm } = await firmWithNumber();
    const firmWeb = await signedIn(firm.owner);
    await expectStatus(firmWeb.get('/area/segnalazioni'), 403);
    await expectStatus(firmWeb.get(`/area/segnalazioni/${report.id}`), 403);
    await expectStatus(firmWeb.submit(`/area/segnalazioni/${report.id}/archiviazione`, { note: 'Spam.' }), 403);

    const auditorWeb = await signedIn(await testApp.signIn('auditor'));
    await expectStatus(auditorWeb.get('/area/segnalazioni'), 403);
    await expectStatus(auditorWeb.get('/area/azienda/segnalazioni'), 403);

    const reviewerWeb = await signedIn(reviewer);
    await expectStatus(reviewerWeb.get('/area/azienda/segnalazioni'), 403);
    await expectStatus(reviewerWeb.get('/area/segnalazioni/00000000-0000-4000-8000-000000000000'), 404);

    const visitor = new WebVisitor(testApp.app);
    expect((await expectStatus(visitor.get('/area/segnalazioni'), 303)).headers.location).toMatch(/^\/accedi/);
    expect((await expectStatus(visitor.get('/area/azienda/segnalazioni'), 303)).headers.location).toMatch(/^\/accedi/);
    expect((await triageApi(report.id)).body.status).toBe('new');
  });

  it('shows the auditor and the reviewer the firm’s reports by month, kind and outcome beside the audit', async () => {
    const { firm, number } = await firmWithNumber();
    const audit = await assignedAudit(testApp, { firm });
    await fileReport(testApp, { number });
    const auditorPage = await expectStatus((await signedIn(audit.auditor)).get(`/area/verifiche/${audit.auditId}`), 200);
    expect(auditorPage.text).toContain('Segnalazioni dei consumatori sull’azienda');
    expect(auditorPage.text).toContain('<caption>Segnalazioni per mese della chiamata, per tipo ed esito (ultimi 12 mesi)</caption>');
    const otherFirm = await firmWithNumber();
    const quiet = await assignedAudit(testApp, { firm: otherFirm.firm });
    const quietPage = await expectStatus((await signedIn(quiet.auditor)).get(`/area/verifiche/${quiet.auditId}`), 200);
    expect(quietPage.text).not.toContain('<caption>Segnalazioni per mese');
  });
});
