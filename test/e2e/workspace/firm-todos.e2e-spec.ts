import { romeCalendarDate } from '@app/core';
import { DataSource } from 'typeorm';
import { PDF_BYTES } from '../../factories/application.factory';
import { approvedRating, assignedAudit } from '../../factories/audit.factory';
import { mobileNumber } from '../../factories/firm.factory';
import { fileReport } from '../../factories/report.factory';
import { startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const DAY = 86_400_000;
/** dd/mm/yyyy of a YYYY-MM-DD date. */
const italian = (day: string) => day.split('-').reverse().join('/');

describe("the firm's home: what it must do now", () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  async function webOf(owner: { email: string; password: string }): Promise<WebVisitor> {
    const web = new WebVisitor(testApp.app);
    await web.signIn(owner.email, owner.password);
    return web;
  }

  it("lists the auditor's open question with its date, the report waiting for an answer with its deadline, and the document about to expire", async () => {
    const audit = await assignedAudit(testApp);
    const web = await webOf(audit.firm.owner);
    expect((await expectStatus(web.get('/area/azienda'), 200)).text).toContain('Non ci sono richieste né scadenze in attesa della tua azienda.');

    const asked = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/information-requests`)
      .set(audit.auditor.auth)
      .send({ itemCode: 'TR-01', question: 'Inviate il registro presenze del corso.' })
      .expect(201);
    // The firm has begun its answer with a document that expires soon: a version in force on item TR-01.
    const expiresOn = romeCalendarDate(new Date(testApp.clock.now().getTime() + 10 * DAY));
    await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/information-requests/${asked.body.id as string}/evidence`)
      .set(audit.firm.owner.auth)
      .field('itemCode', 'TR-01')
      .field('effectiveDate', '2026-01-12')
      .field('expiresOn', expiresOn)
      .attach('file', PDF_BYTES, 'attestato-corso.pdf')
      .expect(201);
    const number = mobileNumber();
    await testApp.http.post(`/api/v1/firms/${audit.firm.id}/numbers`).set(audit.firm.owner.auth).send({ number }).expect(201);
    const report = await fileReport(testApp, { number });
    const reviewer = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/report-triage/${report.id}/forward`).set(reviewer.auth).send({}).expect(200);

    const home = await expectStatus(web.get('/area/azienda'), 200);
    const today = italian(romeCalendarDate(testApp.clock.now()));
    expect(home.text).toContain('Da fare adesso');
    expect(home.text).toMatch(new RegExp(`Rispondi alla domanda del valutatore del ${today} [0-9]{2}:[0-9]{2} sulla voce TR-01: «Inviate il registro presenze del corso.»`));
    expect(home.text).toContain(`href="/area/azienda/domande/${audit.applicationId}"`);
    const due = italian(romeCalendarDate(new Date(testApp.clock.now().getTime() + 15 * DAY)));
    expect(home.text).toMatch(new RegExp(`Rispondi alla segnalazione ${report.reference} entro il ${due} [0-9]{2}:[0-9]{2}`));
    expect(home.text).toContain(`Il documento attestato-corso.pdf (voce TR-01) scade il ${italian(expiresOn)}: allega la versione aggiornata`);
    expect(home.text).toContain(`href="/area/azienda/domande/${audit.applicationId}/voci/TR-01"`);

    const english = await expectStatus(web.get('/area/azienda?lang=en'), 200);
    expect(english.text).toContain('To do now');
    expect(english.text).toContain(`Answer consumer report ${report.reference} by`);
  });

  it("tells the firm when its rating is about to lapse", async () => {
    const rating = await approvedRating(testApp);
    const web = await webOf(rating.firm.owner);
    expect((await expectStatus(web.get('/area/azienda'), 200)).text).not.toContain('scade il');
    const [{ valid_until: validUntil }] = await testApp.app.get(DataSource).query<{ valid_until: Date }[]>(`SELECT valid_until FROM rating WHERE id = $1`, [rating.ratingId]);
    const started = testApp.clock.now();
    try {
      testApp.clock.set(new Date(validUntil.getTime() - 20 * DAY));
      // Sessions last hours, not months: sign in again at the new time.
      const soon = await expectStatus((await webOf(rating.firm.owner)).get('/area/azienda'), 200);
      expect(soon.text).toContain(`Il bollino blu (${rating.certificateNumber}) scade il ${italian(romeCalendarDate(validUntil))}: per rinnovarlo presenta una nuova domanda`);
    } finally {
      testApp.clock.set(started);
    }
  });
});
