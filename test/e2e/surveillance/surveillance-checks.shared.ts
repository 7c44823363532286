import { addCalendarDays, romeCalendarDate, SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { ReviewTasksService } from '@app/ratings';
import { DueChecksScheduler } from '@app/surveillance';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { listedFirm, ListedFirm } from '../../factories/registry.factory';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const CHECKS = '/api/v1/surveillance/checks';
const REASONS = 'Registro delle opposizioni consultato, formazione in regola';

interface Entry {
  readonly id: string;
  readonly firmId: string;
  readonly ratingId: string;
}

/** Surveillance checks through the API: opened from a plan entry or a report-triggered review, run by an auditor, decided by another (maintain, suspend, revoke). */
export function surveillanceChecksSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let auditor: SignedInUser;
  let reviewer: SignedInUser;
  let firms: ListedFirm[];
  let entries: Entry[];
  let itemCodes: string[];

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    auditor = await testApp.signIn('auditor');
    reviewer = await testApp.signIn('reviewer');
    firms = [];
    // 0-2: checks opened at once; 3-6: checks scheduled for a later day.
    for (let index = 0; index < 7; index += 1) firms.push(await listedFirm(testApp));
    const year = Number(romeCalendarDate(testApp.clock.now()).slice(0, 4));
    const plan = (await testApp.http.post('/api/v1/surveillance/plans').set(admin.auth).send({ year, samplePercent: 100 }).expect(201)).body;
    entries = plan.entries;
    itemCodes = plan.itemCodes;
  });

  afterAll(async () => {
    await testApp.close();
  });

  const entryOf = (listed: ListedFirm): Entry => entries.find((entry) => entry.firmId === listed.firm.id)!;

  async function runCheck(checkId: string, by: SignedInUser = auditor): Promise<void> {
    for (const itemCode of itemCodes) await testApp.http.put(`${CHECKS}/${checkId}/items/${itemCode}`).set(by.auth).send({ result: 'met' }).expect(200);
  }

  async function ratingStatus(listed: ListedFirm): Promise<{ status: string; suspensionReason?: string; revocationReason?: string }> {
    const response = await testApp.http.get(`/api/v1/ratings/${listed.rating.id}`).set(admin.auth).expect(200);
    return response.body as { status: string };
  }

  it('lets only admins open checks and refuses bad sources and auditors', async () => {
    const entry = entryOf(firms[0]);
    await testApp.http.post(CHECKS).set(reviewer.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id }).expect(403);
    await testApp.http.post(CHECKS).set(auditor.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id }).expect(403);
    await testApp.http.post(CHECKS).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id }).expect(401);
    expect(JSON.stringify((await testApp.http.post(CHECKS).set(admin.auth).send({ auditorId: auditor.id }).expect(400)).body)).toContain('planEntryId');
    await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, auditorId: auditor.id }).expect(400);
    await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'surprise', auditorId: auditor.id }).expect(400);
    const missing = await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: '00000000-0000-4000-8000-000000000000', kind: 'yearly', auditorId: auditor.id }).expect(404);
    expect(missing.body.code).toBe('check_source_not_found');
    const notAuditor = await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: reviewer.id }).expect(422);
    expect(notAuditor.body.code).toBe('auditor_ineligible');
  });

  it('maintains a rating: the auditor records the plan items and proposes, another reviewer decides, once', async () => {
    const opened = await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[0]).id, kind: 'yearly', auditorId: auditor.id }).expect(201);
    const check = opened.body;
    expect(check).toMatchObject({ kind: 'yearly', status: 'in_progress', ratingId: firms[0].rating.id, auditorId: auditor.id });
    expect(check.items.map((item: { itemCode: string }) => item.itemCode)).toEqual(itemCodes);
    expect((await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[0]).id, kind: 'yearly', auditorId: auditor.id }).expect(409)).body.code).toBe('surveillance_check_exists');
    // Drawn at 100%, the same rating also has its unannounced check.
    await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[0]).id, kind: 'unannounced', auditorId: auditor.id }).expect(201);

    const otherAuditor = await testApp.signIn('auditor');
    await testApp.http.get(`${CHECKS}/${check.id}`).set(otherAuditor.auth).expect(404);
    await testApp.http.put(`${CHECKS}/${check.id}/items/${itemCodes[0]}`).set(otherAuditor.auth).send({ result: 'met' }).expect(404);
    expect((await testApp.http.put(`${CHECKS}/${check.id}/items/ZZZ-99`).set(auditor.auth).send({ result: 'met' }).expect(422)).body.code).toBe('item_not_in_check');
    await testApp.http.put(`${CHECKS}/${check.id}/items/${itemCodes[0]}`).set(auditor.auth).send({ result: 'fine' }).expect(400);
    const early = await testApp.http.post(`${CHECKS}/${check.id}/proposal`).set(auditor.auth).send({ outcome: 'maintain', reasons: REASONS }).expect(422);
    expect(early.body.code).toBe('items_without_result');
    expect((await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(reviewer.auth).send({ outcome: 'maintain', reasons: REASONS }).expect(409)).body.code).toBe('surveillance_check_not_proposed');

    await runCheck(check.id);
    const proposed = await testApp.http.post(`${CHECKS}/${check.id}/proposal`).set(auditor.auth).send({ outcome: 'maintain', reasons: REASONS }).expect(200);
    expect(proposed.body).toMatchObject({ status: 'proposed', proposedOutcome: 'maintain' });
    expect(proposed.body.items.every((item: { result: string }) => item.result === 'met')).toBe(true);
    expect((await testApp.http.put(`${CHECKS}/${check.id}/items/${itemCodes[0]}`).set(auditor.auth).send({ result: 'major_nc' }).expect(409)).body.code).toBe('surveillance_check_not_in_progress');
    await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(auditor.auth).send({ outcome: 'maintain', reasons: REASONS }).expect(403);
    await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(admin.auth).send({ outcome: 'maintain', reasons: REASONS }).expect(403);

    const decided = await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(reviewer.auth).send({ outcome: 'maintain', reasons: REASONS }).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', outcome: 'maintain', decidedById: reviewer.id });
    expect((await ratingStatus(firms[0])).status).toBe('active');
    await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(reviewer.auth).send({ outcome: 'revoke', reasons: REASONS, publicNote: 'x' }).expect(409);
    const actions = (await db.query(`SELECT action FROM history WHERE entity_type = 'surveillance_check' AND entity_id = $1 ORDER BY seq`, [check.id])).map((row: { action: string }) => row.action);
    expect(actions[0]).toBe('surveillance_check.opened');
    expect(actions.at(-2)).toBe('surveillance_check.proposed');
    expect(actions.at(-1)).toBe('surveillance_check.decided');
    expect((await testApp.http.get(CHECKS).set(auditor.auth).expect(200)).body.length).toBe(2);
    expect((await testApp.http.get(CHECKS).set(otherAuditor.auth).expect(200)).body).toEqual([]);

    // The database keeps a decided check as it was, and its results with it.
    await expect(db.query(`UPDATE surveillance_check SET outcome = 'revoke' WHERE id = $1`, [check.id])).rejects.toThrow(/already decided/);
    await expect(db.query(`UPDATE surveillance_check_item SET result = 'major_nc' WHERE check_id = $1`, [check.id])).rejects.toThrow(/only while it runs/);
    await expect(db.query(`DELETE FROM surveillance_check WHERE id = $1`, [check.id])).rejects.toThrow(/never deleted/);
  });

  it('suspends a rating that fails its check, through the ratings service, with a public note required', async () => {
    const check = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[1]).id, kind: 'yearly', auditorId: auditor.id }).expect(201)).body;
    await runCheck(check.id);
    await testApp.http.post(`${CHECKS}/${check.id}/proposal`).set(auditor.auth).send({ outcome: 'suspend', reasons: 'Formazione scaduta' }).expect(200);
    expect((await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(reviewer.auth).send({ outcome: 'suspend', reasons: 'Formazione scaduta' }).expect(422)).body.code).toBe('public_note_required');
    await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(reviewer.auth).send({ outcome: 'suspend', reasons: 'Formazione scaduta', publicNote: 'Sospeso dopo la verifica di sorveglianza' }).expect(200);
    expect(await ratingStatus(firms[1])).toMatchObject({ status: 'suspended', suspensionReason: 'failed_surveillance' });
  });

  it('answers a report-triggered review with a check that revokes the rating and closes the review', async () => {
    const txHost = testApp.app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
    const task = await txHost.withTransaction(() => testApp.app.get(ReviewTasksService).openForFirm(SYSTEM_ACTOR, firms[2].firm.id, 'surveillance', 'reports', 'Segnalazioni fondate: 5 (soglia 5)'));
    const check = (await testApp.http.post(CHECKS).set(admin.auth).send({ reviewTaskId: task!.id, auditorId: auditor.id }).expect(201)).body;
    expect(check).toMatchObject({ kind: 'reports', reviewTaskId: task!.id, planEntryId: null, ratingId: firms[2].rating.id });
    await testApp.http.post(CHECKS).set(admin.auth).send({ reviewTaskId: task!.id, auditorId: auditor.id }).expect(409);
    itemCodes = check.items.map((item: { itemCode: string }) => item.itemCode);
    await runCheck(check.id);
    await testApp.http.post(`${CHECKS}/${check.id}/proposal`).set(auditor.auth).send({ outcome: 'revoke', reasons: 'Chiamate senza consenso confermate' }).expect(200);
    await testApp.http.post(`${CHECKS}/${check.id}/decision`).set(reviewer.auth).send({ outcome: 'revoke', reasons: 'Chiamate senza consenso confermate', publicNote: 'Revocato dopo la verifica di sorveglianza' }).expect(200);
    expect(await ratingStatus(firms[2])).toMatchObject({ status: 'revoked', revocationReason: 'failed_surveillance' });
    const open = (await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200)).body;
    expect(open.map((each: { id: string }) => each.id)).not.toContain(task!.id);
    const [closed] = await db.query(`SELECT outcome FROM review_task WHERE id = $1`, [task!.id]);
    expect(closed.outcome).toBe('revoked');
    // No check for a rating that is no longer current.
    const gone = await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[2]).id, kind: 'yearly', auditorId: auditor.id }).expect(422);
    expect(gone.body.code).toBe('rating_not_current');
  });
  it('goes through the pages: the auditor records each item and proposes, a reviewer decides after a confirmation; others refused, bad input 400', async () => {
    const check = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[1]).id, kind: 'unannounced', auditorId: auditor.id }).expect(201)).body;
    const firmName: string = check.firmName;
    const codes: string[] = check.items.map((item: { itemCode: string }) => item.itemCode);
    const firmWeb = new WebVisitor(testApp.app);
    await firmWeb.signIn(firms[1].firm.owner.email, firms[1].firm.owner.password);
    await expectStatus(firmWeb.get('/area/verifiche/sorveglianza'), 403);
    await expectStatus(firmWeb.get(`/area/decisioni/sorveglianza/${check.id}`), 403);

    const auditorWeb = new WebVisitor(testApp.app);
    await auditorWeb.signIn(auditor.email, auditor.password);
    const queue = await expectStatus(auditorWeb.get('/area/verifiche/sorveglianza'), 200);
    expect(queue.text).toContain(firmName);
    expect(queue.text).toContain('Senza preavviso');
    expect(queue.text).toContain('href="/area/verifiche/sorveglianza"'); // the auditor's navigation
    const form = await expectStatus(auditorWeb.get(`/area/verifiche/sorveglianza/${check.id}`), 200);
    for (const code of codes) expect(form.text).toContain(`action="/area/verifiche/sorveglianza/${check.id}/voci/${code}"`);
    expect(form.text).toMatch(/name="_csrf" value="[^"]+"/);
    expect(form.text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect((await expectStatus(auditorWeb.submit(`/area/verifiche/sorveglianza/${check.id}/voci/${codes[0]}`, { result: '' }), 400)).text).toContain('Scegliete l’esito della voce.');
    const early = await expectStatus(auditorWeb.submit(`/area/verifiche/sorveglianza/${check.id}/proposta`, { outcome: 'maintain', reasons: REASONS }), 422);
    expect(early.text).toContain('Registrate prima l’esito di tutte le voci');
    for (const code of codes) await expectStatus(auditorWeb.submit(`/area/verifiche/sorveglianza/${check.id}/voci/${code}`, { result: 'met', note: 'Visto in sede' }), 303);
    expect((await expectStatus(auditorWeb.submit(`/area/verifiche/sorveglianza/${check.id}/proposta`, { outcome: 'maintain', reasons: ' ' }), 400)).text).toContain('Scrivete i motivi');
    const proposed = await auditorWeb.follow(await expectStatus(auditorWeb.submit(`/area/verifiche/sorveglianza/${check.id}/proposta`, { outcome: 'maintain', reasons: REASONS }), 303));
    expect(proposed.text).toContain('Proposta inviata');
    await expectStatus(auditorWeb.get(`/area/decisioni/sorveglianza/${check.id}`), 403);
    await expectStatus(auditorWeb.submit(`/area/decisioni/sorveglianza/${check.id}/decisione`, { outcome: 'maintain', reasons: REASONS }), 403);
    const otherAuditorWeb = new WebVisitor(testApp.app);
    const otherAuditor = await testApp.signIn('auditor');
    await otherAuditorWeb.signIn(otherAuditor.email, otherAuditor.password);
    await expectStatus(otherAuditorWeb.get(`/area/verifiche/sorveglianza/${check.id}`), 404);

    const reviewerWeb = new WebVisitor(testApp.app);
    await reviewerWeb.signIn(reviewer.email, reviewer.password);
    const toDecide = await expectStatus(reviewerWeb.get('/area/decisioni/sorveglianza'), 200);
    expect(toDecide.text).toContain(`href="/area/decisioni/sorveglianza/${check.id}"`);
    const page = await expectStatus(reviewerWeb.get(`/area/decisioni/sorveglianza/${check.id}`), 200);
    expect(page.text).toContain(REASONS);
    expect(page.text).toContain('Mantenere il rating');
    expect((await expectStatus(reviewerWeb.submit(`/area/decisioni/sorveglianza/${check.id}/decisione`, { outcome: 'revoke', reasons: REASONS }), 400)).text).toContain('scrivete la nota pubblica');
    await expectStatus(reviewerWeb.submit(`/area/decisioni/sorveglianza/${check.id}/decisione`, { outcome: 'forse', reasons: REASONS }), 400);
    const asked = await expectStatus(reviewerWeb.submit(`/area/decisioni/sorveglianza/${check.id}/decisione`, { outcome: 'maintain', reasons: REASONS }), 200);
    expect(asked.text).toContain(`Confermi che ${firmName} mantiene il rating?`);
    expect((await testApp.http.get(`${CHECKS}/${check.id}`).set(reviewer.auth).expect(200)).body.status).toBe('proposed');
    const decided = await reviewerWeb.follow(await expectStatus(reviewerWeb.confirm(asked), 303));
    expect(decided.text).toContain('è stata decisa');
    expect((await reviewerWeb.follow(await expectStatus(reviewerWeb.confirm(asked), 303))).text).toContain('Questa conferma era già stata inviata');
    expect((await testApp.http.get(`${CHECKS}/${check.id}`).set(reviewer.auth).expect(200)).body).toMatchObject({ status: 'decided', outcome: 'maintain', decidedById: reviewer.id });
    const english = await expectStatus(reviewerWeb.get(`/area/decisioni/sorveglianza/${check.id}?lang=en`), 200);
    expect(english.text).toContain(`Surveillance check of ${firmName}`);
    expect(english.text).toContain('Maintain the rating');
  });
  it('records findings with corrective-action due dates on a running check, which the firm sees; bad input and strangers refused', async () => {
    const check = (await testApp.http.get(CHECKS).set(auditor.auth).expect(200)).body.find((each: { firmId: string; kind: string }) => each.firmId === firms[0].firm.id && each.kind === 'unannounced');
    expect(check.status).toBe('in_progress');
    const owner = firms[0].firm.owner;
    const findings = `${CHECKS}/${check.id}/findings`;
    const today = romeCalendarDate(testApp.clock.now());
    const finding = { itemCode: check.items[0].itemCode, severity: 'minor', description: 'Registro dei consensi incompleto', correctiveAction: 'Completare il registro dei consensi', dueOn: addCalendarDays(today, 20) };
    expect((await testApp.http.get('/api/v1/surveillance/findings').set(owner.auth).expect(200)).body).toEqual([]);
    await testApp.http.post(findings).set(auditor.auth).send({ ...finding, severity: 'grave' }).expect(400);
    await testApp.http.post(findings).set(auditor.auth).send({ ...finding, dueOn: '31/12/2026' }).expect(400);
    expect((await testApp.http.post(findings).set(auditor.auth).send({ ...finding, itemCode: 'ZZZ-99' }).expect(422)).body.code).toBe('item_not_in_check');
    expect((await testApp.http.post(findings).set(auditor.auth).send({ ...finding, dueOn: addCalendarDays(today, -1) }).expect(422)).body.code).toBe('due_date_past');
    await testApp.http.post(findings).set(owner.auth).send(finding).expect(403);
    await testApp.http.post(findings).set(reviewer.auth).send(finding).expect(403);
    const otherAuditor = await testApp.signIn('auditor');
    await testApp.http.post(findings).set(otherAuditor.auth).send(finding).expect(404);
    const raised = (await testApp.http.post(findings).set(auditor.auth).send(finding).expect(201)).body;
    expect(raised).toMatchObject({ itemCode: finding.itemCode, severity: 'minor', dueOn: finding.dueOn });
    expect((await testApp.http.get(`${CHECKS}/${check.id}`).set(auditor.auth).expect(200)).body.findings.map((each: { id: string }) => each.id)).toEqual([raised.id]);
    const seen = (await testApp.http.get('/api/v1/surveillance/findings').set(owner.auth).expect(200)).body;
    expect(seen).toEqual([expect.objectContaining({ id: raised.id, correctiveAction: finding.correctiveAction, dueOn: finding.dueOn, checkKind: 'unannounced' })]);
    expect((await testApp.http.get('/api/v1/surveillance/findings').set(firms[2].firm.owner.auth).expect(200)).body).toEqual([]);
    await testApp.http.get('/api/v1/surveillance/findings').set(auditor.auth).expect(403);
    await expect(db.query(`UPDATE surveillance_check_finding SET due_on = due_on + 100 WHERE id = $1`, [raised.id])).rejects.toThrow(/never change/);
    await expect(db.query(`DELETE FROM surveillance_check_finding WHERE id = $1`, [raised.id])).rejects.toThrow(/never change/);

    // Through the pages: the auditor writes the date as dd/mm/yyyy, the firm reads it the same way.
    const auditorWeb = new WebVisitor(testApp.app);
    await auditorWeb.signIn(auditor.email, auditor.password);
    const page = `/area/verifiche/sorveglianza/${check.id}`;
    expect((await expectStatus(auditorWeb.submit(`${page}/rilievi`, { itemCode: finding.itemCode, severity: '', description: 'x', correctiveAction: '', dueOn: '' }), 400)).text).toContain('Scegliete la gravità.');
    expect((await expectStatus(auditorWeb.submit(`${page}/rilievi`, { ...finding, dueOn: '01/01/2000' }), 422)).text).toContain('La data è già passata');
    const [year, month, day] = addCalendarDays(today, 45).split('-');
    await auditorWeb.follow(await expectStatus(auditorWeb.submit(`${page}/rilievi`, { ...finding, severity: 'major', description: 'Formazione degli operatori scaduta', dueOn: `${day}/${month}/${year}` }), 303));
    const firmWeb = new WebVisitor(testApp.app);
    await firmWeb.signIn(owner.email, owner.password);
    const firmPage = await expectStatus(firmWeb.get('/area/azienda/sorveglianza'), 200);
    expect(firmPage.text).toContain('Formazione degli operatori scaduta');
    expect(firmPage.text).toContain(`${day}/${month}/${year}`);
    expect(firmPage.text).toContain('Non conformità maggiore');
    expect(firmPage.text).toContain('href="/area/azienda/sorveglianza"'); // the firm's navigation
    await expectStatus(auditorWeb.get('/area/azienda/sorveglianza'), 403);
    const history = await db.query<unknown[]>(`SELECT action FROM history WHERE entity_type = 'surveillance_check' AND entity_id = $1 AND action = 'surveillance_check.finding_raised'`, [check.id]);
    expect(history).toHaveLength(2);
  });

  const italian = (day: string): string => day.split('-').reverse().join('/');
  const mailsTo = async (userId: string, kind: string): Promise<{ text: string }[]> =>
    db.query(`SELECT text FROM mail_message WHERE recipient_user_id = $1 AND kind = $2 ORDER BY created_at`, [userId, kind]);

  it('schedules a check for a later day: scheduled, not run before it opens; an earlier day is 422; it holds its place; an announced one is notice at once, an unannounced one never', async () => {
    const today = romeCalendarDate(testApp.clock.now());
    const later = addCalendarDays(today, 10);
    const entry = entryOf(firms[3]);
    const owner = firms[3].firm.owner;
    const past = await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id, scheduledOn: addCalendarDays(today, -1) }).expect(422);
    expect(past.body).toMatchObject({ code: 'scheduled_date_past' });
    expect((await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id, scheduledOn: '2027-02-30' }).expect(422)).body.code).toBe('scheduled_date_invalid');
    expect(JSON.stringify((await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id, scheduledOn: italian(later) }).expect(400)).body)).toContain('scheduledOn');
    const task = await testApp.app
      .get<TransactionHost<TransactionAdapter>>(TransactionHost)
      .withTransaction(() => testApp.app.get(ReviewTasksService).openForFirm(SYSTEM_ACTOR, firms[3].firm.id, 'surveillance', 'reports', 'Segnalazioni fondate: 5 (soglia 5)'));
    await testApp.http.post(CHECKS).set(admin.auth).send({ reviewTaskId: task!.id, auditorId: auditor.id, scheduledOn: later }).expect(400);
    expect(await mailsTo(owner.id, 'surveillance_check_announced')).toEqual([]);

    const check = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id, scheduledOn: later }).expect(201)).body;
    expect(check).toMatchObject({ status: 'scheduled', scheduledOn: later, cancelledAt: null, cancellationReason: null });
    expect((await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id }).expect(409)).body.code).toBe('surveillance_check_exists');
    expect((await testApp.http.put(`${CHECKS}/${check.id}/items/${itemCodes[0]}`).set(auditor.auth).send({ result: 'met' }).expect(409)).body.code).toBe('surveillance_check_not_in_progress');
    const finding = { itemCode: itemCodes[0], severity: 'minor', description: 'Registro incompleto', correctiveAction: 'Completare il registro' };
    expect((await testApp.http.post(`${CHECKS}/${check.id}/findings`).set(auditor.auth).send(finding).expect(409)).body.code).toBe('surveillance_check_not_in_progress');
    await expect(db.query(`INSERT INTO surveillance_check_item (check_id, item_code, result, recorded_at) VALUES ($1, $2, 'met', now())`, [check.id, itemCodes[0]])).rejects.toThrow(/only while it runs/);
    await expect(db.query(`UPDATE surveillance_check SET scheduled_on = scheduled_on + 1 WHERE id = $1`, [check.id])).rejects.toThrow(/never changes/);
    const [history] = await db.query(`SELECT action FROM history WHERE entity_type = 'surveillance_check' AND entity_id = $1`, [check.id]);
    expect(history.action).toBe('surveillance_check.scheduled');

    // The announced check is notice now, with its day, by mail and on the firm's to-do list.
    const notices = await mailsTo(owner.id, 'surveillance_check_announced');
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain(italian(later));
    const firmWeb = new WebVisitor(testApp.app);
    await firmWeb.signIn(owner.email, owner.password);
    const home = await expectStatus(firmWeb.get('/area/azienda'), 200);
    expect(home.text).toContain(`Il ${italian(later)} si apre la verifica di sorveglianza annuale`);

    // The unannounced one, scheduled too, reaches the firm in no way.
    const unannounced = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'unannounced', auditorId: auditor.id, scheduledOn: later }).expect(201)).body;
    expect(unannounced.status).toBe('scheduled');
    expect(await mailsTo(owner.id, 'surveillance_check_announced')).toHaveLength(1);
    expect((await expectStatus(firmWeb.get('/area/azienda'), 200)).text.split('si apre la verifica').length - 1).toBe(1);

    // Today, or no day, opens it at once.
    const now = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[4]).id, kind: 'yearly', auditorId: auditor.id, scheduledOn: today }).expect(201)).body;
    expect(now).toMatchObject({ status: 'in_progress', scheduledOn: today });
    await testApp.http.put(`${CHECKS}/${now.id}/items/${itemCodes[0]}`).set(auditor.auth).send({ result: 'met' }).expect(200);
  });

  it('opens each due check exactly once, even from two runs at once, and cancels one whose rating was revoked first, telling the firm', async () => {
    const scheduler = testApp.app.get(DueChecksScheduler);
    const today = romeCalendarDate(testApp.clock.now());
    const day = addCalendarDays(today, 3);
    const due = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[5]).id, kind: 'yearly', auditorId: auditor.id, scheduledOn: day }).expect(201)).body;
    const gone = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[6]).id, kind: 'yearly', auditorId: auditor.id, scheduledOn: day }).expect(201)).body;
    await testApp.http.post(`/api/v1/ratings/${firms[6].rating.id}/revoke`).set(reviewer.auth).send({ reason: 'firm_request', publicNote: 'Rinuncia della ditta' }).expect(200);

    expect(await scheduler.openDueChecks(addCalendarDays(day, -1))).toEqual({ opened: [], cancelled: [] });
    expect((await testApp.http.get(`${CHECKS}/${due.id}`).set(admin.auth).expect(200)).body.status).toBe('scheduled');

    const runs = await Promise.all([scheduler.openDueChecks(day), scheduler.openDueChecks(day)]);
    expect(runs.flatMap((run) => run.opened)).toEqual([due.id]);
    expect(runs.flatMap((run) => run.cancelled)).toEqual([gone.id]);
    expect(await scheduler.openDueChecks(addCalendarDays(day, 1))).toEqual({ opened: [], cancelled: [] });

    // The one opened runs as any other; the scheduled ones of later days still wait.
    expect((await testApp.http.get(`${CHECKS}/${due.id}`).set(auditor.auth).expect(200)).body).toMatchObject({ status: 'in_progress', scheduledOn: day });
    await testApp.http.put(`${CHECKS}/${due.id}/items/${itemCodes[0]}`).set(auditor.auth).send({ result: 'met' }).expect(200);
    const waiting = (await testApp.http.get(CHECKS).set(admin.auth).expect(200)).body.filter((check: { firmId: string }) => check.firmId === firms[3].firm.id);
    expect(waiting.map((check: { status: string }) => check.status)).toEqual(['scheduled', 'scheduled']);
    const started = await db.query(`SELECT action, actor_label FROM history WHERE entity_type = 'surveillance_check' AND entity_id = $1 ORDER BY seq`, [due.id]);
    expect(started.map((row: { action: string }) => row.action)).toEqual(['surveillance_check.scheduled', 'surveillance_check.started', 'surveillance_check.item_recorded']);
    expect(started[1].actor_label).toBe('system');

    // The one whose rating was revoked is cancelled, with the reason; the firm, told of it, is told it will not take place.
    expect((await testApp.http.get(`${CHECKS}/${gone.id}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'cancelled', cancellationReason: 'rating_not_current' });
    const cancelled = await mailsTo(firms[6].firm.owner.id, 'surveillance_check_cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].text).toContain(italian(day));
    expect(await mailsTo(firms[5].firm.owner.id, 'surveillance_check_cancelled')).toEqual([]);
    await expect(db.query(`UPDATE surveillance_check SET status = 'in_progress', cancelled_at = NULL, cancellation_reason = NULL WHERE id = $1`, [gone.id])).rejects.toThrow(/already cancelled/);
    expect((await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entryOf(firms[6]).id, kind: 'yearly', auditorId: auditor.id }).expect(422)).body.code).toBe('rating_not_current');
  });

  it('schedules through the admin page with a "Data prevista" written dd/mm/yyyy; the auditor reads when it opens; refused dates and duplicates explained', async () => {
    const today = romeCalendarDate(testApp.clock.now());
    const later = addCalendarDays(today, 20);
    const plan = entries.find((entry) => entry.firmId === firms[4].firm.id)!;
    const planId = (await db.query(`SELECT plan_id FROM surveillance_plan_entry WHERE id = $1`, [plan.id]))[0].plan_id as string;
    const page = `/area/amministrazione/sorveglianza/${planId}/aziende/${firms[4].firm.id}`;
    const action = `${page}/verifiche`;
    const web = new WebVisitor(testApp.app);
    await web.signIn(admin.email, admin.password);
    const form = await expectStatus(web.get(page), 200);
    expect(form.text).toContain('Data prevista');
    expect(form.text).toContain(`action="${action}"`);
    expect(form.text).toContain(`value="${auditor.id}"`);
    expect((await expectStatus(web.get(`${page}?lang=en`), 200)).text).toContain('Planned date');

    expect((await expectStatus(web.submit(action, { kind: 'unannounced', auditorId: auditor.id, scheduledOn: '01/01/2000' }), 422)).text).toContain('La data è già passata');
    expect((await expectStatus(web.submit(action, { kind: 'unannounced', auditorId: '', scheduledOn: '' }), 400)).text).toContain('Scegliete un valutatore');
    expect((await expectStatus(web.submit(action, { kind: 'unannounced', auditorId: auditor.id, scheduledOn: 'domani' }), 400)).text).toContain('Scrivete la data nel formato gg/mm/aaaa');
    expect((await expectStatus(web.submit(action, { kind: 'yearly', auditorId: auditor.id, scheduledOn: '' }), 409)).text).toContain('già stata aperta o programmata');
    const done = await web.follow(await expectStatus(web.submit(action, { kind: 'unannounced', auditorId: auditor.id, scheduledOn: italian(later) }), 303));
    expect(done.text).toContain(`Verifica programmata: si apre il ${italian(later)}.`);
    expect(done.text).toContain(`Programmata: si apre il ${italian(later)}`);
    const [scheduled] = (await testApp.http.get(CHECKS).set(admin.auth).expect(200)).body.filter((check: { firmId: string; kind: string }) => check.firmId === firms[4].firm.id && check.kind === 'unannounced');
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduledOn: later, auditorId: auditor.id });

    const auditorWeb = new WebVisitor(testApp.app);
    await auditorWeb.signIn(auditor.email, auditor.password);
    expect((await expectStatus(auditorWeb.get('/area/verifiche/sorveglianza'), 200)).text).toContain(`Programmata: si apre il ${italian(later)}`);
    const checkPage = await expectStatus(auditorWeb.get(`/area/verifiche/sorveglianza/${scheduled.id}`), 200);
    expect(checkPage.text).toContain(`si apre il ${italian(later)}`);
    expect(checkPage.text).not.toContain(`/area/verifiche/sorveglianza/${scheduled.id}/voci/`);
  });
}
