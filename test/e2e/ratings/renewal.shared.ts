import { romeCalendarDate } from '@app/core';
import { DataSource } from 'typeorm';
import { declaredItems, openApplication, uploadEvidence } from '../../factories/application.factory';
import { registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { eventually } from '../../support/eventually';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

interface Staff {
  readonly admin: SignedInUser;
  readonly auditor: SignedInUser;
  readonly reviewer: SignedInUser;
}

interface Rated {
  readonly firm: RegisteredFirm;
  readonly applicationId: string;
  readonly ratingId: string;
  readonly certificateNumber: string;
  readonly expiringItem: string;
}

const at = (iso: string) => new Date(iso);

let currentApp: TestApp;
const sessions = new Map<string, { Authorization: string }>();

/** Moves the clock; sessions signed in before then may have lapsed, so everyone signs in again when next needed. */
function travel(instant: Date): void {
  currentApp.clock.set(instant);
  sessions.clear();
}

/** A bearer header valid at the current clock. */
async function auth(user: SignedInUser): Promise<{ Authorization: string }> {
  const known = sessions.get(user.id);
  if (known) return known;
  const response = await currentApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
  const header = { Authorization: `Bearer ${(response.body as { token: string }).token}` };
  sessions.set(user.id, header);
  return header;
}

async function fresh(firm: RegisteredFirm): Promise<RegisteredFirm> {
  return { ...firm, owner: { ...firm.owner, auth: await auth(firm.owner) } };
}

/** Answers every item compliant and uploads one document each; the first item's document expires on `expiresOn`. */
async function fillApplication(testApp: TestApp, firm: RegisteredFirm, applicationId: string, expiresOn: string): Promise<Record<string, string>> {
  const evidence: Record<string, string> = {};
  const items = await declaredItems(testApp);
  for (const [index, item] of items.entries()) {
    await testApp.http
      .put(`/api/v1/applications/${applicationId}/answers/${item.code}`)
      .set(await auth(firm.owner))
      .send({ compliance: 'compliant', statement: `Conforme: documento per ${item.code}` })
      .expect(200);
    const fields: Record<string, string> = index === 0 ? { effectiveDate: '2026-01-12', expiresOn } : { effectiveDate: '2026-01-12' };
    const uploaded = await uploadEvidence(testApp, await fresh(firm), applicationId, item.code, { name: `${item.code}.pdf`, fields }).expect(201);
    evidence[item.code] = uploaded.body.id as string;
  }
  return evidence;
}

/** Submission, audit with every item met, approval proposed, and a reviewer's approval: the rating. */
async function auditAndApprove(testApp: TestApp, staff: Staff, firm: RegisteredFirm, applicationId: string, evidence: Record<string, string>) {
  await testApp.http.post(`/api/v1/applications/${applicationId}/submit`).set(await auth(firm.owner)).expect(200);
  const assigned = await testApp.http.post(`/api/v1/applications/${applicationId}/audit`).set(await auth(staff.admin)).send({ auditorId: staff.auditor.id }).expect(201);
  const auditId = assigned.body.id as string;
  for (const [itemCode, evidenceId] of Object.entries(evidence)) {
    await testApp.http.put(`/api/v1/audits/${auditId}/items/${itemCode}`).set(await auth(staff.auditor)).send({ result: 'met', note: `Verificato ${itemCode}`, evidenceIds: [evidenceId] }).expect(200);
  }
  await testApp.http.post(`/api/v1/audits/${auditId}/proposal`).set(await auth(staff.auditor)).send({ outcome: 'approve' }).expect(204);
  return auditId;
}

async function decide(testApp: TestApp, staff: Staff, auditId: string): Promise<{ id: string; certificateNumber: string; validFrom: string; validUntil: string }> {
  const decided = await testApp.http.post(`/api/v1/audits/${auditId}/decision`).set(await auth(staff.reviewer)).send({ outcome: 'approve' }).expect(201);
  return decided.body.rating as { id: string; certificateNumber: string; validFrom: string; validUntil: string };
}

/**
 * Renewal with continuity, through the API and the pages, on the database `startApp` opens: the window,
 * the pre-filled draft, one renewal at a time, the seamless start when approved in time and the visible
 * gap when approved late, and what the registry, the seal and verification say meanwhile.
 */
export function renewalSuite(startApp: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let staff: Staff;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startApp();
    currentApp = testApp;
    dataSource = testApp.app.get(DataSource);
    staff = { admin: await testApp.signIn('admin'), auditor: await testApp.signIn('auditor'), reviewer: await testApp.signIn('reviewer') };
  });
  afterAll(() => testApp?.close());

  async function ratedAt(instant: string): Promise<Rated> {
    travel(at(instant));
    const firm = await registerFirm(testApp);
    const applicationId = await openApplication(testApp, firm);
    const evidence = await fillApplication(testApp, firm, applicationId, '2027-06-30');
    const rating = await decide(testApp, staff, await auditAndApprove(testApp, staff, firm, applicationId, evidence));
    return { firm, applicationId, ratingId: rating.id, certificateNumber: rating.certificateNumber, expiringItem: Object.keys(evidence)[0] };
  }

  /** Completes a renewal draft: the expired document attached again, then submitted and audited. */
  async function completeRenewal(rated: Rated, renewalId: string): Promise<string> {
    const renewal = await testApp.http.get(`/api/v1/applications/${renewalId}/evidence`).set(await auth(rated.firm.owner)).expect(200);
    const evidence: Record<string, string> = {};
    for (const each of renewal.body as { id: string; itemCode: string; supersededById: string | null }[]) if (each.supersededById === null) evidence[each.itemCode] = each.id;
    const replacement = await uploadEvidence(testApp, await fresh(rated.firm), renewalId, rated.expiringItem, { name: 'nuovo.pdf', fields: { effectiveDate: romeCalendarDate(testApp.clock.now()) } }).expect(201);
    evidence[rated.expiringItem] = replacement.body.id as string;
    return auditAndApprove(testApp, staff, rated.firm, renewalId, evidence);
  }

  const timeline = async (vatNumber: string) =>
    ((await testApp.http.get(`/api/v1/registry/firms/${vatNumber}`).expect(200)).body as { timeline: { kind: string; certificateNumber: string; occurredAt: string }[] }).timeline;

  it('opens the renewal from RENEWAL_WINDOW_DAYS before the last day, pre-filled, and lets only one in at a time', async () => {
    const rated = await ratedAt('2026-11-24T10:00:00Z');
    travel(at('2027-08-25T12:00:00Z'));
    const early = await testApp.http.post(`/api/v1/ratings/${rated.ratingId}/renewal`).set(await auth(rated.firm.owner)).expect(422);
    expect(early.body).toMatchObject({ code: 'renewal_not_open', details: { reason: 'too_early', opensOn: '2027-08-26' } });
    const stranger = await registerFirm(testApp);
    await testApp.http.post(`/api/v1/ratings/${rated.ratingId}/renewal`).set(await auth(stranger.owner)).expect(404);

    travel(at('2027-10-01T08:00:00Z'));
    const owner = await auth(rated.firm.owner);
    const attempts = await Promise.all([1, 2].map(() => testApp.http.post(`/api/v1/ratings/${rated.ratingId}/renewal`).set(owner)));
    expect(attempts.map((response) => response.status).sort()).toEqual([201, 409]);
    const opened = attempts.find((response) => response.status === 201)!.body;
    const items = (await declaredItems(testApp)).map((item) => item.code);
    expect(opened.application).toMatchObject({ state: 'draft', renewsApplicationId: rated.applicationId });
    expect(opened.copiedAnswers).toEqual([...items].sort());
    expect(opened.evidenceToRenew).toEqual([rated.expiringItem]);
    expect(opened.carriedEvidence.map((each: { itemCode: string }) => each.itemCode).sort()).toEqual(items.filter((code) => code !== rated.expiringItem).sort());
    const listed = await testApp.http.get(`/api/v1/applications/${opened.application.id}/evidence`).set(await auth(rated.firm.owner)).expect(200);
    expect(listed.body.every((each: { carriedFromId: string | null }) => each.carriedFromId !== null)).toBe(true);
    const [{ count }] = await dataSource.query<{ count: string }[]>(`SELECT count(*) FROM application WHERE renews_application_id = $1`, [rated.applicationId]);
    expect(count).toBe('1');

    const incomplete = await testApp.http.post(`/api/v1/applications/${opened.application.id}/submit`).set(await auth(rated.firm.owner)).expect(422);
    expect(JSON.stringify(incomplete.body)).toContain(rated.expiringItem);
    await expect(
      dataSource.query(`INSERT INTO application (firm_id, checklist_version_id, state, renews_application_id) SELECT firm_id, checklist_version_id, 'withdrawn', $1 FROM application WHERE id = $1`, [rated.applicationId]),
    ).resolves.toBeDefined();
    await expect(
      dataSource.query(
        `INSERT INTO application (firm_id, checklist_version_id, state, outcome, submitted_at, audit_started_at, decided_at, renews_application_id)
         SELECT firm_id, checklist_version_id, 'decided', 'approved', now(), now(), now(), $1 FROM application WHERE id = $1`,
        [rated.applicationId],
      ),
    ).rejects.toThrow(/uq_application_renewal/);
  });

  it('approved in time: the new rating starts the day after the old one ends, and nothing ever reads expired', async () => {
    const rated = await ratedAt('2026-11-24T10:00:00Z');
    travel(at('2027-10-01T08:00:00Z'));
    const opened = await testApp.http.post(`/api/v1/ratings/${rated.ratingId}/renewal`).set(await auth(rated.firm.owner)).expect(201);
    const auditId = await completeRenewal(rated, opened.body.application.id as string);
    travel(at('2027-10-20T09:00:00Z'));
    const renewed = await decide(testApp, staff, auditId);
    expect(renewed.certificateNumber).not.toBe(rated.certificateNumber);
    expect(romeCalendarDate(new Date(renewed.validFrom))).toBe('2027-11-25');
    expect(romeCalendarDate(new Date(renewed.validUntil))).toBe('2028-11-24');
    const old = await testApp.http.get(`/api/v1/ratings/${rated.ratingId}`).set(await auth(staff.reviewer)).expect(200);
    expect(old.body).toMatchObject({ status: 'expired', supersededById: renewed.id });
    // The database keeps the period and the succession as issued.
    await expect(dataSource.query(`UPDATE rating SET valid_from = valid_from - interval '1 day' WHERE id = $1`, [renewed.id])).rejects.toThrow(/never change/);
    await expect(dataSource.query(`UPDATE rating SET superseded_by_id = NULL WHERE id = $1`, [rated.ratingId])).rejects.toThrow(/never change/);

    const vat = rated.firm.vatNumber;
    const kinds = (await timeline(vat)).map((entry) => `${entry.kind} ${entry.certificateNumber}`);
    expect(kinds).toEqual([`renewed ${renewed.certificateNumber}`, `superseded ${rated.certificateNumber}`, `issued ${rated.certificateNumber}`]);

    // Every day from the decision to past the old rating's last day, and the day after: always valid.
    for (const instant of ['2027-10-20T09:00:00Z', '2027-11-24T09:59:59Z', '2027-11-24T15:00:00Z', '2027-11-24T23:30:00Z', '2027-11-25T10:00:00Z']) {
      travel(at(instant));
      const firm = await testApp.http.get(`/api/v1/registry/firms/${vat}`).expect(200);
      expect(firm.body.status).toBe('active');
      const seal = await testApp.http.get(`/seal/${vat}.svg`).expect(200);
      expect((seal.body as Buffer).toString()).toContain('>VALIDO<');
      const current = await testApp.http.get(`/api/v1/verify/${renewed.certificateNumber}`).expect(200);
      expect(current.body.outcome).toBe('valid');
      const previous = await testApp.http.get(`/api/v1/verify/${rated.certificateNumber}`).expect(200);
      expect(previous.body).toMatchObject({ outcome: 'replaced', replacedBy: renewed.certificateNumber });
    }
    const page = await testApp.http.get(`/verifica/${rated.certificateNumber}`).expect(200);
    expect(page.text).toContain('Attestato SOSTITUITO DAL RINNOVO');
    expect(page.text).toContain(`sostituito da ${renewed.certificateNumber}`);
    const listed = await testApp.http.get(`/api/v1/registry/firms/${vat}`).expect(200);
    expect(listed.body.rating).toMatchObject({ certificateNumber: renewed.certificateNumber, validFrom: renewed.validFrom, validUntil: renewed.validUntil });
    const registryPage = await testApp.http.get(`/registro/${vat}`).expect(200);
    expect(registryPage.text).toContain('Rinnovato');
    expect(registryPage.text).toMatch(/Valido dal<\/dt><dd><time datetime="[^"]+">25\/11\/2027</);
    expect(registryPage.text).toContain('24/11/2028');
    expect(registryPage.text).not.toContain('Scaduto');
  });

  it('approved after the old rating expired: starts on the decision day and the timeline shows the gap', async () => {
    const rated = await ratedAt('2026-11-24T10:00:00Z');
    travel(at('2027-11-01T08:00:00Z'));
    const opened = await testApp.http.post(`/api/v1/ratings/${rated.ratingId}/renewal`).set(await auth(rated.firm.owner)).expect(201);
    const auditId = await completeRenewal(rated, opened.body.application.id as string);
    travel(at('2027-11-30T12:00:00Z'));
    const gap = await testApp.http.get(`/api/v1/registry/firms/${rated.firm.vatNumber}`).expect(200);
    expect(gap.body.status).toBe('expired');
    travel(at('2027-12-03T09:00:00Z'));
    const renewed = await decide(testApp, staff, auditId);
    expect(renewed.validFrom).toBe('2027-12-03T09:00:00.000Z');
    expect(romeCalendarDate(new Date(renewed.validUntil))).toBe('2028-12-03');
    // The registry read during the gap was cached; the change notice that clears it arrives asynchronously.
    await eventually(async () => {
      const entries = await timeline(rated.firm.vatNumber);
      expect(entries.map((entry) => `${entry.kind} ${entry.certificateNumber} ${entry.occurredAt}`)).toEqual([
        `issued ${renewed.certificateNumber} 2027-12-03T09:00:00.000Z`,
        `expired ${rated.certificateNumber} 2027-11-24T10:00:00.000Z`,
        `issued ${rated.certificateNumber} 2026-11-24T10:00:00.000Z`,
      ]);
    }, 10_000);
    const previous = await testApp.http.get(`/api/v1/verify/${rated.certificateNumber}`).expect(200);
    expect(previous.body).toMatchObject({ outcome: 'expired', replacedBy: null });
  });

  it('renews through the pages: the button once the window opens, the pre-filled draft, the notice of what to attach again', async () => {
    const rated = await ratedAt('2026-11-24T10:00:00Z');
    travel(at('2027-08-01T08:00:00Z'));
    let web = new WebVisitor(testApp.app);
    await web.signIn(rated.firm.owner.email, rated.firm.owner.password);
    const before = await expectStatus(web.get('/area/azienda'), 200);
    expect(before.text).toContain('Potrai avviare il rinnovo dal 26/08/2027');
    expect(before.text).not.toContain('id="renew"');
    const refused = await expectStatus(web.submit(`/area/azienda/rating/${rated.ratingId}/rinnovo`, {}), 303);
    expect((await web.follow(refused)).text).toContain('Il rinnovo di questo bollino non è possibile ora.');

    travel(at('2027-08-26T08:00:00Z'));
    web = new WebVisitor(testApp.app);
    await web.signIn(rated.firm.owner.email, rated.firm.owner.password);
    const home = await expectStatus(web.get('/area/azienda'), 200);
    expect(home.text).toContain('id="renew"');
    const started = await expectStatus(web.submit(`/area/azienda/rating/${rated.ratingId}/rinnovo`, {}), 303);
    const draft = await web.follow(started);
    expect(draft.status).toBe(200);
    expect(draft.text).toContain('Questa è una domanda di rinnovo');
    expect(draft.text).toContain(`Documenti scaduti da allegare di nuovo: ${rated.expiringItem}.`);
    expect(draft.text).toContain('ripresi: 1');
    const again = await expectStatus(web.submit(`/area/azienda/rating/${rated.ratingId}/rinnovo`, {}), 303);
    expect((await web.follow(again)).text).toContain('La tua azienda ha già una domanda aperta');
  });
}
