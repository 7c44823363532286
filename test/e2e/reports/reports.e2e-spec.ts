import { ReportsService } from '@app/reports';
import { DataSource } from 'typeorm';
import { mobileNumber, registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { fileReport, reportBody, reporterEmail } from '../../factories/report.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const REFERENCE = /^SGN-[0-9A-HJKMNP-TV-Z]{10}$/;

describe('consumer reports (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let reviewer: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    reviewer = await testApp.signIn('reviewer');
    admin = await testApp.signIn('admin');
  });
  afterAll(() => testApp.close());

  const submit = (body: Record<string, unknown>) => testApp.http.post('/api/v1/reports').send(body);
  const declare = (firm: RegisteredFirm, number: string) => testApp.http.post(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).send({ number }).expect(201);
  const triage = (path: string, user: SignedInUser = reviewer) => testApp.http.get(`/api/v1/report-triage${path}`).set(user.auth);
  const step = (id: string, action: 'forward' | 'close' | 'dismiss', body: Record<string, unknown> = {}, user: SignedInUser = reviewer) =>
    testApp.http.post(`/api/v1/report-triage/${id}/${action}`).set(user.auth).send(body);

  async function firmWithNumber(): Promise<{ firm: RegisteredFirm; number: string }> {
    const firm = await registerFirm(testApp);
    const number = mobileNumber();
    await declare(firm, number);
    return { firm, number };
  }

  describe('filing', () => {
    it('links a report to the firm that declared the number, and gives a reference and links', async () => {
      const { firm, number } = await firmWithNumber();
      const local = `${number.slice(3, 6)} ${number.slice(6)}`;
      const response = await submit(reportBody(testApp, { number: local, email: reporterEmail() })).expect(201);
      expect(response.body).toEqual({
        reference: expect.stringMatching(REFERENCE),
        status: 'new',
        duplicate: false,
        duplicateCount: 0,
        numberDeclared: true,
        links: {
          statusPage: `${testApp.config.publicBaseUrl}/segnala/${response.body.reference}`,
          garante: expect.stringMatching(/^https:\/\/.*gpdp\.it\//),
          opposizioni: 'https://www.registrodelleopposizioni.it/',
        },
      });
      const item = (await triage(`?firmId=${firm.id}`).expect(200)).body.items[0];
      expect(item).toMatchObject({ reference: response.body.reference, number, firmId: firm.id, firmName: 'Contact Center Esempio S.r.l.', status: 'new' });
    });

    it('queues a number no firm declared as "number not declared"', async () => {
      const number = mobileNumber();
      const response = await submit(reportBody(testApp, { number, email: reporterEmail() })).expect(201);
      expect(response.body.numberDeclared).toBe(false);
      const queue = (await triage('?declared=false&pageSize=200').expect(200)).body.items as { reference: string; firmId: string | null }[];
      expect(queue.find((item) => item.reference === response.body.reference)).toMatchObject({ firmId: null });
      expect((await triage('?declared=true&pageSize=200').expect(200)).body.items.map((item: { reference: string }) => item.reference)).not.toContain(response.body.reference);
    });

    it('links a call to the firm whose declaration covered it, even when the number has changed hands since', async () => {
      const { firm: first, number } = await firmWithNumber();
      const [{ id: numberId }] = await testApp.app.get(DataSource).query<{ id: string }[]>(`SELECT id FROM calling_number WHERE e164 = $1`, [number]);
      await testApp.app.get(DataSource).query(`UPDATE calling_number SET declared_at = declared_at - interval '10 days' WHERE id = $1`, [numberId]);
      const callWhileFirst = new Date(testApp.clock.now().getTime() - 3 * 86_400_000).toISOString();
      await testApp.http.post(`/api/v1/firms/${first.id}/numbers/${numberId}/retire`).set(first.owner.auth).expect(200);
      const second = await registerFirm(testApp);
      await declare(second, number);

      const old = await fileReport(testApp, { number, calledAt: callWhileFirst });
      const recent = await fileReport(testApp, { number, calledAt: testApp.clock.now().toISOString() });
      expect((await triage(`/${old.id}`).expect(200)).body.firmId).toBe(first.id);
      expect((await triage(`/${recent.id}`).expect(200)).body.firmId).toBe(second.id);
    });

    it('refuses each bad field with a 400 naming it, and never answers 500', async () => {
      const bad = async (overrides: Record<string, unknown>, field: string, code = 'validation_failed') => {
        const response = await submit(reportBody(testApp, overrides)).expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, code, details: { fields: { [field]: [expect.any(String)] } } });
        return response.body as { message: string; details: { fields: Record<string, string[]> } };
      };
      expect((await bad({ number: '123' }, 'number', 'invalid_phone_number')).details.fields.number).toEqual(['too short for a phone number of its country']);
      await bad({ number: 'chiamatemi' }, 'number', 'invalid_phone_number');
      await bad({ number: '1'.repeat(41) }, 'number');
      await bad({ number: 3471234567 }, 'number');
      await bad({ calledAt: '2026-11-20T15:30:00' }, 'calledAt');
      await bad({ calledAt: 'ieri sera' }, 'calledAt');
      await bad({ calledAt: '2026-02-30T10:00:00+01:00' }, 'calledAt');
      await bad({ calledAt: new Date(testApp.clock.now().getTime() + 3_600_000).toISOString() }, 'calledAt', 'invalid_call_time');
      expect((await bad({ calledAt: new Date(testApp.clock.now().getTime() - 400 * 86_400_000).toISOString() }, 'calledAt', 'invalid_call_time')).message).toBe(
        'calledAt: is more than 365 days ago',
      );
      await bad({ kind: 'spam' }, 'kind');
      await bad({ kind: undefined }, 'kind');
      await bad({ description: '' }, 'description');
      await bad({ description: '   \n ' }, 'description');
      await bad({ description: 'x'.repeat(2001) }, 'description');
      await bad({ email: 'not an e-mail' }, 'email');
      await bad({ shareContactWithFirm: 'yes' }, 'shareContactWithFirm');
      await bad({ shareContactWithFirm: true }, 'email', 'consent_without_email');
      await bad({ reporterIp: '1.2.3.4' }, 'reporterIp');

      expect((await testApp.http.post('/api/v1/reports').set('content-type', 'application/json').send('{"number":').expect(400)).body.code).toBe('bad_request');
      await testApp.http.post('/api/v1/reports').set('content-type', 'application/json').send(JSON.stringify(reportBody(testApp, { description: 'x'.repeat(1_100_000) }))).expect(413);
    });

    it('collapses the same number, reporter and call day into one report with a counter', async () => {
      const number = mobileNumber();
      const email = reporterEmail();
      const first = await submit(reportBody(testApp, { number, email })).expect(201);
      const again = await submit(reportBody(testApp, { number: `+39 ${number.slice(3)}`, email: email.toUpperCase(), kind: 'other', description: 'Di nuovo.' })).expect(200);
      expect(again.body).toMatchObject({ reference: first.body.reference, duplicate: true, duplicateCount: 1 });

      // Without an e-mail the reporter is the client address: another reporter as far as the e-mail one goes.
      const anonymous = await submit(reportBody(testApp, { number })).expect(201);
      expect(anonymous.body.reference).not.toBe(first.body.reference);
      expect((await submit(reportBody(testApp, { number })).expect(200)).body.reference).toBe(anonymous.body.reference);

      const anotherDay = new Date(testApp.clock.now().getTime() - 3 * 86_400_000).toISOString();
      expect((await submit(reportBody(testApp, { number, email, calledAt: anotherDay })).expect(201)).body.reference).not.toBe(first.body.reference);
      expect((await submit(reportBody(testApp, { number, email: reporterEmail() })).expect(201)).body.duplicate).toBe(false);

      const [row] = await testApp.app.get(DataSource).query<{ duplicate_count: number; kind: string; reporter_key: string }[]>(
        `SELECT duplicate_count, kind, reporter_key FROM consumer_report WHERE reference = $1`,
        [first.body.reference],
      );
      expect(row).toMatchObject({ duplicate_count: 1, kind: 'unwanted_call', reporter_key: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const stored = JSON.stringify(await testApp.app.get(DataSource).query(`SELECT * FROM consumer_report WHERE reference = $1`, [anonymous.body.reference]));
      expect(stored).not.toMatch(/127\.0\.0\.1|::1/);
    });
  });

  describe('the public status', () => {
    it('shows where a report stands, never its text, the reporter or the firm', async () => {
      const { firm } = await firmWithNumber();
      const number = (await testApp.app.get(DataSource).query<{ e164: string }[]>(`SELECT e164 FROM calling_number WHERE firm_id = $1`, [firm.id]))[0].e164;
      const email = reporterEmail();
      const description = 'Testo riservato della segnalazione, con il mio nome Mario Rossi.';
      const filed = await fileReport(testApp, { number, email, description, shareContactWithFirm: true });
      await step(filed.id, 'forward', { note: 'Nota interna dello staff' }).expect(200);

      const status = await testApp.http.get(`/api/v1/reports/${filed.reference}`).expect(200);
      expect(status.body).toEqual({
        reference: filed.reference,
        number,
        kind: 'unwanted_call',
        callDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        receivedAt: expect.any(String),
        status: 'forwarded_to_firm',
        outcome: 'open',
        numberDeclared: true,
        forwardedAt: expect.any(String),
        answeredAt: null,
        finishedAt: null,
        links: expect.objectContaining({ statusPage: expect.stringContaining(filed.reference) }),
      });
      const page = await testApp.http.get(`/segnala/${filed.reference}`).expect(200);
      for (const body of [JSON.stringify(status.body), page.text]) {
        expect(body).not.toContain('Mario Rossi');
        expect(body).not.toContain(email);
        expect(body).not.toContain('Nota interna');
        expect(body).not.toContain(firm.id);
        expect(body).not.toContain('Contact Center Esempio');
      }
      expect((await testApp.http.get(`/api/v1/reports/${filed.reference.toLowerCase()}`).expect(200)).body.reference).toBe(filed.reference);
    });

    it('answers 404 for an unknown reference and 400 for one that cannot be a reference', async () => {
      expect((await testApp.http.get('/api/v1/reports/SGN-0000000000').expect(404)).body.code).toBe('not_found');
      expect((await testApp.http.get('/api/v1/reports/12345').expect(400)).body.details.fields.reference).toEqual(['reference must look like SGN-7K2M9QX4TB']);
    });

    it('counts substantiated reports of the last twelve months for the firm page, and nothing else', async () => {
      const { firm, number } = await firmWithNumber();
      const reports = [await fileReport(testApp, { number }), await fileReport(testApp, { number, kind: 'aggressive_selling' }), await fileReport(testApp, { number })];
      for (const report of reports) await step(report.id, 'forward').expect(200);
      await step(reports[0].id, 'close', { substantiated: true, note: 'Confermato' }).expect(200);
      await step(reports[1].id, 'close', { substantiated: true, note: 'Confermato' }).expect(200);
      await step(reports[2].id, 'close', { substantiated: false, note: 'Non confermato' }).expect(200);
      const counts = await testApp.app.get(ReportsService).publicCounts(firm.id);
      expect(counts).toEqual({
        since: expect.any(Date),
        substantiated: 2,
        byKind: { unwanted_call: 1, aggressive_selling: 1, opposition_register_ignored: 0, operator_location_refused: 0, other: 0 },
      });
      expect(testApp.clock.now().getTime() - counts.since.getTime()).toBeGreaterThanOrEqual(365 * 86_400_000);
    });
  });

  describe('handling', () => {
    it('runs new -> forwarded_to_firm -> answered -> closed, each step recorded, the firm seeing only what it may', async () => {
      const { firm, number } = await firmWithNumber();
      const consenting = reporterEmail();
      const withConsent = await fileReport(testApp, { number, email: consenting, shareContactWithFirm: true });
      const withoutConsent = await fileReport(testApp, { number, kind: 'aggressive_selling' });
      const notForwarded = await fileReport(testApp, { number, kind: 'other' });

      const forwarded = await step(withConsent.id, 'forward', { note: 'Da verificare' }).expect(200);
      const dueInDays = (Date.parse(forwarded.body.answerDueAt) - Date.parse(forwarded.body.forwardedAt)) / 86_400_000;
      expect(forwarded.body).toMatchObject({ status: 'forwarded_to_firm', overdue: false, reporterEmail: consenting, contactConsentText: expect.stringContaining('Acconsento') });
      expect(dueInDays).toBe(testApp.config.reports.answerDays);
      await step(withoutConsent.id, 'forward').expect(200);

      const mine = await testApp.http.get('/api/v1/firm-reports').set(firm.owner.auth).expect(200);
      expect(mine.body.total).toBe(2);
      const byReference = Object.fromEntries(mine.body.items.map((item: { reference: string }) => [item.reference, item]));
      expect(byReference[withConsent.reference]).toMatchObject({ reporterEmail: consenting, description: expect.any(String), status: 'forwarded_to_firm', overdue: false });
      expect(byReference[withoutConsent.reference]).toMatchObject({ reporterEmail: null });
      expect(byReference[notForwarded.reference]).toBeUndefined();
      expect(JSON.stringify(mine.body)).not.toContain('Da verificare');
      await testApp.http.get(`/api/v1/firm-reports/${notForwarded.id}`).set(firm.owner.auth).expect(404);

      const answered = await testApp.http.post(`/api/v1/firm-reports/${withConsent.id}/answer`).set(firm.owner.auth).send({ answer: 'Il cliente aveva chiesto di essere richiamato.' }).expect(200);
      expect(answered.body).toMatchObject({ status: 'answered', answer: 'Il cliente aveva chiesto di essere richiamato.', answeredAt: expect.any(String) });
      expect((await testApp.http.post(`/api/v1/firm-reports/${withConsent.id}/answer`).set(firm.owner.auth).send({ answer: 'Ancora' }).expect(409)).body.code).toBe('invalid_transition');
      await testApp.http.post(`/api/v1/firm-reports/${withoutConsent.id}/answer`).set(firm.owner.auth).send({ answer: '  ' }).expect(400);

      const closed = await step(withConsent.id, 'close', { substantiated: true, note: 'Chiamata senza consenso' }).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', substantiated: true, outcome: 'substantiated', finishedAt: expect.any(String) });
      expect(closed.body.transitions.map((t: { from: string; to: string; note: string | null }) => [t.from, t.to, t.note])).toEqual([
        ['new', 'forwarded_to_firm', 'Da verificare'],
        ['forwarded_to_firm', 'answered', null],
        ['answered', 'closed', 'Chiamata senza consenso'],
      ]);
      expect((await step(withConsent.id, 'dismiss', { note: 'ripensamento' }).expect(409)).body.code).toBe('invalid_transition');

      const history = await testApp.http.get(`/api/v1/history?entityType=consumer_report&entityId=${withConsent.id}`).set(admin.auth).expect(200);
      expect(history.body.map((event: { action: string }) => event.action)).toEqual(['report.submitted', 'report.forwarded_to_firm', 'report.answered', 'report.closed']);
      expect(JSON.stringify(history.body)).not.toMatch(new RegExp(`${consenting}|Mi hanno chiamato|Chiamata senza consenso|richiamato`));
    });

    it('refuses to forward a report no firm can receive, and to close one the firm was never asked about', async () => {
      const undeclared = await fileReport(testApp, { number: mobileNumber() });
      expect((await step(undeclared.id, 'forward').expect(422)).body.code).toBe('report_not_linked_to_firm');
      await step(undeclared.id, 'close', { substantiated: false, note: 'Numero di un privato' }).expect(200);

      const { number } = await firmWithNumber();
      const linked = await fileReport(testApp, { number });
      expect((await step(linked.id, 'close', { substantiated: true, note: 'Subito' }).expect(422)).body.code).toBe('firm_not_heard');
      await step(linked.id, 'dismiss', { note: 'Doppione di un altro canale' }).expect(200);
      expect((await triage(`/${linked.id}`).expect(200)).body).toMatchObject({ status: 'dismissed', outcome: 'dismissed', substantiated: null });
    });

    it('validates the staff inputs and hides what the caller may not see', async () => {
      const filed = await fileReport(testApp, { number: mobileNumber() });
      expect((await step(filed.id, 'close', { note: 'senza verdetto' }).expect(400)).body.details.fields.substantiated).toBeDefined();
      expect((await step(filed.id, 'dismiss', {}).expect(400)).body.details.fields.note).toBeDefined();
      expect((await step(filed.id, 'forward', { note: 'x'.repeat(4001) }).expect(400)).body.details.fields.note).toBeDefined();
      expect((await triage('?status=open').expect(400)).body.details.fields.status).toBeDefined();
      expect((await triage('?overdue=yes').expect(400)).body.details.fields.overdue).toBeDefined();
      await triage('/not-a-uuid').expect(400);
      await triage('/00000000-0000-4000-8000-000000000000').expect(404);

      const { firm } = await firmWithNumber();
      const auditor = await testApp.signIn('auditor');
      await triage('', firm.owner).expect(403);
      await triage('', auditor).expect(403);
      await testApp.http.get('/api/v1/report-triage').expect(401);
      await testApp.http.get('/api/v1/firm-reports').set(reviewer.auth).expect(403);
      await step(filed.id, 'dismiss', { note: 'x' }, firm.owner).expect(403);
    });

    it("keeps each firm's reports to itself", async () => {
      const mine = await firmWithNumber();
      const theirs = await firmWithNumber();
      const ours = await fileReport(testApp, { number: mine.number });
      const other = await fileReport(testApp, { number: theirs.number });
      await step(ours.id, 'forward').expect(200);
      await step(other.id, 'forward').expect(200);

      const list = await testApp.http.get('/api/v1/firm-reports').set(mine.firm.owner.auth).expect(200);
      expect(list.body.items.map((item: { reference: string }) => item.reference)).toEqual([ours.reference]);
      await testApp.http.get(`/api/v1/firm-reports/${other.id}`).set(mine.firm.owner.auth).expect(404);
      await testApp.http.post(`/api/v1/firm-reports/${other.id}/answer`).set(mine.firm.owner.auth).send({ answer: 'Non è nostro' }).expect(404);

      const firmless = await testApp.signIn('firm');
      expect((await testApp.http.get('/api/v1/firm-reports').set(firmless.auth).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
      await testApp.http.get(`/api/v1/firm-reports/${ours.id}`).set(firmless.auth).expect(404);
    });

    it('flags to staff the reports a firm has not answered in time', async () => {
      const { firm, number } = await firmWithNumber();
      const late = await fileReport(testApp, { number });
      const answered = await fileReport(testApp, { number });
      await step(late.id, 'forward').expect(200);
      await step(answered.id, 'forward').expect(200);
      await testApp.http.post(`/api/v1/firm-reports/${answered.id}/answer`).set(firm.owner.auth).send({ answer: 'Verificato, numero bloccato.' }).expect(200);

      const start = testApp.clock.now();
      try {
        testApp.clock.advanceDays(testApp.config.reports.answerDays);
        // Sessions last hours, not days: sign in again in the future.
        const staff = await testApp.signIn('reviewer');
        const triage = (path: string) => testApp.http.get(`/api/v1/report-triage${path}`).set(staff.auth);
        const login = await testApp.http.post('/api/v1/auth/login').send({ email: firm.owner.email, password: firm.owner.password }).expect(200);
        const owner = { Authorization: `Bearer ${login.body.token as string}` };
        const overdue = await triage(`?overdue=true&firmId=${firm.id}`).expect(200);
        expect(overdue.body.items.map((item: { reference: string; overdue: boolean }) => [item.reference, item.overdue])).toEqual([[late.reference, true]]);
        expect((await triage(`?overdue=false&firmId=${firm.id}`).expect(200)).body.items.map((item: { reference: string }) => item.reference)).toEqual([answered.reference]);
        expect((await testApp.http.get(`/api/v1/firm-reports/${late.id}`).set(owner).expect(200)).body.overdue).toBe(true);
        // A late answer is still taken, and the report stops being overdue.
        await testApp.http.post(`/api/v1/firm-reports/${late.id}/answer`).set(owner).send({ answer: 'In ritardo, scusate.' }).expect(200);
        expect((await triage(`?overdue=true&firmId=${firm.id}`).expect(200)).body.total).toBe(0);
      } finally {
        testApp.clock.set(start);
      }
    });
  });

  describe('statistics', () => {
    it('counts a firm’s reports per month by kind and outcome, for auditors and reviewers', async () => {
      const { firm, number } = await firmWithNumber();
      const email = reporterEmail();
      const first = await fileReport(testApp, { number, email });
      await submit(reportBody(testApp, { number, email })).expect(200);
      const second = await fileReport(testApp, { number, kind: 'opposition_register_ignored' });
      await fileReport(testApp, { number, kind: 'opposition_register_ignored' });
      await step(first.id, 'forward').expect(200);
      await step(first.id, 'close', { substantiated: true, note: 'Fondata' }).expect(200);
      await step(second.id, 'dismiss', { note: 'Non ammissibile' }).expect(200);

      const auditor = await testApp.signIn('auditor');
      const stats = await testApp.http.get(`/api/v1/reports/stats?firmId=${firm.id}&months=3`).set(auditor.auth).expect(200);
      expect(stats.body.firmId).toBe(firm.id);
      expect(stats.body.months).toHaveLength(3);
      const current = stats.body.months.at(-1);
      expect(current).toEqual({
        month: expect.stringMatching(/^\d{4}-\d{2}$/),
        reports: 3,
        submissions: 4,
        byKind: { unwanted_call: 1, aggressive_selling: 0, opposition_register_ignored: 2, operator_location_refused: 0, other: 0 },
        byOutcome: { open: 1, substantiated: 1, unsubstantiated: 0, dismissed: 1 },
      });
      await testApp.http.get(`/api/v1/reports/stats?firmId=${firm.id}`).set(reviewer.auth).expect(200);
      await testApp.http.get(`/api/v1/reports/stats?firmId=${firm.id}`).set(firm.owner.auth).expect(403);
      await testApp.http.get(`/api/v1/reports/stats?firmId=${firm.id}`).expect(401);
      await testApp.http.get('/api/v1/reports/stats?firmId=00000000-0000-4000-8000-000000000000').set(auditor.auth).expect(404);
      expect((await testApp.http.get(`/api/v1/reports/stats?firmId=${firm.id}&months=0`).set(auditor.auth).expect(400)).body.details.fields.months).toBeDefined();
    });
  });

  describe('pages', () => {
    const form = (fields: Record<string, string>, query = '') => new WebVisitor(testApp.app).submit(`/segnala${query}`, fields);
    const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(testApp.clock.now().getTime() - 3_600_000));
    const hour = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(testApp.clock.now().getTime() - 3_600_000));

    it('shows the form prefilled with the number from the registry pages, in Italian or English', async () => {
      const page = await testApp.http.get('/segnala?numero=%2B393471234567').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<h1>Segnala una chiamata</h1>');
      expect(page.text).toContain('value="+393471234567"');
      expect(page.text).toContain('enctype="multipart/form-data"');
      const english = await testApp.http.get('/segnala?lang=en').expect(200);
      expect(english.text).toContain('<h1>Report a call</h1>');
      expect(english.text).toContain('<html lang="en">');
    });

    it('files a report from the form and shows its reference and status, pointing to the Garante and the Registro delle opposizioni', async () => {
      const number = mobileNumber();
      const fields = { numero: number, giorno: today(), ora: hour(), tipo: 'aggressive_selling', descrizione: 'Volevano vendermi un abbonamento a ogni costo.', email: reporterEmail() };
      const sent = await expectStatus(form(fields), 303);
      const location = sent.headers.location;
      expect(location).toMatch(/^\/segnala\/SGN-[0-9A-HJKMNP-TV-Z]{10}\?inviata=si$/);
      const status = await testApp.http.get(location).expect(200);
      const reference = /SGN-[0-9A-HJKMNP-TV-Z]{10}/.exec(location)![0];
      expect(status.text).toContain('Segnalazione ricevuta');
      expect(status.text).toContain(reference);
      expect(status.text).toContain('Vendita aggressiva');
      expect(status.text).toContain('Ricevuta, in attesa di esame');
      expect(status.text).toContain('servizi.gpdp.it');
      expect(status.text).toContain('registrodelleopposizioni.it');
      expect(status.text).not.toContain('abbonamento');
      expect(status.text).not.toContain(fields.email);

      // The same call with its day typed as people in Italy write it, where the browser has no date picker.
      const again = await expectStatus(form({ ...fields, giorno: fields.giorno.split('-').reverse().join('/') }), 303);
      expect(again.headers.location).toBe(`/segnala/${reference}?inviata=doppia`);
      const english = await expectStatus(form({ ...fields, email: reporterEmail(), lang: 'en' }), 303);
      expect(english.headers.location).toMatch(/\?inviata=si&lang=en$/);
      const [row] = await testApp.app.get(DataSource).query<{ contact_consent_text: string | null }[]>(`SELECT contact_consent_text FROM consumer_report WHERE reference = $1`, [reference]);
      expect(row.contact_consent_text).toBeNull();
    });

    it('shows every problem of the form beside its field, keeping what was typed', async () => {
      const response = await expectStatus(form({ numero: '12', giorno: '2026-02-30', ora: '25:00', tipo: 'spam', descrizione: ' ', email: 'nope', consenso: 'si' }), 400);
      expect(response.text).toContain('La segnalazione non è stata inviata');
      for (const message of [
        'Questo non sembra un numero di telefono valido',
        "Scrivi l&#x27;ora della chiamata",
        'Scegli cosa è successo',
        'Descrivi la chiamata: al massimo 2000 caratteri.',
        'L&#x27;indirizzo e-mail non è valido.',
      ]) {
        expect(response.text).toContain(message);
      }
      expect(response.text).toContain('value="12"');

      const future = await expectStatus(form({ numero: mobileNumber(), giorno: '2099-01-01', ora: '10:00', tipo: 'other', descrizione: 'Dal futuro' }), 400);
      expect(future.text).toContain('La chiamata non può essere nel futuro');
      const consent = await expectStatus(form({ numero: mobileNumber(), giorno: today(), ora: hour(), tipo: 'other', descrizione: 'Consenso', consenso: 'si' }), 400);
      expect(consent.text).toContain('scrivila nel campo e-mail');
    });

    it('answers a wrong or unknown reference with a page, and a form that is not multipart with a 4xx page', async () => {
      const unknown = await testApp.http.get('/segnala/SGN-0000000000').expect(404);
      expect(unknown.text).toContain('Segnalazione non trovata');
      await testApp.http.get('/segnala/qualcosa').expect(404);
      const filed = await fileReport(testApp, { number: mobileNumber() });
      expect((await testApp.http.get(`/segnala/${filed.reference.toLowerCase()}`).expect(301)).headers.location).toBe(`/segnala/${filed.reference}`);
      const urlencoded = await testApp.http.post('/segnala').type('form').send({ numero: '06 1234567' });
      expect(urlencoded.status).toBe(415);
      expect(urlencoded.headers['content-type']).toMatch(/^text\/html/);
      const json = await testApp.http.post('/segnala').send({ numero: '06 1234567' });
      expect(json.status).toBe(415);
    });
  });
});
