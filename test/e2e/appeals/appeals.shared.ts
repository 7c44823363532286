import { DataSource } from 'typeorm';
import { formatItalianDate } from '@app/core';
import { PDF_BYTES } from '../../factories/application.factory';
import { listedFirm, ListedFirm } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const REASONS = 'Le chiamate contestate non sono nostre: allego i tabulati del gestore telefonico.';

/** Appeals through the API, as the firm, the admin and the panel do it; the database's own guards by direct SQL. */
export function appealsSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let decider: SignedInUser;

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    decider = await testApp.signIn('reviewer');
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function ratedFirmWith(action: 'suspend' | 'revoke'): Promise<ListedFirm> {
    const listed = await listedFirm(testApp);
    await testApp.http
      .post(`/api/v1/ratings/${listed.rating.id}/${action}`)
      .set(decider.auth)
      .send({ reason: 'irregularities', publicNote: 'Chiamate senza consenso documentate' })
      .expect(200);
    return listed;
  }

  async function fileAppeal(listed: ListedFirm): Promise<string> {
    const filed = await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(201);
    return filed.body.id as string;
  }

  /** What the public registry shows, once the change has reached its cache (invalidated by NOTIFY at commit, within milliseconds). */
  async function registryShows(listed: ListedFirm, status: string, latest?: { kind: string; publicNote?: string }): Promise<void> {
    await eventually(async () => {
      const response = await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200);
      expect(response.body.status).toBe(status);
      if (latest) expect(response.body.timeline[0]).toMatchObject(latest);
    });
  }

  it('lets the firm appeal a revocation, which stays in force meanwhile, and refuses bad input, other firms and staff', async () => {
    const listed = await ratedFirmWith('revoke');
    const other = await listedFirm(testApp);

    const short = await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: 'no' }).expect(400);
    expect(JSON.stringify(short.body)).toContain('reasons');
    const notUuid = await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: 'AQ-1', reasons: REASONS }).expect(400);
    expect(JSON.stringify(notUuid.body)).toContain('ratingId');
    await testApp.http.post('/api/v1/appeals').set(other.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(404);
    await testApp.http.post('/api/v1/appeals').set(decider.auth).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(403);
    await testApp.http.post('/api/v1/appeals').send({ ratingId: listed.rating.id, reasons: REASONS }).expect(401);
    const nothing = await testApp.http.post('/api/v1/appeals').set(other.firm.owner.auth).send({ ratingId: other.rating.id, reasons: REASONS }).expect(422);
    expect(nothing.body.code).toBe('nothing_to_appeal');

    const filed = await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(201);
    expect(filed.body).toMatchObject({ kind: 'revocation', status: 'filed', ratingId: listed.rating.id, panel: [], ratingReinstated: false });
    expect(filed.body.appealLastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const again = await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(409);
    expect(again.body.code).toBe('appeal_already_filed');
    await registryShows(listed, 'revoked');

    const own = await testApp.http.get('/api/v1/appeals').set(listed.firm.owner.auth).expect(200);
    expect(own.body.map((appeal: { id: string }) => appeal.id)).toEqual([filed.body.id]);
    expect((await testApp.http.get('/api/v1/appeals').set(other.firm.owner.auth).expect(200)).body).toEqual([]);
    await testApp.http.get(`/api/v1/appeals/${filed.body.id}`).set(other.firm.owner.auth).expect(404);
    const staffList = await testApp.http.get('/api/v1/appeals?status=filed').set(admin.auth).expect(200);
    expect(staffList.body.map((appeal: { id: string }) => appeal.id)).toContain(filed.body.id);
    await testApp.http.get('/api/v1/appeals?status=open').set(admin.auth).expect(400);
  });

  it('keeps the documents the firm adds in support, before the decision only, readable by the firm and the staff who decide', async () => {
    const listed = await ratedFirmWith('revoke');
    const other = await listedFirm(testApp);
    const appealId = await fileAppeal(listed);
    const upload = (who: { Authorization: string }, bytes: Buffer, name: string) => testApp.http.post(`/api/v1/appeals/${appealId}/documents`).set(who).attach('file', bytes, { filename: name });

    const added = await upload(listed.firm.owner.auth, PDF_BYTES, 'tabulati gestore.pdf').expect(201);
    expect(added.body).toMatchObject({ contentType: 'application/pdf', sizeBytes: PDF_BYTES.length });
    expect(added.body.fileName).toMatch(/\.pdf$/);
    expect((await upload(listed.firm.owner.auth, Buffer.from('<html><script>alert(1)</script></html>'), 'tabulati.pdf').expect(415)).body.code).toBe('unsupported_evidence_type');
    await upload(other.firm.owner.auth, PDF_BYTES, 'altro.pdf').expect(404);
    await upload(decider.auth, PDF_BYTES, 'staff.pdf').expect(403);
    await testApp.http.post(`/api/v1/appeals/${appealId}/documents`).set(listed.firm.owner.auth).field('note', 'senza file').expect(400);

    const appeal = (await testApp.http.get(`/api/v1/appeals/${appealId}`).set(admin.auth).expect(200)).body;
    expect(appeal.documents).toHaveLength(1);
    const path = `/api/v1/appeals/${appealId}/documents/${added.body.id}`;
    for (const reader of [listed.firm.owner.auth, admin.auth, decider.auth]) {
      const downloaded = await testApp.http.get(path).set(reader).buffer(true).parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(downloaded.headers['content-disposition']).toContain('attachment');
      expect(Buffer.compare(downloaded.body as Buffer, PDF_BYTES)).toBe(0);
    }
    await testApp.http.get(path).set(other.firm.owner.auth).expect(404);
    await testApp.http.get(path).set((await testApp.signIn('auditor')).auth).expect(404);
    await expect(db.query(`DELETE FROM appeal_document WHERE appeal_id = $1`, [appealId])).rejects.toThrow(/never changes/);

    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'dismissed', reasons: 'Tabulati non pertinenti' }).expect(200);
    expect((await upload(listed.firm.owner.auth, PDF_BYTES, 'tardivo.pdf').expect(409)).body.code).toBe('appeal_already_decided');
  });

  it('forms a panel only of reviewers who took no part, in the service and in the database', async () => {
    const listed = await ratedFirmWith('revoke');
    const appealId = await fileAppeal(listed);
    const auditor = await testApp.signIn('auditor');
    const insider = await testApp.signIn('reviewer');
    await db.query(`INSERT INTO firm_member (user_id, firm_id, is_owner) VALUES ($1, $2, false)`, [insider.id, listed.firm.id]);
    const outsider = await testApp.signIn('reviewer');

    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(decider.auth).send({ reviewerIds: [outsider.id] }).expect(403);
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [] }).expect(400);
    const refused = await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id, decider.id, auditor.id, insider.id] }).expect(422);
    expect(refused.body.code).toBe('panel_ineligible');
    expect(refused.body.details.refused).toEqual([
      { id: decider.id, reason: 'took_the_decision' },
      { id: auditor.id, reason: 'not_reviewer' },
      { id: insider.id, reason: 'firm_member' },
    ]);

    for (const ineligible of [decider, auditor, insider]) {
      await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, ineligible.id])).rejects.toThrow(/appeal panel/);
    }
    await expect(db.query(`UPDATE appeal SET status = 'under_review', panel_formed_at = now() WHERE id = $1`, [appealId])).rejects.toThrow(/at least one member/);

    const second = await testApp.signIn('reviewer');
    const formed = await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id, second.id] }).expect(200);
    expect(formed.body.status).toBe('under_review');
    expect([...formed.body.panel].sort()).toEqual([outsider.id, second.id].sort());
    const twice = await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [outsider.id] }).expect(409);
    expect(twice.body.code).toBe('panel_already_formed');
    await expect(db.query(`INSERT INTO appeal_panel_member (appeal_id, reviewer_id) VALUES ($1, $2)`, [appealId, (await testApp.signIn('reviewer')).id])).rejects.toThrow(/formed once/);
    await expect(db.query(`DELETE FROM appeal_panel_member WHERE appeal_id = $1`, [appealId])).rejects.toThrow(/never changes/);
  });

  it('upholds a revocation appeal once, of two members deciding at once, and gives the rating back with a public event', async () => {
    const listed = await ratedFirmWith('revoke');
    const appealId = await fileAppeal(listed);
    const [first, second, stranger] = [await testApp.signIn('reviewer'), await testApp.signIn('reviewer'), await testApp.signIn('reviewer')];
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(first.auth).send({ outcome: 'upheld', reasons: 'Tabulati probanti' }).expect(403);
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [first.id, second.id] }).expect(200);

    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(stranger.auth).send({ outcome: 'upheld', reasons: 'Tabulati probanti' }).expect(403);
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(admin.auth).send({ outcome: 'upheld', reasons: 'Tabulati probanti' }).expect(403);
    const bad = await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(first.auth).send({ outcome: 'accepted', reasons: 'Tabulati probanti' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('outcome');
    await expect(db.query(`UPDATE rating SET status = 'active', ended_at = NULL, revocation_reason = NULL WHERE id = $1`, [listed.rating.id])).rejects.toThrow(/illegal transition/);

    testApp.clock.set(new Date(testApp.clock.now().getTime() + 3_600_000)); // the panel decides later than the revocation, as it does in life
    const responses = await Promise.all([
      testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(first.auth).send({ outcome: 'upheld', reasons: 'I tabulati provano che le chiamate non sono della ditta' }),
      testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(second.auth).send({ outcome: 'dismissed', reasons: 'Tabulati non probanti' }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = responses.find((response) => response.status === 200)!;
    expect(responses.find((response) => response.status === 409)!.body.code).toBe('appeal_already_decided');

    const appeal = (await testApp.http.get(`/api/v1/appeals/${appealId}`).set(listed.firm.owner.auth).expect(200)).body;
    expect(appeal.status).toBe(winner.body.status);
    const rating = (await testApp.http.get(`/api/v1/ratings/${listed.rating.id}`).set(listed.firm.owner.auth).expect(200)).body;
    if (appeal.status === 'upheld') {
      expect(appeal.ratingReinstated).toBe(true);
      expect(rating).toMatchObject({ status: 'active', revocationReason: null, endedAt: null, publicNote: 'Revoca annullata in appello' });
      await registryShows(listed, 'active', { kind: 'reinstated', publicNote: 'Revoca annullata in appello' });
    } else {
      expect(rating.status).toBe('revoked');
      await registryShows(listed, 'revoked', { kind: 'revoked' });
    }
    await expect(db.query(`UPDATE appeal SET outcome_reasons = 'ripensamento' WHERE id = $1`, [appealId])).rejects.toThrow(/already decided/);
    await expect(db.query(`DELETE FROM appeal WHERE id = $1`, [appealId])).rejects.toThrow(/never deleted/);
  });

  it('dismisses a suspension appeal with reasons: the suspension stands and the firm reads why', async () => {
    const listed = await ratedFirmWith('suspend');
    const appealId = await fileAppeal(listed);
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    const noReasons = await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'dismissed' }).expect(400);
    expect(JSON.stringify(noReasons.body)).toContain('reasons');
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'dismissed', reasons: 'Le segnalazioni restano fondate' }).expect(200);
    const appeal = (await testApp.http.get(`/api/v1/appeals/${appealId}`).set(listed.firm.owner.auth).expect(200)).body;
    expect(appeal).toMatchObject({ kind: 'suspension', status: 'dismissed', outcomeReasons: 'Le segnalazioni restano fondate', ratingReinstated: false });
    await registryShows(listed, 'suspended');
  });

  it('upholds a suspension appeal: the rating is reinstated, the timeline says so', async () => {
    const listed = await ratedFirmWith('suspend');
    const appealId = await fileAppeal(listed);
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'upheld', reasons: 'Sospensione non motivata' }).expect(200);
    await registryShows(listed, 'active', { kind: 'reinstated', publicNote: 'Sospensione annullata in appello' });
  });

  it('stays a revocation only when the panel says so, once; a dismissal revokes again, and the timeline shows each step', async () => {
    const listed = await ratedFirmWith('revoke');
    const appealId = await fileAppeal(listed);
    const member = await testApp.signIn('reviewer');
    await testApp.http.post(`/api/v1/appeals/${appealId}/stay`).set(member.auth).expect(403);
    await testApp.http.post(`/api/v1/appeals/${appealId}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    await registryShows(listed, 'revoked');
    await expect(db.query(`UPDATE rating SET status = 'suspended', suspended_at = now(), suspension_deadline = now() + interval '1 day', suspension_reason = 'irregularities', ended_at = NULL, revocation_reason = NULL WHERE id = $1`, [listed.rating.id])).rejects.toThrow(/illegal transition/);

    testApp.clock.set(new Date(testApp.clock.now().getTime() + 3_600_000));
    const stayed = await testApp.http.post(`/api/v1/appeals/${appealId}/stay`).set(member.auth).expect(200);
    expect(stayed.body.revocationStayedAt).not.toBeNull();
    await registryShows(listed, 'suspended', { kind: 'suspended', publicNote: 'Revoca sospesa in attesa della decisione sul ricorso' });
    expect((await testApp.http.post(`/api/v1/appeals/${appealId}/stay`).set(member.auth).expect(409)).body.code).toBe('stay_not_possible');
    expect((await testApp.http.post('/api/v1/appeals').set(listed.firm.owner.auth).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(409)).body.code).toBe('appeal_already_filed');
    await expect(db.query(`UPDATE appeal SET revocation_stayed_at = NULL WHERE id = $1`, [appealId])).rejects.toThrow(/recorded once/);

    testApp.clock.set(new Date(testApp.clock.now().getTime() + 3_600_000));
    await testApp.http.post(`/api/v1/appeals/${appealId}/decision`).set(member.auth).send({ outcome: 'dismissed', reasons: 'Le prove non bastano' }).expect(200);
    await registryShows(listed, 'revoked', { kind: 'revoked', publicNote: 'Ricorso respinto: la revoca resta' });

    const suspended = await ratedFirmWith('suspend');
    const suspensionAppeal = await fileAppeal(suspended);
    await testApp.http.post(`/api/v1/appeals/${suspensionAppeal}/panel`).set(admin.auth).send({ reviewerIds: [member.id] }).expect(200);
    expect((await testApp.http.post(`/api/v1/appeals/${suspensionAppeal}/stay`).set(member.auth).expect(409)).body.details.why).toBe('not_a_revocation');
  });

  it('goes through the pages: each irreversible act asks for confirmation on a page of its own; bad input and other roles are refused', async () => {
    const listed = await ratedFirmWith('revoke');
    const firmWeb = new WebVisitor(testApp.app);
    await firmWeb.signIn(listed.firm.owner.email, listed.firm.owner.password);
    const list = await expectStatus(firmWeb.get('/area/ricorsi'), 200);
    expect(list.text).toContain(`Ricorso contro la decisione sul rating ${listed.rating.certificateNumber}`);
    const tooShort = await expectStatus(firmWeb.submit(`/area/ricorsi/nuovo/${listed.rating.id}`, { reasons: 'no' }), 400);
    expect(tooShort.text).toContain('Scrivete i motivi');
    const confirm = await expectStatus(firmWeb.submit(`/area/ricorsi/nuovo/${listed.rating.id}`, { reasons: REASONS }), 200);
    expect(confirm.text).toContain('Questo passo non si può annullare.');
    expect((await testApp.http.get('/api/v1/appeals').set(listed.firm.owner.auth).expect(200)).body).toEqual([]);
    await expectStatus(firmWeb.submit(`/area/ricorsi/nuovo/${listed.rating.id}/conferma`, { reasons: REASONS }), 303);
    const [appeal] = (await testApp.http.get('/api/v1/appeals').set(listed.firm.owner.auth).expect(200)).body;
    expect(appeal).toMatchObject({ status: 'filed', reasons: REASONS });
    await expectStatus(firmWeb.submit(`/area/ricorsi/${appeal.id}/documenti`, {}), 400);
    expect((await expectStatus(firmWeb.submit(`/area/ricorsi/${appeal.id}/documenti`, {}, { name: 'finto.pdf', bytes: Buffer.from('<html></html>') }), 415)).text).toContain('Scegliete un file PDF');
    await expectStatus(firmWeb.submit(`/area/ricorsi/${appeal.id}/documenti`, {}, { name: 'tabulati.pdf', bytes: PDF_BYTES }), 303);
    const filed = await expectStatus(firmWeb.get('/area/ricorsi'), 200);
    const [documentLink] = /\/area\/ricorsi\/[0-9a-f-]+\/documenti\/[0-9a-f-]+/.exec(filed.text) ?? [];
    const downloaded = await firmWeb.agent.get(documentLink!).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(downloaded.status).toBe(200);
    expect(Buffer.compare(downloaded.body as Buffer, PDF_BYTES)).toBe(0);
    expect(filed.text).toContain('Presentato, in attesa del collegio');
    expect(filed.text).toContain(formatItalianDate(new Date(appeal.appealedDecisionAt)));
    expect(filed.text).not.toContain('name="reasons"');
    await expectStatus(firmWeb.submit(`/area/ricorsi/${appeal.id}/collegio`, { 'panel-0': decider.id }), 403);

    const member = await testApp.signIn('reviewer');
    const adminWeb = new WebVisitor(testApp.app);
    await adminWeb.signIn(admin.email, admin.password);
    expect((await expectStatus(adminWeb.get('/area/ricorsi'), 200)).text).toContain('name="panel-0"');
    expect((await expectStatus(adminWeb.submit(`/area/ricorsi/${appeal.id}/collegio`, {}), 400)).text).toContain('Scegliete almeno un revisore');
    const panelConfirm = await expectStatus(adminWeb.submit(`/area/ricorsi/${appeal.id}/collegio`, { 'panel-0': member.id }), 200);
    expect(panelConfirm.text).toContain('Il collegio sarà formato da:');
    await expectStatus(adminWeb.submit(`/area/ricorsi/${appeal.id}/collegio/conferma`, { 'panel-0': member.id }), 303);

    const memberWeb = new WebVisitor(testApp.app);
    await memberWeb.signIn(member.email, member.password);
    const english = await expectStatus(memberWeb.get('/area/ricorsi?lang=en'), 200);
    expect(english.text).toContain('Appeal against a revocation');
    expect(english.text).toContain('Upheld: the decision is annulled');
    const stayConfirm = await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/sospensiva`, {}), 200);
    expect(stayConfirm.text).toContain('Il rating sarà sospeso');
    await registryShows(listed, 'revoked');
    await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/sospensiva/conferma`, {}), 303);
    await registryShows(listed, 'suspended');
    expect((await expectStatus(memberWeb.get('/area/ricorsi'), 200)).text).not.toContain('/sospensiva');
    expect((await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione`, { reasons: 'Tabulati probanti' }), 400)).text).toContain('Scegliete l&#x27;esito');
    const decisionConfirm = await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione`, { outcome: 'upheld', reasons: 'Tabulati probanti' }), 200);
    expect(decisionConfirm.text).toContain('Esito: Accolto');
    await expectStatus(memberWeb.submit(`/area/ricorsi/${appeal.id}/decisione/conferma`, { outcome: 'upheld', reasons: 'Tabulati probanti' }), 303);
    await registryShows(listed, 'active');
    expect((await expectStatus(firmWeb.get('/area/ricorsi'), 200)).text).toContain('Tabulati probanti');
  });

  it('refuses an appeal filed after APPEAL_DAYS Rome days', async () => {
    const listed = await ratedFirmWith('revoke');
    const revokedAt = testApp.clock.now();
    testApp.clock.set(new Date(revokedAt.getTime() + (testApp.config.appeals.days + 1) * 86_400_000));
    try {
      const login = await testApp.http.post('/api/v1/auth/login').send({ email: listed.firm.owner.email, password: listed.firm.owner.password }).expect(200);
      const late = await testApp.http.post('/api/v1/appeals').set({ Authorization: `Bearer ${login.body.token as string}` }).send({ ratingId: listed.rating.id, reasons: REASONS }).expect(422);
      expect(late.body.code).toBe('appeal_period_over');
      expect(late.body.details.lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      testApp.clock.set(revokedAt);
    }
  });
}
