import { ComplaintsService } from '@app/complaints';
import { DataSource } from 'typeorm';
import { registerFirm, validVatNumber } from '../../factories/firm.factory';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { startTestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const TEXT = "L'azienda certificata chiama da mesi senza consenso e non dice mai da dove chiama l'operatore.";
const REFERENCE = /^RCL-[0-9A-HJKMNP-TV-Z]{10}$/;

/** Complaints about the scheme through the API and the pages, on the database `start` gives; the database's own guards by direct SQL. */
export function complaintsSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let reviewer: SignedInUser;

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    reviewer = await testApp.signIn('reviewer');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const file = (body: object) => testApp.http.post('/api/v1/complaints').send(body);
  const mailsTo = (address: string) => db.query<{ kind: string; language: string; subject: string; text: string }[]>(`SELECT kind, language, subject, text FROM mail_message WHERE recipient = $1 ORDER BY created_at`, [address]);

  it('acknowledges a complaint from anyone at once: the reference, and a message in the same transaction when an address is given', async () => {
    const anonymous = await file({ subject: 'scheme', description: 'Il sito non spiega come contestare una decisione.' }).expect(201);
    expect(anonymous.body).toMatchObject({ status: 'acknowledged', acknowledgementMailed: false });
    expect(anonymous.body.reference).toMatch(REFERENCE);

    const firm = await registerFirm(testApp);
    const email = `reclamante-${Date.now()}@example.it`;
    const named = await file({ subject: 'firm', firmVatNumber: ` ${firm.vatNumber} `, description: TEXT, contactEmail: email, language: 'en' }).expect(201);
    expect(named.body.acknowledgementMailed).toBe(true);
    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({ kind: 'complaint_acknowledged', language: 'en' });
    expect(mail.subject).toContain(named.body.reference);

    const list = (await testApp.http.get('/api/v1/complaints?status=acknowledged').set(reviewer.auth).expect(200)).body as { reference: string; firmId: string | null; contactEmail: string | null }[];
    expect(list.find((complaint) => complaint.reference === named.body.reference)).toMatchObject({ firmId: firm.id, contactEmail: email });
    const byName = await file({ subject: 'firm', firmName: 'Chiamate Sempre S.r.l.', description: TEXT }).expect(201);
    const [row] = await db.query<{ firm_id: string | null; firm_name: string }[]>(`SELECT firm_id, firm_name FROM complaint WHERE reference = $1`, [byName.body.reference]);
    expect(row).toEqual({ firm_id: null, firm_name: 'Chiamate Sempre S.r.l.' });
    const [history] = await db.query<{ after: Record<string, unknown> }[]>(`SELECT after FROM history h JOIN complaint c ON h.entity_id = c.id::text WHERE c.reference = $1 AND h.action = 'complaint.acknowledged'`, [named.body.reference]);
    expect(JSON.stringify(history.after)).not.toContain(email); // the history never holds the address, so erasing it erases it
  });

  it('names each bad field with a 400', async () => {
    const expectField = async (body: object, field: string) => expect(JSON.stringify((await file(body).expect(400)).body)).toContain(field);
    await expectField({ subject: 'registry', description: TEXT }, 'subject');
    await expectField({ subject: 'firm', description: TEXT }, 'firmVatNumber');
    await expectField({ subject: 'firm', firmVatNumber: '12345678901', description: TEXT }, 'firmVatNumber');
    await expectField({ subject: 'scheme', description: 'corto' }, 'description');
    await expectField({ subject: 'scheme', description: TEXT, contactEmail: 'non-un-indirizzo' }, 'contactEmail');
    await expectField({ subject: 'scheme', description: TEXT, language: 'fr' }, 'language');
  });

  it('lets only admins and reviewers read and handle complaints', async () => {
    const filed = await file({ subject: 'scheme', description: TEXT }).expect(201);
    const [{ id }] = await db.query<{ id: string }[]>(`SELECT id FROM complaint WHERE reference = $1`, [filed.body.reference]);
    await testApp.http.get('/api/v1/complaints').expect(401);
    for (const role of ['firm', 'auditor', 'integrator'] as const) {
      const user = await testApp.signIn(role);
      await testApp.http.get('/api/v1/complaints').set(user.auth).expect(403);
      await testApp.http.post(`/api/v1/complaints/${id}/handling`).set(user.auth).expect(403);
    }
    await testApp.http.get(`/api/v1/complaints/${id}`).set(admin.auth).expect(200);
    await testApp.http.get('/api/v1/complaints/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    await testApp.http.get('/api/v1/complaints?status=open').set(admin.auth).expect(400);
  });

  it('goes acknowledged, in handling, closed with an outcome mailed back; of two at once one wins; the database allows nothing else', async () => {
    const email = `esito-${Date.now()}@example.it`;
    const filed = await file({ subject: 'scheme', description: TEXT, contactEmail: email }).expect(201);
    const [{ id }] = await db.query<{ id: string }[]>(`SELECT id FROM complaint WHERE reference = $1`, [filed.body.reference]);
    expect((await testApp.http.post(`/api/v1/complaints/${id}/closure`).set(reviewer.auth).send({ outcome: 'Chiuso subito' }).expect(409)).body.code).toBe('complaint_not_in_step');
    await expect(db.query(`UPDATE complaint SET status = 'closed', closed_at = now(), closed_by_id = $2, outcome = 'scorciatoia' WHERE id = $1`, [id, admin.id])).rejects.toThrow(/illegal transition/);

    const taking = await Promise.all([testApp.http.post(`/api/v1/complaints/${id}/handling`).set(reviewer.auth), testApp.http.post(`/api/v1/complaints/${id}/handling`).set(admin.auth)]);
    expect(taking.map((response) => response.status).sort()).toEqual([200, 409]);
    await testApp.http.post(`/api/v1/complaints/${id}/closure`).set(admin.auth).send({ outcome: 'no' }).expect(400);
    const closing = await Promise.all([
      testApp.http.post(`/api/v1/complaints/${id}/closure`).set(reviewer.auth).send({ outcome: "Abbiamo chiesto all'azienda i registri delle chiamate e aperto una verifica." }),
      testApp.http.post(`/api/v1/complaints/${id}/closure`).set(admin.auth).send({ outcome: 'Reclamo infondato.' }),
    ]);
    expect(closing.map((response) => response.status).sort()).toEqual([200, 409]);
    const closed = (await testApp.http.get(`/api/v1/complaints/${id}`).set(admin.auth).expect(200)).body;
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe(closing.find((response) => response.status === 200)!.body.outcome);
    const mails = await mailsTo(email);
    expect(mails.map((mail) => mail.kind)).toEqual(['complaint_acknowledged', 'complaint_closed']);
    expect(mails[1].text).toContain(closed.outcome);

    const actions = ((await testApp.http.get(`/api/v1/history?entityType=complaint&entityId=${id}`).set(admin.auth).expect(200)).body as { action: string }[]).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['complaint.acknowledged', 'complaint.in_handling', 'complaint.closed']));
    await expect(db.query(`UPDATE complaint SET outcome = 'ripensamento' WHERE id = $1`, [id])).rejects.toThrow(/closed/);
    await expect(db.query(`UPDATE complaint SET description = 'altro' WHERE id = $1`, [id])).rejects.toThrow(/never changes/);
    await expect(db.query(`UPDATE complaint SET contact_email = 'altro@example.it' WHERE id = $1`, [id])).rejects.toThrow(/only ever erased/);
    await expect(db.query(`DELETE FROM complaint WHERE id = $1`, [id])).rejects.toThrow(/never deleted/);
  });

  it('erases the contact COMPLAINT_RETENTION_MONTHS after closing, not before, and keeps the complaint', async () => {
    const email = `scadenza-${Date.now()}@example.it`;
    const filed = await file({ subject: 'scheme', description: TEXT, contactEmail: email }).expect(201);
    const [{ id }] = await db.query<{ id: string }[]>(`SELECT id FROM complaint WHERE reference = $1`, [filed.body.reference]);
    await testApp.http.post(`/api/v1/complaints/${id}/handling`).set(reviewer.auth).expect(200);
    await testApp.http.post(`/api/v1/complaints/${id}/closure`).set(reviewer.auth).send({ outcome: 'Risolto con la nuova pagina dei ricorsi.' }).expect(200);
    const service = testApp.app.get(ComplaintsService);
    const closedAt = testApp.clock.now();
    const contact = async () => (await db.query<{ contact_email: string | null }[]>(`SELECT contact_email FROM complaint WHERE id = $1`, [id]))[0].contact_email;
    try {
      testApp.clock.set(new Date(closedAt.getTime() + (testApp.config.complaints.retentionMonths * 28 - 1) * 86_400_000));
      await service.eraseExpiredContacts();
      expect(await contact()).toBe(email);
      testApp.clock.set(new Date(closedAt.getTime() + (testApp.config.complaints.retentionMonths * 31 + 1) * 86_400_000));
      expect(await service.eraseExpiredContacts()).toBeGreaterThanOrEqual(1);
      expect(await contact()).toBeNull();
    } finally {
      testApp.clock.set(closedAt); // sessions read the clock too
    }
    expect((await testApp.http.get(`/api/v1/complaints/${id}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'closed', contactEmail: null, contactErasedAt: expect.any(String) });
  });

  it('goes through the pages: the public form in Italian and English with its errors, the acknowledgement, the staff take it in hand and close it after confirming', async () => {
    const visitor = new WebVisitor(testApp.app);
    const form = await expectStatus(visitor.get('/reclami'), 200);
    expect(form.text).toContain('Reclamo sullo schema Azienda Qualificata');
    expect(form.text).toContain('href="/segnala"');
    expect((await expectStatus(visitor.get('/reclami?lang=en'), 200)).text).toContain('Complaint about the Azienda Qualificata scheme');
    const refused = await expectStatus(visitor.submit('/reclami', { subject: 'firm', description: 'corto', contactEmail: 'no' }), 400);
    expect(refused.text).toContain("Indicate la partita IVA (11 cifre valide) o il nome dell&#x27;azienda");
    expect(refused.text).toContain('Scrivete il reclamo');
    expect(refused.text).toContain('Scrivete un indirizzo e-mail valido');
    const badVat = await expectStatus(visitor.submit('/reclami', { subject: 'firm', firmVatNumber: '12345678901', description: TEXT }), 400);
    expect(badVat.text).toContain('Indicate la partita IVA');
    const sent = await expectStatus(visitor.submit('/reclami', { subject: 'firm', firmVatNumber: validVatNumber(), firmName: 'Chiamate Ovunque S.p.A.', description: TEXT }), 303);
    const [, reference] = /\/reclami\/ricevuto\/(RCL-[0-9A-Z]{10})/.exec(sent.headers.location) ?? [];
    expect(reference).toMatch(REFERENCE);
    expect((await expectStatus(visitor.get(`/reclami/ricevuto/${reference}`), 200)).text).toContain(`Il riferimento del vostro reclamo è ${reference}.`);
    await expectStatus(visitor.get('/reclami/ricevuto/SGN-0000000000'), 404);

    const staff = new WebVisitor(testApp.app);
    await staff.signIn(reviewer.email, reviewer.password);
    const list = await expectStatus(staff.get('/area/reclami'), 200);
    expect(list.text).toContain(reference);
    expect(list.text).toContain('Ricevuto, da prendere in carico');
    const [{ id }] = await db.query<{ id: string }[]>(`SELECT id FROM complaint WHERE reference = $1`, [reference]);
    await expectStatus(staff.submit(`/area/reclami/${id}/presa-in-carico`, {}), 303);
    expect((await expectStatus(staff.submit(`/area/reclami/${id}/chiusura`, { outcome: '' }), 400)).text).toContain("Scrivete l&#x27;esito");
    const confirm = await expectStatus(staff.submit(`/area/reclami/${id}/chiusura`, { outcome: 'Verifica straordinaria aperta.' }), 200);
    expect(confirm.text).toContain('Questo passo non si può annullare.');
    expect((await testApp.http.get(`/api/v1/complaints/${id}`).set(admin.auth).expect(200)).body.status).toBe('in_handling');
    await expectStatus(staff.submit(`/area/reclami/${id}/chiusura/conferma`, { outcome: 'Verifica straordinaria aperta.' }), 303);
    const closed = await expectStatus(staff.get('/area/reclami?lang=en'), 200);
    expect(closed.text).toContain('Verifica straordinaria aperta.');
    expect(closed.text).toContain('Closed');

    const firmUser = new WebVisitor(testApp.app);
    const firm = await testApp.signIn('firm');
    await firmUser.signIn(firm.email, firm.password);
    await expectStatus(firmUser.get('/area/reclami'), 403);
    const privacy = await expectStatus(visitor.get('/privacy'), 200);
    expect(privacy.text).toContain(`cancellato ${testApp.config.complaints.retentionMonths} mesi dopo la chiusura`);
  });

  it('shows where a complaint stands to whoever gives its reference and status code, and the same 404 for an unknown reference or a wrong code', async () => {
    const email = `stato-${Date.now()}@example.it`;
    const filed = await file({ subject: 'scheme', description: 'Il revisore non ha mai risposto alla nostra richiesta.', contactEmail: email }).expect(201);
    const { reference, statusCode } = filed.body as { reference: string; statusCode: string };
    expect(statusCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const lookup = (body: object) => testApp.http.post('/api/v1/complaints/status').send(body);

    const received = (await lookup({ reference, statusCode }).expect(200)).body;
    expect(received).toMatchObject({ reference, status: 'acknowledged', outcome: null });
    expect(received.steps.map((step: { step: string }) => step.step)).toEqual(['received', 'acknowledged']);
    // Typed loosely: lower case, spaces for dashes, the reference with spaces around it.
    await lookup({ reference: ` ${reference.toLowerCase()} `, statusCode: statusCode.toLowerCase().replace(/-/g, ' ') }).expect(200);
    expect(JSON.stringify(received)).not.toContain(email);

    // An unknown reference and a wrong code get the very same answer.
    const wrongCode = await lookup({ reference, statusCode: statusCode.startsWith('0') ? '1111-1111-1111' : '0000-0000-0000' }).expect(404);
    const unknown = await lookup({ reference: 'RCL-0000000000', statusCode }).expect(404);
    const withoutRequestId = ({ requestId: _requestId, ...body }: Record<string, unknown>) => body;
    expect(withoutRequestId(wrongCode.body)).toEqual(withoutRequestId(unknown.body));
    expect(wrongCode.body.code).toBe('complaint_not_found');
    // The database never lets the code's digest change, nor be dropped.
    const [{ id }] = await db.query<{ id: string }[]>(`SELECT id FROM complaint WHERE reference = $1`, [reference]);
    await expect(db.query(`UPDATE complaint SET status_code_sha256 = NULL WHERE id = $1`, [id])).rejects.toThrow(/status code never changes/);

    // Bad input is a 400 naming the field.
    expect(JSON.stringify((await lookup({ reference: 'SGN-0000000000', statusCode }).expect(400)).body)).toContain('reference');
    expect(JSON.stringify((await lookup({ reference, statusCode: 'abc' }).expect(400)).body)).toContain('statusCode');
    expect(JSON.stringify((await lookup({ reference }).expect(400)).body)).toContain('statusCode');

    await testApp.http.post(`/api/v1/complaints/${id}/handling`).set(reviewer.auth).expect(200);
    await testApp.http.post(`/api/v1/complaints/${id}/closure`).set(admin.auth).send({ outcome: 'Il revisore vi ha scritto il 12 marzo.' }).expect(200);
    const closed = (await lookup({ reference, statusCode }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'Il revisore vi ha scritto il 12 marzo.' });
    expect(closed.steps.map((step: { step: string }) => step.step)).toEqual(['received', 'acknowledged', 'in_handling', 'closed']);
    expect(JSON.stringify(closed)).not.toMatch(new RegExp(`${reviewer.id}|${admin.id}|${email}`));
  });

  it('goes through the status pages: the code shown once on the acknowledgement, its link, the lookup in Italian and English, bad input and a wrong code', async () => {
    const visitor = new WebVisitor(testApp.app);
    const sent = await expectStatus(visitor.submit('/reclami', { subject: 'scheme', description: TEXT }), 303);
    const [, reference] = /\/reclami\/ricevuto\/(RCL-[0-9A-Z]{10})/.exec(sent.headers.location) ?? [];
    expect(sent.headers.location).not.toMatch(/codice|code=/);
    const acknowledgement = await expectStatus(visitor.get(`/reclami/ricevuto/${reference}`), 200);
    const [, statusCode] = /Il codice di verifica del reclamo è ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(acknowledgement.text) ?? [];
    expect(statusCode).toBeDefined();
    expect(acknowledgement.text).toContain(`/reclami/stato?riferimento&#x3D;${reference}`); // the link, as Handlebars escapes it
    expect((await expectStatus(visitor.get(`/reclami/ricevuto/${reference}`), 200)).text).not.toContain(statusCode); // shown once

    const form = await expectStatus(visitor.get(`/reclami/stato?riferimento=${reference}`), 200);
    expect(form.text).toContain('Stato di un reclamo');
    expect(form.text).toContain(`value="${reference}"`);
    const refused = await expectStatus(visitor.submit('/reclami/stato', { reference: 'RCL-1', statusCode: '' }), 400);
    expect(refused.text).toContain('Scrivete il riferimento');
    expect(refused.text).toContain('Scrivete il codice di verifica');
    const wrong = await expectStatus(visitor.submit('/reclami/stato', { reference, statusCode: statusCode.startsWith('0') ? '1111-1111-1111' : '0000-0000-0000' }), 404);
    const unknown = await expectStatus(visitor.submit('/reclami/stato', { reference: 'RCL-0000000000', statusCode }), 404);
    expect(wrong.text).toContain('Riferimento o codice di verifica non corretti');
    expect(unknown.text).toContain('Riferimento o codice di verifica non corretti');
    expect(wrong.text).not.toContain(statusCode);

    const found = await expectStatus(visitor.submit('/reclami/stato', { reference, statusCode }), 200);
    expect(found.text).toContain(`Reclamo ${reference}`);
    expect(found.text).toContain('Ricevuto, in attesa di essere preso in carico');
    expect(found.text).toMatch(/Ricevuto il<\/dt><dd><time datetime="[^"]+">\d{2}\/\d{2}\/\d{4}<\/time>/);
    expect(found.text).not.toContain(TEXT); // the description is not shown back
    const english = await expectStatus(visitor.submit('/reclami/stato?lang=en', { reference, statusCode, lang: 'en' }), 200);
    expect(english.text).toContain('Received, waiting to be taken in hand');
    expect(english.text).toContain('Receipt confirmed on');
  });

  it('limits filings per IP like the other public forms: 429 with Retry-After past the budget', async () => {
    const limited = await startTestApp({ ...(testApp.config.embedded ? { database: 'embedded' as const } : {}), env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let index = 0; index < 4; index++) {
        const response = await limited.http.post('/api/v1/complaints').send({ subject: 'scheme', description: TEXT });
        statuses.push(response.status);
        retryAfter ??= response.headers['retry-after'] as string | undefined;
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // The status lookups share the budget: no one tries references one by one.
      await limited.http.post('/api/v1/complaints/status').send({ reference: 'RCL-0000000000', statusCode: '0000-0000-0000' }).expect(429);
      await expectStatus(new WebVisitor(limited.app).submit('/reclami/stato', { reference: 'RCL-0000000000', statusCode: '0000-0000-0000' }), 429);
    } finally {
      await limited.close();
    }
  });
}
