import { DataSource } from 'typeorm';
import { openApplication } from '../../factories/application.factory';
import { AssignedAudit, proposedAudit } from '../../factories/audit.factory';
import { eventually } from '../../support/eventually';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const REASONS = 'Il revisore ha ignorato il corso sulla sicurezza che avevamo documentato: alleghiamo il registro presenze.';
const REFUSAL = 'Formazione sulla sicurezza non documentata';

interface RefusedApplication extends AssignedAudit {
  readonly refuser: SignedInUser;
  readonly decidedAt: string;
}

/** Appeals of a refusal, through the API and the pages; the database's own guards by direct SQL. */
export function refusalAppealsSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function refusedApplication(): Promise<RefusedApplication> {
    const audit = await proposedAudit(testApp, { admin });
    const refuser = await testApp.signIn('reviewer');
    const decided = await testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(refuser.auth).send({ outcome: 'refuse', reasons: REFUSAL }).expect(201);
    return { ...audit, refuser, decidedAt: decided.body.decision.decidedAt as string };
  }

  async function fileAppeal(refused: RefusedApplication): Promise<string> {
    const filed = await testApp.http.post('/api/v1/appeals').set(refused.firm.owner.auth).send({ applicationId: refused.applicationId, reasons: REASONS }).expect(201);
    return filed.body.id as string;
  }

  async function uphold(appealId: string): Promise<SignedInUser> {
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'upheld', reasons: 'Il registro presenze prova la formazione' }).expect(200);
    return member;
  }

  it('lets the firm appeal a refusal within the period, and refuses bad input, other firms, staff and a second appeal', async () => {
    const refused = await refusedApplication();
    const other = await refusedApplication();
    const appeals = () => testApp.http.post('/api/v1/appeals');

    const both = await appeals().set(refused.firm.owner.auth).send({ applicationId: refused.applicationId, ratingId: refused.applicationId, reasons: REASONS }).expect(400);
    expect(JSON.stringify(both.body)).toContain('applicationId');
    const neither = await appeals().set(refused.firm.owner.auth).send({ reasons: REASONS }).expect(400);
    expect(JSON.stringify(neither.body)).toContain('ratingId');
    expect(JSON.stringify((await appeals().set(refused.firm.owner.auth).send({ applicationId: 'domanda-1', reasons: REASONS }).expect(400)).body)).toContain('applicationId');
    await appeals().set(other.firm.owner.auth).send({ applicationId: refused.applicationId, reasons: REASONS }).expect(404);
    await appeals().set(refused.refuser.auth).send({ applicationId: refused.applicationId, reasons: REASONS }).expect(403);

    const filed = await appeals().set(refused.firm.owner.auth).send({ applicationId: refused.applicationId, reasons: REASONS }).expect(201);
    expect(filed.body).toMatchObject({ kind: 'refusal', status: 'filed', applicationId: refused.applicationId, ratingId: null, decisionReopened: false, ratingReinstated: false });
    expect(new Date(filed.body.appealedDecisionAt as string).toISOString()).toBe(new Date(refused.decidedAt).toISOString());
    expect((await appeals().set(refused.firm.owner.auth).send({ applicationId: refused.applicationId, reasons: REASONS }).expect(409)).body.code).toBe('appeal_already_filed');
    const application = await testApp.http.get(`/api/v1/applications/${refused.applicationId}`).set(refused.firm.owner.auth).expect(200);
    expect(application.body).toMatchObject({ state: 'decided', outcome: 'refused' }); // filing changes nothing

    const approved = await proposedAudit(testApp, { admin });
    await testApp.http.post(`/api/v1/audits/${approved.auditId}/decision`).set((await testApp.signIn('reviewer')).auth).send({ outcome: 'approve' }).expect(201);
    const nothing = await appeals().set(approved.firm.owner.auth).send({ applicationId: approved.applicationId, reasons: REASONS }).expect(422);
    expect(nothing.body.code).toBe('nothing_to_appeal');

    await expect(db.query(`UPDATE appeal SET application_id = $2 WHERE id = $1`, [filed.body.id, other.applicationId])).rejects.toThrow(/never changes/);
    await expect(
      db.query(
        `INSERT INTO appeal (firm_id, kind, appealed_decision_id, application_id, audited_by_id, appealed_decision_at, decision_taken_by_id, filed_by_id, reasons, filed_at, status)
         SELECT d.firm_id, 'refusal', d.id, $2, d.auditor_id, d.decided_at, $3, $4, 'falso', now(), 'filed' FROM audit_decision d JOIN audit a ON a.id = d.audit_id WHERE a.application_id = $1`,
        [other.applicationId, other.applicationId, admin.id, other.firm.owner.id],
      ),
    ).rejects.toThrow(/refusal appealed was taken by/);
  });

  it('refuses an appeal of a refusal filed after APPEAL_DAYS Rome days, naming the last day', async () => {
    const refused = await refusedApplication();
    const refusedAt = testApp.clock.now();
    testApp.clock.set(new Date(refusedAt.getTime() + (testApp.config.appeals.days + 1) * 86_400_000));
    try {
      const login = await testApp.http.post('/api/v1/auth/login').send({ email: refused.firm.owner.email, password: refused.firm.owner.password }).expect(200);
      const late = await testApp.http.post('/api/v1/appeals').set({ Authorization: `Bearer ${login.body.token as string}` }).send({ applicationId: refused.applicationId, reasons: REASONS }).expect(422);
      expect(late.body).toMatchObject({ code: 'appeal_period_over', details: { lastDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    } finally {
      testApp.clock.set(refusedAt);
    }
  });

  it('forms the panel without the refusing reviewer, the auditor or the firm, in the service and in the database', async () => {
    const refused = await refusedApplication();
    const appealId = await fileAppeal(refused);
    // A role can change: the auditor made a reviewer later still audited the firm for this refusal.
    await db.query(`UPDATE user_account SET role = 'reviewer' WHERE id = $1`, [refused.auditor.id]);
    const insider = await testApp.signIn('reviewer');
    await db.query(`INSERT INTO firm_member (user_id, firm_id, is_owner) VALUES ($1, $2, false)`, [insider.id, refused.firm.id]);
    const outsider = await testApp.signIn('reviewer');

    const refusedPanel = await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id, refused.refuser.id, refused.auditor.id, insider.id] }).expect(422);
    expect(refusedPanel.body.code).toBe('panel_ineligible');
    expect(refusedPanel.body.details.refused).toEqual([
      { id: refused.refuser.id, reason: 'took_the_decision' },
      { id: refused.auditor.id, reason: 'audited_the_firm' },
      { id: insider.id, reason: 'firm_member' },
    ]);
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, refused.refuser.id])).rejects.toThrow(/took the decision appealed/);
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, refused.auditor.id])).rejects.toThrow(/audited the firm/);
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, insider.id])).rejects.toThrow(/belongs to the appealing firm/);
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id] }).expect(200);
    expect((await testApp.http.post(`/api/v1/appeals/${appealId}/stay`).set(outsider.auth).expect(409)).body.details.why).toBe('not_a_revocation');
  });

  it('decides once of two panel members at once; upheld, the refusal is annulled and a reviewer who never decided decides anew', async () => {
    const refused = await refusedApplication();
    const appealId = await fileAppeal(refused);
    const [first, second] = [await testApp.signIn('reviewer'), await testApp.signIn('reviewer')];
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [first.id, second.id] }).expect(200);
    // Nothing but an upheld appeal reopens a refusal.
    await expect(db.query(`UPDATE audit SET status = 'proposed', decided_at = NULL WHERE id = $1`, [refused.auditId])).rejects.toThrow(/decided and locked/);
    await expect(db.query(`UPDATE application SET state = 'in_audit', outcome = NULL, decided_at = NULL WHERE id = $1`, [refused.applicationId])).rejects.toThrow(/is decided/);
    await expect(db.query(`UPDATE audit_decision SET annulled_by_appeal_id = $2 WHERE audit_id = $1`, [refused.auditId, appealId])).rejects.toThrow(/decision is final/);

    testApp.clock.set(new Date(testApp.clock.now().getTime() + 3_600_000));
    const responses = await Promise.all([
      testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(first.auth).send({ outcome: 'upheld', reasons: 'Il registro presenze prova la formazione' }),
      testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(second.auth).send({ outcome: 'dismissed', reasons: 'Il registro non basta' }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(responses.find((response) => response.status === 409)!.body.code).toBe('appeal_already_decided');
    const appeal = (await testApp.http.get(`/api/v1/appeals/${appealId}`).set(refused.firm.owner.auth).expect(200)).body;
    const application = (await testApp.http.get(`/api/v1/applications/${refused.applicationId}`).set(refused.firm.owner.auth).expect(200)).body;
    if (appeal.status === 'upheld') {
      expect(appeal.decisionReopened).toBe(true);
      expect(application).toMatchObject({ state: 'in_audit', outcome: null });
    } else {
      expect(appeal.decisionReopened).toBe(false);
      expect(application).toMatchObject({ state: 'decided', outcome: 'refused' });
    }
    await expect(db.query(`UPDATE appeal SET decision_reopened = NOT decision_reopened WHERE id = $1`, [appealId])).rejects.toThrow(/already decided|chk_appeal_reversal/);
  });

  it('upheld: the audit is proposed again, the refuser may not decide it (service and database), another reviewer approves and the registry lists the firm', async () => {
    const refused = await refusedApplication();
    const appealId = await fileAppeal(refused);
    const member = await uphold(appealId);
    const adminWeb = new WebVisitor(testApp.app);
    await adminWeb.signIn(admin.email, admin.password);
    const historyPage = await expectStatus(adminWeb.get('/area/amministrazione/storico'), 200);
    expect(historyPage.text).toContain('Rifiuto annullato in appello: verifica di nuovo da decidere');
    expect(historyPage.text).toContain('Rifiuto annullato in appello: domanda di nuovo in verifica');

    const appeal = (await testApp.http.get(`/api/v1/appeals/${appealId}`).set(refused.firm.owner.auth).expect(200)).body;
    expect(appeal).toMatchObject({ status: 'upheld', decisionReopened: true, outcomeReasons: 'Il registro presenze prova la formazione' });
    const firmView = (await testApp.http.get(`/api/v1/applications/${refused.applicationId}/audit`).set(refused.firm.owner.auth).expect(200)).body;
    expect(firmView.decision).toBeNull();
    const queue = (await testApp.http.get('/api/v1/audits/awaiting-decision').set(refused.refuser.auth).expect(200)).body;
    expect(JSON.stringify(queue)).not.toContain(refused.auditId);
    expect(JSON.stringify((await testApp.http.get('/api/v1/audits/awaiting-decision').set(member.auth).expect(200)).body)).toContain(refused.auditId);

    const again = await testApp.http.post(`/api/v1/audits/${refused.auditId}/decision`).set(refused.refuser.auth).send({ outcome: 'refuse', reasons: REFUSAL }).expect(403);
    expect(again.body).toMatchObject({ code: 'four_eyes', details: { reason: 'prior_decider' } });
    await expect(
      db.query(
        `INSERT INTO audit_decision (audit_id, firm_id, auditor_id, decided_by_id, outcome, reasons, sanction_criterion, decided_at) VALUES ($1, $2, $3, $4, 'refused', 'ancora', '{}', now())`,
        [refused.auditId, refused.firm.id, refused.auditor.id, refused.refuser.id],
      ),
    ).rejects.toThrow(/already decided on audit/);

    const fresh = await testApp.signIn('reviewer');
    const approved = await testApp.http.post(`/api/v1/audits/${refused.auditId}/decision`).set(fresh.auth).send({ outcome: 'approve' }).expect(201);
    expect(approved.body.rating.certificateNumber).toMatch(/^AQ-\d{4}-\d{6}$/);
    expect((await testApp.http.get(`/api/v1/applications/${refused.applicationId}`).set(refused.firm.owner.auth).expect(200)).body).toMatchObject({ state: 'decided', outcome: 'approved' });
    await eventually(async () => {
      const registry = await testApp.http.get(`/api/v1/registry/firms/${refused.firm.vatNumber}`).expect(200);
      expect(registry.body.status).toBe('active');
    });
    const [{ decisions }] = await db.query<{ decisions: number }[]>(`SELECT count(*)::int AS decisions FROM audit_decision WHERE audit_id = $1`, [refused.auditId]);
    expect(decisions).toBe(2); // the annulled refusal stays, marked with the appeal

    const history = async (type: string, id: string) => ((await testApp.http.get(`/api/v1/history?entityType=${type}&entityId=${id}`).set(admin.auth).expect(200)).body as { action: string }[]).map((event) => event.action);
    expect(await history('audit', refused.auditId)).toEqual(expect.arrayContaining(['audit.decided', 'audit.reopened_on_appeal']));
    expect(await history('application', refused.applicationId)).toEqual(expect.arrayContaining(['application.reopened_on_appeal', 'application.decided']));
    expect(await history('appeal', appealId)).toEqual(expect.arrayContaining(['appeal.filed', 'appeal.panel_formed', 'appeal.decided']));
  });

  it('dismissed: the refusal stands and the firm reads why; upheld after the firm applied again: recorded, nothing reopened', async () => {
    const refused = await refusedApplication();
    const appealId = await fileAppeal(refused);
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'dismissed', reasons: 'Il registro non riguarda il personale addetto alle chiamate' }).expect(200);
    const dismissed = (await testApp.http.get(`/api/v1/appeals/${appealId}`).set(refused.firm.owner.auth).expect(200)).body;
    expect(dismissed).toMatchObject({ status: 'dismissed', decisionReopened: false, outcomeReasons: 'Il registro non riguarda il personale addetto alle chiamate' });
    expect((await testApp.http.get(`/api/v1/applications/${refused.applicationId}`).set(refused.firm.owner.auth).expect(200)).body).toMatchObject({ state: 'decided', outcome: 'refused' });

    const reapplied = await refusedApplication();
    const secondAppeal = await fileAppeal(reapplied);
    const draftId = await openApplication(testApp, reapplied.firm);
    await uphold(secondAppeal);
    expect((await testApp.http.get(`/api/v1/appeals/${secondAppeal}`).set(reapplied.firm.owner.auth).expect(200)).body).toMatchObject({ status: 'upheld', decisionReopened: false });
    expect((await testApp.http.get(`/api/v1/applications/${reapplied.applicationId}`).set(reapplied.firm.owner.auth).expect(200)).body.state).toBe('decided');
    expect((await testApp.http.get(`/api/v1/applications/${draftId}`).set(reapplied.firm.owner.auth).expect(200)).body.state).toBe('draft');
  });

  it('goes through the pages: the firm files against the refusal after confirming, a panel member upholds it with the refusal wording', async () => {
    const refused = await refusedApplication();
    const firmWeb = new WebVisitor(testApp.app);
    await firmWeb.signIn(refused.firm.owner.email, refused.firm.owner.password);
    const list = await expectStatus(firmWeb.get('/area/ricorsi'), 200);
    expect(list.text).toContain('Ricorso contro il rifiuto della domanda deciso il');
    expect(list.text).toContain('Durante il ricorso la domanda resta rifiutata.');
    expect((await expectStatus(firmWeb.submit(`/area/ricorsi/rifiuto/${refused.applicationId}`, { reasons: 'no' }), 400)).text).toContain('Scrivete i motivi');
    const confirm = await expectStatus(firmWeb.submit(`/area/ricorsi/rifiuto/${refused.applicationId}`, { reasons: REASONS }), 200);
    expect(confirm.text).toContain('Questo passo non si può annullare.');
    expect((await testApp.http.get('/api/v1/appeals').set(refused.firm.owner.auth).expect(200)).body).toEqual([]);
    await expectStatus(firmWeb.submit(`/area/ricorsi/rifiuto/${refused.applicationId}/conferma`, { reasons: REASONS }), 303);
    const [appeal] = (await testApp.http.get('/api/v1/appeals').set(refused.firm.owner.auth).expect(200)).body;
    expect(appeal).toMatchObject({ kind: 'refusal', status: 'filed' });
    const filed = await expectStatus(firmWeb.get('/area/ricorsi'), 200);
    expect(filed.text).toContain('Ricorso contro il rifiuto di una domanda');
    expect(filed.text).not.toContain(`/area/ricorsi/rifiuto/${refused.applicationId}`);
    await expectStatus(firmWeb.submit(`/area/ricorsi/rifiuto/${refused.applicationId}`, { reasons: REASONS }), 404);

    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appeal.id}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    const memberWeb = new WebVisitor(testApp.app);
    await memberWeb.signIn(member.email, member.password);
    const memberList = await expectStatus(memberWeb.get('/area/ricorsi'), 200);
    expect(memberList.text).toContain('il rifiuto è annullato');
    expect(memberList.text).not.toContain('/sospensiva');
    expect((await expectStatus(memberWeb.get('/area/ricorsi?lang=en'), 200)).text).toContain('Appeal against the refusal of an application');
    const decisionConfirm = await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione`, { outcome: 'upheld', reasons: 'Registro presenze probante' }), 200);
    expect(decisionConfirm.text).toContain('il rifiuto è annullato');
    await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione/conferma`, { outcome: 'upheld', reasons: 'Registro presenze probante' }), 303);
    const decided = await expectStatus(firmWeb.get('/area/ricorsi'), 200);
    expect(decided.text).toContain('Il rifiuto è annullato: la domanda è di nuovo in attesa di decisione');
  });
}
