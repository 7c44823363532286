import { addCalendarDays, romeCalendarDate } from '@app/core';
import { DataSource } from 'typeorm';
import { assignedAudit, proposedAudit, submittedApplication } from '../../factories/audit.factory';
import { registerFirm } from '../../factories/firm.factory';
import { ratedFirm } from '../../factories/rating.factory';
import { listedFirm } from '../../factories/registry.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const DAY = 86_400_000;
/** dd/mm/yyyy of a YYYY-MM-DD date. */
const italian = (day: string) => day.split('-').reverse().join('/');

interface TodoBody {
  kind: string;
  role: string;
  subjectId: string | null;
  firmName: string | null;
  count: number;
  dueOn: string | null;
  overdue: boolean;
  page: string | null;
}

describe("staff homes: what each auditor, reviewer and admin must do now (pages and API, PostgreSQL server)", () => {
  let testApp: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    db = testApp.app.get(DataSource);
  });
  afterAll(async () => {
    await testApp?.close();
  });

  const today = () => romeCalendarDate(testApp.clock.now());
  const todosOf = async (user: SignedInUser): Promise<TodoBody[]> => (await testApp.http.get('/api/v1/todos').set(user.auth).expect(200)).body as TodoBody[];
  /** A fresh sign-in, through the login form: sessions last hours, and some tests move the clock by days. */
  async function webOf(user: { email: string; password: string }): Promise<WebVisitor> {
    const web = new WebVisitor(testApp.app);
    await web.signIn(user.email, user.password);
    return web;
  }
  async function apiOf(user: SignedInUser): Promise<SignedInUser> {
    const response = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
    return { ...user, token: response.body.token as string, auth: { Authorization: `Bearer ${response.body.token as string}` } };
  }

  it("lists an auditor's own new assignment, the firm's answers and a corrective action to review with its due day, and none of another auditor's", async () => {
    const firm = await registerFirm(testApp, { legalName: 'Alfa Chiamate S.r.l.' });
    const audit = await assignedAudit(testApp, { firm });
    const other = await testApp.signIn('auditor');
    const auditPage = `/area/verifiche/${audit.auditId}`;

    const web = await webOf(audit.auditor);
    const home = await expectStatus(web.get('/area/verifiche'), 200);
    expect(home.text).toContain('Da fare adesso');
    expect(home.text).toContain(`<a href="${auditPage}">Inizia la verifica di Alfa Chiamate S.r.l., assegnata il ${italian(today())}</a>`);
    expect(await todosOf(audit.auditor)).toEqual([expect.objectContaining({ kind: 'start_audit', role: 'auditor', subjectId: audit.auditId, firmName: 'Alfa Chiamate S.r.l.', overdue: false, page: auditPage })]);
    const otherHome = await expectStatus((await webOf(other)).get('/area/verifiche'), 200);
    expect(otherHome.text).not.toContain('Alfa Chiamate');
    expect(otherHome.text).toContain('Non c’è nulla in attesa di te.');
    expect(await todosOf(other)).toEqual([]);

    // A question sends the audit to the firm; its answer brings it back to the auditor.
    const asked = await testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests`).set(audit.auditor.auth).send({ itemCode: 'TR-01', question: 'Inviate il registro.' }).expect(201);
    expect(await todosOf(audit.auditor)).toEqual([]);
    await testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests/${asked.body.id as string}/answer`).set(audit.firm.owner.auth).send({ answer: 'Allegato.' }).expect(200);
    expect((await todosOf(audit.auditor)).map((todo) => [todo.kind, todo.subjectId])).toEqual([['read_firm_answers', audit.auditId]]);
    expect((await expectStatus(web.get('/area/verifiche'), 200)).text).toContain(`Alfa Chiamate S.r.l. ha risposto alle tue domande il ${italian(today())}: riprendi la verifica`);

    const dueOn = addCalendarDays(today(), 10);
    const finding = await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/findings`)
      .set(audit.auditor.auth)
      .send({ itemCode: 'TR-01', severity: 'minor', description: 'Registro incompleto', correctiveAction: 'Completare il registro', dueOn })
      .expect(201);
    const findingId = finding.body.id as string;
    expect((await todosOf(audit.auditor)).map((todo) => todo.kind)).not.toContain('review_corrective_action');
    await testApp.http.post(`/api/v1/corrective-actions/${findingId}/answer`).set(audit.firm.owner.auth).send({ answer: 'Registro completato.' }).expect(200);
    const withAction = await todosOf(audit.auditor);
    expect(withAction[0]).toMatchObject({ kind: 'review_corrective_action', subjectId: findingId, dueOn, overdue: false, page: `/area/azioni-correttive#finding-${findingId}` });
    const actionHome = await expectStatus(web.get('/area/verifiche'), 200);
    expect(actionHome.text).toContain(`<a href="/area/azioni-correttive#finding-${findingId}">Accetta o riapri entro il ${italian(dueOn)} la risposta di Alfa Chiamate S.r.l. all’azione correttiva «Registro incompleto»</a>`);
    expect(await todosOf(other)).toEqual([]);
    expect((await expectStatus((await webOf(other)).get('/area/verifiche'), 200)).text).not.toContain('Registro incompleto');

    const english = await expectStatus(web.get('/area/verifiche?lang=en'), 200);
    expect(english.text).toContain('To do now');
    expect(english.text).toContain(`href="/area/azioni-correttive?lang&#x3D;en#finding-${findingId}"`);
    expect(english.text).toContain('the corrective action “Registro incompleto”');

    // Past its due day it is late, first, and marked so.
    const started = testApp.clock.now();
    try {
      testApp.clock.set(new Date(started.getTime() + 11 * DAY));
      const late = await todosOf(await apiOf(audit.auditor));
      expect(late[0]).toMatchObject({ kind: 'review_corrective_action', overdue: true });
      const lateHome = await expectStatus((await webOf(audit.auditor)).get('/area/verifiche'), 200);
      expect(lateHome.text).toContain(`<li class="overdue"><strong>In ritardo:</strong> <a href="/area/azioni-correttive#finding-${findingId}">la risposta di Alfa Chiamate S.r.l. all’azione correttiva «Registro incompleto» andava valutata entro il ${italian(dueOn)}`);
    } finally {
      testApp.clock.set(started);
    }

    await testApp.http.post(`/api/v1/corrective-actions/${findingId}/accept`).set(audit.auditor.auth).send({}).expect(200);
    expect((await todosOf(audit.auditor)).map((todo) => todo.kind)).not.toContain('review_corrective_action');
  });

  it("shows a reviewer the proposals waiting, but never one of an audit they ran", async () => {
    const admin = await testApp.signIn('admin');
    const firm = await registerFirm(testApp, { legalName: 'Beta Proposte S.r.l.' });
    const audit = await proposedAudit(testApp, { firm, admin });
    const reviewer = await testApp.signIn('reviewer');
    const decisionPage = `/area/decisioni/verifiche/${audit.auditId}`;

    expect(await todosOf(reviewer)).toContainEqual(expect.objectContaining({ kind: 'decide_proposal', role: 'reviewer', subjectId: audit.auditId, firmName: 'Beta Proposte S.r.l.', page: decisionPage }));
    const home = await expectStatus((await webOf(reviewer)).get('/area/decisioni'), 200);
    expect(home.text).toContain(`<a href="${decisionPage}">Decidi sulla proposta per Beta Proposte S.r.l., in attesa dal ${italian(today())}</a>`);

    // The auditor who ran it, become a reviewer, is not asked to decide it (four eyes).
    await testApp.http.patch(`/api/v1/users/${audit.auditor.id}`).set(admin.auth).send({ role: 'reviewer' }).expect(200);
    expect((await todosOf(audit.auditor)).map((todo) => todo.subjectId)).not.toContain(audit.auditId);
    const ownHome = await expectStatus((await webOf(audit.auditor)).get('/area/decisioni'), 200);
    expect(ownHome.text).not.toContain(decisionPage);

    await testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' }).expect(201);
    expect((await todosOf(reviewer)).map((todo) => todo.subjectId)).not.toContain(audit.auditId);
  });

  it("gives admins the appeals waiting for a panel, each panel's reviewers their appeal, and reviewers the review tasks a definitive sanction opens", async () => {
    const admin = await testApp.signIn('admin');
    const decider = await testApp.signIn('reviewer');
    const member = await testApp.signIn('reviewer');
    const outsider = await testApp.signIn('reviewer');
    const listed = await listedFirm(testApp);
    await testApp.http.post(`/api/v1/ratings/${listed.rating.id}/revoke`).set(decider.auth).send({ reason: 'irregularities', publicNote: 'Chiamate senza consenso' }).expect(200);
    const appealId = (await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: 'Le chiamate non sono nostre: tabulati allegati.' }).expect(201)).body.id as string;

    expect(await todosOf(admin)).toContainEqual(expect.objectContaining({ kind: 'form_appeal_panel', subjectId: appealId, page: '/area/ricorsi' }));
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    expect((await todosOf(admin)).map((todo) => todo.subjectId)).not.toContain(appealId);
    expect(await todosOf(member)).toContainEqual(expect.objectContaining({ kind: 'decide_appeal', role: 'reviewer', subjectId: appealId, page: '/area/ricorsi' }));
    expect((await todosOf(outsider)).map((todo) => todo.subjectId)).not.toContain(appealId);
    expect((await expectStatus((await webOf(member)).get('/area/decisioni'), 200)).text).toMatch(/<a href="\/area\/ricorsi">Decidi il ricorso di [^<]+: sei nel collegio dal /);

    const rated = await ratedFirm(testApp, { legalName: 'Delta Sanzionata S.r.l.' });
    const sanctionDay = today();
    await testApp.http
      .post('/api/v1/sanctions')
      .set(admin.auth)
      .send({ firmId: rated.firm.id, authority: 'garante_privacy', conductCategory: 'data_protection', imposedOn: sanctionDay, definitiveOn: sanctionDay, sourceUrl: 'https://www.garanteprivacy.it/', reference: 'doc. web n. 2001' })
      .expect(201);
    const tasks = (await testApp.http.get('/api/v1/review-tasks').set(outsider.auth).expect(200)).body as { id: string; firmId: string }[];
    const taskId = tasks.find((task) => task.firmId === rated.firm.id)!.id;
    expect(await todosOf(outsider)).toContainEqual(expect.objectContaining({ kind: 'close_review_task', subjectId: taskId, firmName: 'Delta Sanzionata S.r.l.', page: '/area/decisioni/revisioni' }));
    expect((await expectStatus((await webOf(outsider)).get('/area/decisioni'), 200)).text).toContain(`<a href="/area/decisioni/revisioni">Esamina la revisione di Delta Sanzionata S.r.l., aperta il ${italian(today())}: `);
  });

  it('tells admins of an application waiting for an auditor past the threshold, late, and of undelivered messages', async () => {
    const admin = await testApp.signIn('admin');
    const firm = await registerFirm(testApp, { legalName: 'Gamma Attese S.r.l.' });
    const submitted = await submittedApplication(testApp, firm);
    const assignPage = `/area/amministrazione/assegnazioni/${submitted.applicationId}`;
    // Routine for two days: not a to-do yet.
    expect((await todosOf(admin)).map((todo) => todo.subjectId)).not.toContain(submitted.applicationId);

    const submittedOn = today();
    const started = testApp.clock.now();
    try {
      testApp.clock.set(new Date(started.getTime() + 4 * DAY));
      const later = await apiOf(admin);
      expect(await todosOf(later)).toContainEqual(
        expect.objectContaining({ kind: 'assign_auditor', role: 'admin', subjectId: submitted.applicationId, overdue: true, dueOn: addCalendarDays(submittedOn, 3), page: assignPage }),
      );
      const home = await expectStatus((await webOf(admin)).get('/area/amministrazione'), 200);
      expect(home.text).toContain(`<strong>In ritardo:</strong> <a href="${assignPage}">la domanda di Gamma Attese S.r.l., inviata il ${italian(submittedOn)}, aspetta un valutatore dal ${italian(addCalendarDays(submittedOn, 3))}: assegnalo</a>`);

      // A message the outbox gave up on is counted for every admin until it is dealt with.
      await db.query(`UPDATE mail_message SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = (SELECT id FROM mail_message ORDER BY created_at LIMIT 1)`);
      expect(await todosOf(later)).toContainEqual(expect.objectContaining({ kind: 'check_undelivered_mail', count: 1, overdue: true, page: '/area/amministrazione/posta?stato=failed' }));
      const withMail = await expectStatus((await webOf(admin)).get('/area/amministrazione?lang=en'), 200);
      expect(withMail.text).toContain('1 message was not delivered');
      expect(withMail.text).toContain('href="/area/amministrazione/posta?stato&#x3D;failed&amp;lang&#x3D;en"');

      // Once an auditor is assigned the to-do is gone: the list is the current state, not the messages sent.
      const auditor = await testApp.signIn('auditor');
      await testApp.http.post(`/api/v1/applications/${submitted.applicationId}/audit`).set(later.auth).send({ auditorId: auditor.id }).expect(201);
      expect((await todosOf(later)).map((todo) => todo.subjectId)).not.toContain(submitted.applicationId);
    } finally {
      testApp.clock.set(started);
    }
  });

  it('keeps staff to-dos from firm users and anonymous visitors', async () => {
    const firm = await registerFirm(testApp);
    await testApp.http.get('/api/v1/todos').set(firm.owner.auth).expect(403);
    await testApp.http.get('/api/v1/todos').expect(401);
    const web = await webOf(firm.owner);
    for (const path of ['/area/verifiche', '/area/decisioni', '/area/amministrazione']) {
      await expectStatus(web.get(path), 403);
      const away = await new WebVisitor(testApp.app).get(path);
      expect(away.status).toBe(303);
      expect(away.headers.location).toMatch(/^\/accedi/);
    }
  });
});
