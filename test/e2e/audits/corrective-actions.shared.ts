import { addCalendarDays, romeCalendarDate, romeDayStart } from '@app/core';
import { CorrectiveActionReviews } from '@app/ratings';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { PDF_BYTES } from '../../factories/application.factory';
import { assignedAudit, AssignedAudit, recordAllMet } from '../../factories/audit.factory';
import type { TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

interface Finding {
  id: string;
  followUp: { dueOn: string; state: string; overdue: boolean; answer: string | null; reviewReason: string | null; documents: { id: string; fileName: string }[] };
}

/** Findings and corrective actions through the API and the pages: due dates, the firm's answer, the auditor's review, overdue reviews. */
export function correctiveActionsSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const today = () => romeCalendarDate(testApp.clock.now());
  const sweep = () => testApp.app.get(ClsService).run(() => testApp.app.get(CorrectiveActionReviews).sweep());
  const mailKinds = async (recipient: string) =>
    (await db.query<{ kind: string }[]>(`SELECT kind FROM mail_message WHERE recipient = $1 ORDER BY created_at, kind`, [recipient])).map((row) => row.kind);

  async function raise(audit: AssignedAudit, severity: 'major' | 'minor', dueOn?: string): Promise<Finding> {
    const response = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/findings`)
      .set(audit.auditor.auth)
      .send({ itemCode: 'TR-01', severity, description: `Registro della formazione incompleto (${severity})`, correctiveAction: 'Completare il registro e inviarlo', ...(dueOn ? { dueOn } : {}) })
      .expect(201);
    return response.body as Finding;
  }

  /** The audit approved by a reviewer: the firm holds an active rating while its findings are followed up. */
  async function approve(audit: AssignedAudit): Promise<void> {
    await recordAllMet(testApp, audit);
    await testApp.http.post(`/api/v1/audits/${audit.auditId}/proposal`).set(audit.auditor.auth).send({ outcome: 'approve' }).expect(204);
    const reviewer = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' }).expect(201);
  }

  it('gives each finding a due date, today or later, a month from today when the auditor names none', async () => {
    const audit = await assignedAudit(testApp);
    const past = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/findings`)
      .set(audit.auditor.auth)
      .send({ severity: 'major', description: 'Manca il registro', correctiveAction: 'Tenere il registro', dueOn: addCalendarDays(today(), -1) })
      .expect(422);
    expect(past.body).toMatchObject({ code: 'due_date_past', details: { field: 'dueOn' } });
    const impossible = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/findings`)
      .set(audit.auditor.auth)
      .send({ severity: 'major', description: 'Manca il registro', correctiveAction: 'Tenere il registro', dueOn: '2031-02-30' })
      .expect(422);
    expect(impossible.body.code).toBe('due_date_invalid');
    const unreadable = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/findings`)
      .set(audit.auditor.auth)
      .send({ severity: 'major', description: 'Manca il registro', correctiveAction: 'Tenere il registro', dueOn: '31/01/2031' })
      .expect(400);
    expect(JSON.stringify(unreadable.body)).toContain('dueOn');

    expect((await raise(audit, 'major', today())).followUp).toMatchObject({ dueOn: today(), state: 'open', overdue: false, answer: null, documents: [] });
    expect((await raise(audit, 'minor')).followUp.dueOn).toBe(addCalendarDays(today(), 30));
    const mail = await db.query<{ text: string }[]>(`SELECT text FROM mail_message WHERE recipient = $1 AND kind = 'audit_finding'`, [audit.firm.owner.email]);
    expect(mail.map((each) => each.text).join('\n')).toContain(`Da completare entro il ${today().split('-').reverse().join('/')}`);
  });

  it('lets only the firm answer, with documents, and only the audit’s auditor reopen with a reason or accept for good; each side is told', async () => {
    const audit = await assignedAudit(testApp);
    const other = await assignedAudit(testApp);
    const finding = await raise(audit, 'major', addCalendarDays(today(), 10));
    const base = `/api/v1/corrective-actions/${finding.id}`;

    const listed = await testApp.http.get('/api/v1/corrective-actions').set(audit.firm.owner.auth).expect(200);
    expect(listed.body.map((each: Finding) => each.id)).toEqual([finding.id]);
    expect(listed.body[0]).toMatchObject({ auditId: audit.auditId, applicationId: audit.applicationId, firmId: audit.firm.id, severity: 'major' });
    expect((await testApp.http.get('/api/v1/corrective-actions').set(other.firm.owner.auth).expect(200)).body).toEqual([]);
    expect((await testApp.http.get('/api/v1/corrective-actions').set(audit.auditor.auth).expect(200)).body.map((each: Finding) => each.id)).toEqual([finding.id]);
    await testApp.http.get(base).set(other.firm.owner.auth).expect(404);
    await testApp.http.get(base).set(other.auditor.auth).expect(404);
    await testApp.http.get('/api/v1/corrective-actions?filter=closed').set(audit.firm.owner.auth).expect(400);

    // Wrong users: another firm, the auditor in the firm's place, the firm in the auditor's, another auditor.
    await testApp.http.post(`${base}/answer`).set(other.firm.owner.auth).send({ answer: 'Fatto' }).expect(404);
    await testApp.http.post(`${base}/answer`).set(audit.auditor.auth).send({ answer: 'Fatto' }).expect(403);
    await testApp.http.post(`${base}/accept`).set(audit.firm.owner.auth).send({}).expect(403);
    await testApp.http.post(`${base}/answer`).send({ answer: 'Fatto' }).expect(401);
    // Nothing to review before the firm answers.
    expect((await testApp.http.post(`${base}/accept`).set(audit.auditor.auth).send({}).expect(409)).body.code).toBe('corrective_action_not_answered');
    // Empty answers.
    await testApp.http.post(`${base}/answer`).set(audit.firm.owner.auth).send({ answer: '' }).expect(400);
    expect((await testApp.http.post(`${base}/answer`).set(audit.firm.owner.auth).send({ answer: '   ' }).expect(422)).body.code).toBe('answer_required');
    await testApp.http.post('/api/v1/corrective-actions/not-a-uuid/answer').set(audit.firm.owner.auth).send({ answer: 'Fatto' }).expect(400);

    const uploaded = await testApp.http.post(`${base}/documents`).set(audit.firm.owner.auth).attach('file', PDF_BYTES, 'registro formazione.pdf').expect(201);
    expect(uploaded.body).toMatchObject({ contentType: 'application/pdf', sizeBytes: PDF_BYTES.length });
    await testApp.http.post(`${base}/documents`).set(other.firm.owner.auth).attach('file', PDF_BYTES, 'x.pdf').expect(404);
    const answered = await testApp.http.post(`${base}/answer`).set(audit.firm.owner.auth).send({ answer: 'Registro completato e firmato dai partecipanti.' }).expect(200);
    expect(answered.body.followUp).toMatchObject({ state: 'answered', answer: 'Registro completato e firmato dai partecipanti.', documents: [{ id: uploaded.body.id }] });
    expect(await mailKinds(audit.auditor.email)).toContain('corrective_action_answered');
    expect((await testApp.http.post(`${base}/answer`).set(audit.firm.owner.auth).send({ answer: 'Ancora' }).expect(409)).body.code).toBe('corrective_action_not_awaiting_firm');
    await testApp.http.post(`${base}/documents`).set(audit.firm.owner.auth).attach('file', PDF_BYTES, 'tardi.pdf').expect(409);
    const document = await testApp.http.get(`${base}/documents/${uploaded.body.id}`).set(audit.auditor.auth).expect(200);
    expect(Buffer.compare(document.body as Buffer, PDF_BYTES)).toBe(0);

    await testApp.http.post(`${base}/reopen`).set(other.auditor.auth).send({ reason: 'Manca la firma' }).expect(404);
    await testApp.http.post(`${base}/reopen`).set(audit.auditor.auth).send({}).expect(400);
    expect((await testApp.http.post(`${base}/reopen`).set(audit.auditor.auth).send({ reason: '    ' }).expect(422)).body.code).toBe('reason_required');
    const reopened = await testApp.http.post(`${base}/reopen`).set(audit.auditor.auth).send({ reason: 'Manca la firma del docente.' }).expect(200);
    expect(reopened.body.followUp).toMatchObject({ state: 'reopened', reviewReason: 'Manca la firma del docente.' });
    expect(await mailKinds(audit.firm.owner.email)).toContain('corrective_action_reviewed');

    await testApp.http.post(`${base}/answer`).set(audit.firm.owner.auth).send({ answer: 'Aggiunta la firma del docente.' }).expect(200);
    const accepted = await testApp.http.post(`${base}/accept`).set(audit.auditor.auth).send({ note: 'Completo.' }).expect(200);
    expect(accepted.body.followUp).toMatchObject({ state: 'accepted', answer: 'Aggiunta la firma del docente.', reviewReason: 'Completo.' });
    expect((await testApp.http.post(`${base}/reopen`).set(audit.auditor.auth).send({ reason: 'Ci ripenso' }).expect(409)).body.code).toBe('corrective_action_not_answered');
    expect((await testApp.http.get('/api/v1/corrective-actions').set(audit.firm.owner.auth).expect(200)).body).toEqual([]);
    expect((await testApp.http.get('/api/v1/corrective-actions?filter=all').set(audit.firm.owner.auth).expect(200)).body).toHaveLength(1);

    const history = await db.query<{ action: string }[]>(`SELECT action FROM history WHERE entity_id = $1 AND action LIKE 'audit.corrective%' ORDER BY seq`, [audit.auditId]);
    expect(history.map((row) => row.action)).toEqual([
      'audit.corrective_document_added',
      'audit.corrective_action_answered',
      'audit.corrective_action_reopened',
      'audit.corrective_action_answered',
      'audit.corrective_action_accepted',
    ]);
    // The database itself keeps an accepted action closed.
    await expect(db.query(`UPDATE audit_corrective_action SET state = 'reopened', review_reason = 'x' WHERE finding_id = $1`, [finding.id])).rejects.toThrow(/not a transition/);
  });

  it('puts an overdue major finding on an active rating before a reviewer once, however often and late the sweep runs', async () => {
    const audit = await assignedAudit(testApp);
    const dueOn = addCalendarDays(today(), 3);
    const major = await raise(audit, 'major', dueOn);
    const minor = await raise(audit, 'minor', dueOn);
    const accepted = await raise(audit, 'major', dueOn);
    await testApp.http.post(`/api/v1/corrective-actions/${accepted.id}/answer`).set(audit.firm.owner.auth).send({ answer: 'Fatto.' }).expect(200);
    await testApp.http.post(`/api/v1/corrective-actions/${accepted.id}/accept`).set(audit.auditor.auth).send({}).expect(200);
    await approve(audit);
    const tasksOf = () => db.query<{ source_ref: string; kind: string }[]>(`SELECT source_ref, kind FROM review_task WHERE firm_id = $1`, [audit.firm.id]);

    const started = testApp.clock.now();
    try {
      // On the due date itself nothing is late yet.
      testApp.clock.set(new Date(romeDayStart(dueOn).getTime() + 23 * 3_600_000));
      await sweep();
      expect(await tasksOf()).toEqual([]);
      // The next Rome day, and a run days late, twice, and two at once.
      testApp.clock.set(romeDayStart(addCalendarDays(dueOn, 5)));
      // Signed in at the new time (sessions last hours); a reviewer when the task opens is told of it.
      const reviewer = await testApp.signIn('reviewer');
      const [first, second] = await Promise.all([sweep(), sweep()]);
      expect(first + second).toBe(1);
      expect(await sweep()).toBe(0);
      expect(await tasksOf()).toEqual([{ source_ref: major.id, kind: 'corrective_action' }]);
      expect(minor.followUp.state).toBe('open');

      // Closing the review does not reopen it on the next run: one task per finding, ever.
      const [task] = (await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200)).body.filter((each: { sourceRef: string }) => each.sourceRef === major.id);
      expect(task).toMatchObject({ kind: 'corrective_action' });
      expect(task.summary).toContain(`entro il ${dueOn.split('-').reverse().join('/')}`);
      await testApp.http.post(`/api/v1/review-tasks/${task.id}/close`).set(reviewer.auth).send({ outcome: 'no_action', note: 'Il valutatore segue la chiusura' }).expect(200);
      expect(await sweep()).toBe(0);
      expect(await tasksOf()).toHaveLength(1);
      expect(await mailKinds(reviewer.email)).toContain('review_task_opened');
    } finally {
      testApp.clock.set(started);
    }
  });

  it('on the pages: the firm sees its open actions with due dates (and on its to-do list) and answers with a document; the auditor reopens with a reason or accepts after confirming', async () => {
    const audit = await assignedAudit(testApp);
    const dueOn = addCalendarDays(today(), 7);
    const finding = await raise(audit, 'major', dueOn);
    const italianDue = dueOn.split('-').reverse().join('/');
    const firm = new WebVisitor(testApp.app);
    await firm.signIn(audit.firm.owner.email, audit.firm.owner.password);
    const auditor = new WebVisitor(testApp.app);
    await auditor.signIn(audit.auditor.email, audit.auditor.password);
    const base = `/area/azioni-correttive/${finding.id}`;

    const home = await expectStatus(firm.get('/area/azienda'), 200);
    expect(home.text).toContain(`Rispondi entro il ${italianDue} all’azione correttiva sul rilievo «Registro della formazione incompleto (major)»`);
    expect(home.text).toContain(`href="/area/azioni-correttive#finding-${finding.id}"`);
    const listed = await expectStatus(firm.get('/area/azioni-correttive'), 200);
    expect(listed.text).toContain(italianDue);
    expect(listed.text).toContain('Da fare: in attesa della risposta dell’azienda');
    expect(listed.text).toContain(`action="${base}/risposta"`);
    expect(listed.text).not.toContain(`action="${base}/accetta"`);
    const application = await expectStatus(firm.get(`/area/azienda/domande/${audit.applicationId}`), 200);
    expect(application.text).toContain(italianDue);

    // Bad input and wrong users on the pages.
    const empty = await expectStatus(firm.submit(`${base}/risposta`, { answer: '   ' }), 400);
    expect(empty.text).toContain('Scrivi cosa avete fatto.');
    await expectStatus(firm.submit(`${base}/documenti`, {}), 400);
    await expectStatus(auditor.submit(`${base}/risposta`, { answer: 'Fatto' }), 403);
    await auditor.get('/area/azioni-correttive');
    await expectStatus(auditor.submit(`${base}/riapri`, { reason: 'Manca la firma' }), 409);

    await expectStatus(firm.submit(`${base}/documenti`, {}, { name: 'registro.pdf', bytes: PDF_BYTES, contentType: 'application/pdf' }), 303);
    await expectStatus(firm.submit(`${base}/risposta`, { answer: 'Registro completato.' }), 303);
    const answered = await expectStatus(firm.get('/area/azioni-correttive'), 200);
    expect(answered.text).toContain('Risposta inviata: in attesa del valutatore');
    expect(answered.text).toContain('registro.pdf');
    expect((await expectStatus(firm.get('/area/azienda'), 200)).text).not.toContain('all’azione correttiva');

    const review = await expectStatus(auditor.get('/area/azioni-correttive'), 200);
    expect(review.text).toContain('Voce TR-01 · Contact Center Esempio S.r.l.');
    const tooShort = await expectStatus(auditor.submit(`${base}/riapri`, { reason: ' ' }), 400);
    expect(tooShort.text).toContain('Scrivi perché la risposta non basta');
    await expectStatus(auditor.submit(`${base}/riapri`, { reason: 'Manca la firma del docente.' }), 303);
    const reopened = await expectStatus(firm.get('/area/azioni-correttive?lang=en'), 200);
    expect(reopened.text).toContain('Reopened: the firm must answer again');
    expect(reopened.text).toContain('Manca la firma del docente.');
    await expectStatus(firm.submit(`${base}/risposta`, { answer: 'Firma aggiunta.' }), 303);

    await auditor.get('/area/azioni-correttive');
    const asked = await expectStatus(auditor.submit(`${base}/accetta`, { note: 'Completo.' }), 200);
    expect(asked.text).toContain('Confermi di accettare la risposta');
    expect((await testApp.http.get(`/api/v1/corrective-actions/${finding.id}`).set(audit.firm.owner.auth).expect(200)).body.followUp.state).toBe('answered');
    await expectStatus(auditor.confirm(asked), 303);
    // A second press of the same confirmation does nothing more.
    await expectStatus(auditor.confirm(asked), 303);
    const closed = await testApp.http.get(`/api/v1/corrective-actions/${finding.id}`).set(audit.firm.owner.auth).expect(200);
    expect(closed.body.followUp).toMatchObject({ state: 'accepted', reviewReason: 'Completo.' });
    expect((await expectStatus(firm.get('/area/azioni-correttive'), 200)).text).toContain('Accettata: chiusa');
  });

  it('on the audit item page: the auditor gives the due date as Italians write it, and a past one is refused before anything is saved', async () => {
    const audit = await assignedAudit(testApp);
    const auditor = new WebVisitor(testApp.app);
    await auditor.signIn(audit.auditor.email, audit.auditor.password);
    const itemPath = `/area/verifiche/${audit.auditId}/voci/TR-01`;
    await expectStatus(auditor.get(itemPath), 200);
    const fields = { result: 'minor_nc', note: 'Registro incompleto', severity: 'major', description: 'Mancano le firme', correctiveAction: 'Far firmare il registro', 'evidence-0': audit.evidence['TR-01'] };
    const past = await expectStatus(auditor.submit(itemPath, { ...fields, dueOn: addCalendarDays(today(), -1).split('-').reverse().join('/') }), 422);
    expect(past.text).toContain('La scadenza è già passata');
    const notSaved = await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(audit.auditor.auth).expect(200);
    expect(notSaved.body.findings).toEqual([]);
    const dueOn = addCalendarDays(today(), 20);
    await expectStatus(auditor.submit(itemPath, { ...fields, dueOn: dueOn.split('-').reverse().join('/') }), 303);
    const screen = await expectStatus(auditor.get(`/area/verifiche/${audit.auditId}`), 200);
    expect(screen.text).toContain(dueOn.split('-').reverse().join('/'));
    expect(screen.text).toContain('Da fare: in attesa della risposta dell’azienda');
    const [finding] = (await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(audit.auditor.auth).expect(200)).body.findings as Finding[];
    expect(finding.followUp).toMatchObject({ dueOn, state: 'open' });
  });

  it('opens no review while the firm holds no active rating', async () => {
    const audit = await assignedAudit(testApp);
    const finding = await raise(audit, 'major', today());
    const started = testApp.clock.now();
    try {
      testApp.clock.set(romeDayStart(addCalendarDays(today(), 2)));
      expect(await sweep()).toBe(0);
      expect(await db.query(`SELECT 1 FROM review_task WHERE source_ref = $1`, [finding.id])).toEqual([]);
    } finally {
      testApp.clock.set(started);
    }
  });
}
