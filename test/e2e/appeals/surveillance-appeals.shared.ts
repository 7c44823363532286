import { romeCalendarDate } from '@app/core';
import { DataSource } from 'typeorm';
import { listedFirm, ListedFirm } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const CHECKS = '/api/v1/surveillance/checks';
const REASONS = 'Il valutatore ha ignorato il registro della formazione aggiornato: lo alleghiamo.';

interface DecidedCheck {
  readonly listed: ListedFirm;
  readonly checkId: string;
  readonly auditor: SignedInUser;
  readonly decider: SignedInUser;
}

/** Appeals of a surveillance check's outcome, through the API and the pages; the database's own guards by direct SQL. */
export function surveillanceAppealsSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let firms: ListedFirm[];
  let entries: { id: string; firmId: string }[];
  let itemCodes: string[];

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    // One yearly plan per year: every firm the suite needs is listed before it is drawn.
    firms = [];
    for (let index = 0; index < 8; index += 1) firms.push(await listedFirm(testApp));
    const year = Number(romeCalendarDate(testApp.clock.now()).slice(0, 4));
    const plan = (await testApp.http.post('/api/v1/surveillance/plans').set(admin.auth).send({ year, samplePercent: 100 }).expect(201)).body;
    entries = plan.entries;
    itemCodes = plan.itemCodes;
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function decidedCheck(index: number, outcome: 'maintain' | 'suspend' | 'revoke'): Promise<DecidedCheck> {
    const listed = firms[index];
    const auditor = await testApp.signIn('auditor');
    const decider = await testApp.signIn('reviewer');
    const entry = entries.find((each) => each.firmId === listed.firm.id)!;
    const check = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id }).expect(201)).body;
    for (const itemCode of itemCodes) await testApp.http.put(`${CHECKS}/${check.id}/items/${itemCode}`).set(auditor.auth).send({ result: outcome === 'maintain' ? 'minor_nc' : 'major_nc' }).expect(200);
    await testApp.http.post(`${CHECKS}/${check.id}/proposal`).set(auditor.auth).send({ outcome, reasons: 'Formazione degli operatori scaduta' }).expect(200);
    const publicNote = outcome === 'maintain' ? undefined : 'Esito della verifica di sorveglianza';
    await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(decider.auth).send({ outcome, reasons: 'Formazione degli operatori scaduta', publicNote }).expect(200);
    return { listed, checkId: check.id as string, auditor, decider };
  }

  async function fileAppeal(decided: DecidedCheck): Promise<string> {
    const filed = await testApp.http.post('/api/v1/appeals').set(decided.listed.firm.owner.auth).send({ surveillanceCheckId: decided.checkId, reasons: REASONS }).expect(201);
    return filed.body.id as string;
  }

  async function registryShows(listed: ListedFirm, status: string, latest?: { kind: string; publicNote?: string }): Promise<void> {
    await eventually(async () => {
      const response = await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200);
      expect(response.body.status).toBe(status);
      if (latest) expect(response.body.timeline[0]).toMatchObject(latest);
    });
  }

  it('lets the firm appeal a suspension decided by a check, and refuses bad input, other firms, staff, "maintain" and a second appeal', async () => {
    const decided = await decidedCheck(0, 'suspend');
    const maintained = await decidedCheck(1, 'maintain');
    const appeals = () => testApp.http.post('/api/v1/appeals');
    const owner = decided.listed.firm.owner;

    expect(JSON.stringify((await appeals().set(owner.auth).send({ surveillanceCheckId: 'verifica-1', reasons: REASONS }).expect(400)).body)).toContain('surveillanceCheckId');
    expect(JSON.stringify((await appeals().set(owner.auth).send({ surveillanceCheckId: decided.checkId, reasons: 'no' }).expect(400)).body)).toContain('reasons');
    const both = await appeals().set(owner.auth).send({ surveillanceCheckId: decided.checkId, ratingId: decided.listed.rating.id, reasons: REASONS }).expect(400);
    expect(JSON.stringify(both.body)).toContain('surveillanceCheckId');
    expect((await appeals().set(maintained.listed.firm.owner.auth).send({ surveillanceCheckId: decided.checkId, reasons: REASONS }).expect(404)).body.code).toBe('surveillance_check_not_found');
    await appeals().set(owner.auth).send({ surveillanceCheckId: '00000000-0000-4000-8000-000000000000', reasons: REASONS }).expect(404);
    await appeals().set(decided.decider.auth).send({ surveillanceCheckId: decided.checkId, reasons: REASONS }).expect(403);
    // "maintain", even with findings, changed nothing the panel could reverse.
    const nothing = await appeals().set(maintained.listed.firm.owner.auth).send({ surveillanceCheckId: maintained.checkId, reasons: REASONS }).expect(422);
    expect(nothing.body.code).toBe('nothing_to_appeal');

    const filed = await appeals().set(owner.auth).send({ surveillanceCheckId: decided.checkId, reasons: REASONS }).expect(201);
    expect(filed.body).toMatchObject({ kind: 'surveillance_outcome', status: 'filed', surveillanceCheckId: decided.checkId, checkOutcome: 'suspend', ratingId: decided.listed.rating.id, applicationId: null });
    expect((await appeals().set(owner.auth).send({ surveillanceCheckId: decided.checkId, reasons: REASONS }).expect(409)).body.code).toBe('appeal_already_filed');
    // The same suspension through its rating is the same appeal.
    expect((await appeals().set(owner.auth).send({ ratingId: decided.listed.rating.id, reasons: REASONS }).expect(409)).body.code).toBe('appeal_already_filed');
    expect((await testApp.http.get(`/api/v1/ratings/${decided.listed.rating.id}`).set(owner.auth).expect(200)).body.status).toBe('suspended'); // filing changes nothing

    await expect(db.query(`UPDATE appeal SET surveillance_check_id = $2 WHERE id = $1`, [filed.body.id, maintained.checkId])).rejects.toThrow(/never changes/);
    // The database refuses an appeal of "maintain", one naming the wrong people, and the check's event appealed as a plain suspension.
    const insert = (kind: string, checkId: string | null, decidedBy: string, auditedBy: string | null) =>
      db.query(
        `INSERT INTO appeal (firm_id, kind, surveillance_check_id, rating_id, appealed_event_id, audited_by_id, appealed_decision_at, decision_taken_by_id, filed_by_id, reasons, filed_at, status)
         SELECT c.firm_id, $1::text, $2::uuid, c.rating_id, (SELECT max(id) FROM rating_event WHERE rating_id = c.rating_id), $4::uuid, c.decided_at, $3::uuid, $5::uuid, 'falso', now(), 'filed' FROM surveillance_check c WHERE c.id = $6::uuid`,
        [kind, checkId, decidedBy, auditedBy, owner.id, checkId ?? decided.checkId],
      );
    await expect(insert('surveillance_outcome', maintained.checkId, maintained.decider.id, maintained.auditor.id)).rejects.toThrow(/did not suspend or revoke/);
    await expect(insert('surveillance_outcome', decided.checkId, admin.id, decided.auditor.id)).rejects.toThrow(/was decided by/);
    await expect(insert('suspension', null, decided.decider.id, null)).rejects.toThrow(/outcome of a surveillance check/);
  });

  it('forms the panel without the reviewer who decided the check, its auditor or the firm, in the service and in the database', async () => {
    const decided = await decidedCheck(2, 'revoke');
    const appealId = await fileAppeal(decided);
    // A role can change: the check's auditor made a reviewer later still ran the check.
    await db.query(`UPDATE user_account SET role = 'reviewer' WHERE id = $1`, [decided.auditor.id]);
    const insider = await testApp.signIn('reviewer');
    await db.query(`INSERT INTO firm_member (user_id, firm_id, is_owner) VALUES ($1, $2, false)`, [insider.id, decided.listed.firm.id]);
    const outsider = await testApp.signIn('reviewer');

    const refused = await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id, decided.decider.id, decided.auditor.id, insider.id] }).expect(422);
    expect(refused.body.code).toBe('panel_ineligible');
    expect(refused.body.details.refused).toEqual([
      { id: decided.decider.id, reason: 'took_the_decision' },
      { id: decided.auditor.id, reason: 'audited_the_firm' },
      { id: insider.id, reason: 'firm_member' },
    ]);
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, decided.decider.id])).rejects.toThrow(/took the decision appealed/);
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, decided.auditor.id])).rejects.toThrow(/audited the firm/);
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, insider.id])).rejects.toThrow(/belongs to the appealing firm/);
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id] }).expect(200);
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(decided.decider.auth).send({ outcome: 'upheld', reasons: 'Non spetta a lui' }).expect(403);
  });

  it('upheld against a revocation: the rating is active again, the timeline and the check history say so', async () => {
    const decided = await decidedCheck(3, 'revoke');
    const appealId = await fileAppeal(decided);
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 3_600_000));
    const upheld = await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'upheld', reasons: 'Il registro prova la formazione' }).expect(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', ratingReinstated: true, checkOutcome: 'revoke' });
    const rating = (await testApp.http.get(`/api/v1/ratings/${decided.listed.rating.id}`).set(decided.listed.firm.owner.auth).expect(200)).body;
    expect(rating).toMatchObject({ status: 'active', revocationReason: null, endedAt: null });
    await registryShows(decided.listed, 'active', { kind: 'reinstated', publicNote: 'Revoca decisa dalla verifica di sorveglianza annullata in appello' });
    const history = ((await testApp.http.get(`/api/v1/history?entityType=surveillance_check&entityId=${decided.checkId}`).set(admin.auth).expect(200)).body as { action: string }[]).map((event) => event.action);
    expect(history).toEqual(expect.arrayContaining(['surveillance_check.decided', 'surveillance_check.annulled_on_appeal']));
    // The check itself stays as decided.
    expect((await testApp.http.get(`${CHECKS}/${decided.checkId}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'decided', outcome: 'revoke' });
    const adminWeb = new WebVisitor(testApp.app);
    await adminWeb.signIn(admin.email, admin.password);
    expect((await expectStatus(adminWeb.get('/area/amministrazione/storico'), 200)).text).toContain('Esito della verifica di sorveglianza annullato in appello');
  });

  it('dismissed against a suspension: the suspension stands with the panel reasons; upheld, a suspension is lifted', async () => {
    const dismissedCheck = await decidedCheck(4, 'suspend');
    const dismissedId = await fileAppeal(dismissedCheck);
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${dismissedId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    expect((await testApp.http.post(`/api/v1/appeals/${dismissedId}/stay`).set(member.auth).expect(409)).body.details.why).toBe('not_a_revocation');
    await testApp.http.post(`/api/v1/appeals/${dismissedId}/decision`).set(member.auth).send({ outcome: 'dismissed', reasons: 'Il registro non copre tutti gli operatori' }).expect(200);
    const dismissed = (await testApp.http.get(`/api/v1/appeals/${dismissedId}`).set(dismissedCheck.listed.firm.owner.auth).expect(200)).body;
    expect(dismissed).toMatchObject({ status: 'dismissed', ratingReinstated: false, outcomeReasons: 'Il registro non copre tutti gli operatori' });
    await registryShows(dismissedCheck.listed, 'suspended', { kind: 'suspended' });

    const upheldCheck = await decidedCheck(5, 'suspend');
    const upheldId = await fileAppeal(upheldCheck);
    await testApp.http.post(`/api/v1/appeals/${upheldId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    await testApp.http.post(`/api/v1/appeals/${upheldId}/decision`).set(member.auth).send({ outcome: 'upheld', reasons: 'Formazione documentata' }).expect(200);
    await registryShows(upheldCheck.listed, 'active', { kind: 'reinstated', publicNote: 'Sospensione decisa dalla verifica di sorveglianza annullata in appello' });
  });

  it('refuses an appeal of a check filed after APPEAL_DAYS Rome days, naming the last day', async () => {
    const decided = await decidedCheck(6, 'revoke');
    const decidedAt = testApp.clock.now();
    testApp.clock.set(new Date(decidedAt.getTime() + (testApp.config.appeals.days + 1) * 86_400_000));
    try {
      const owner = decided.listed.firm.owner;
      const login = await testApp.http.post('/api/v1/auth/login').send({ email: owner.email, password: owner.password }).expect(200);
      const late = await testApp.http.post('/api/v1/appeals').set({ Authorization: `Bearer ${login.body.token as string}` }).send({ surveillanceCheckId: decided.checkId, reasons: REASONS }).expect(422);
      expect(late.body).toMatchObject({ code: 'appeal_period_over', details: { lastDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    } finally {
      testApp.clock.set(decidedAt);
    }
  });

  it('goes through the pages: the firm is offered the check, confirms, and the panel member reads it and decides with its wording', async () => {
    const decided = await decidedCheck(7, 'suspend');
    const firmWeb = new WebVisitor(testApp.app);
    await firmWeb.signIn(decided.listed.firm.owner.email, decided.listed.firm.owner.password);
    const list = await expectStatus(firmWeb.get('/area/ricorsi'), 200);
    expect(list.text).toContain(`Ricorso contro la sospensione del rating ${decided.listed.rating.certificateNumber} decisa dalla verifica di sorveglianza del`);
    expect(list.text).not.toContain(`/area/ricorsi/nuovo/${decided.listed.rating.id}`); // offered once, as the check
    expect((await expectStatus(firmWeb.submit(`/area/ricorsi/verifica/${decided.checkId}`, { reasons: 'no' }), 400)).text).toContain('Scrivete i motivi');
    const confirm = await expectStatus(firmWeb.submit(`/area/ricorsi/verifica/${decided.checkId}`, { reasons: REASONS }), 200);
    expect(confirm.text).toContain('Questo passo non si può annullare.');
    await expectStatus(firmWeb.submit(`/area/ricorsi/verifica/${decided.checkId}/conferma`, { reasons: REASONS }), 303);
    const [appeal] = (await testApp.http.get('/api/v1/appeals').set(decided.listed.firm.owner.auth).expect(200)).body;
    expect(appeal).toMatchObject({ kind: 'surveillance_outcome', status: 'filed', surveillanceCheckId: decided.checkId });
    await expectStatus(firmWeb.submit(`/area/ricorsi/verifica/${decided.checkId}`, { reasons: REASONS }), 404);
    expect((await expectStatus(firmWeb.get('/area/ricorsi?lang=en'), 200)).text).toContain('Appeal against the outcome of a surveillance check');

    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appeal.id}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    const memberWeb = new WebVisitor(testApp.app);
    await memberWeb.signIn(member.email, member.password);
    const memberList = await expectStatus(memberWeb.get('/area/ricorsi'), 200);
    expect(memberList.text).toContain("Ricorso contro l&#x27;esito di una verifica di sorveglianza");
    expect(memberList.text).toContain('Sospensione del rating');
    expect(memberList.text).not.toContain('/sospensiva');
    const decisionConfirm = await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione`, { outcome: 'upheld', reasons: 'Formazione documentata' }), 200);
    expect(decisionConfirm.text).toContain('l&#x27;esito della verifica è annullato');
    await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione/conferma`, { outcome: 'upheld', reasons: 'Formazione documentata' }), 303);
    expect((await expectStatus(firmWeb.get('/area/ricorsi'), 200)).text).toContain('il rating è di nuovo attivo');
  });
}
