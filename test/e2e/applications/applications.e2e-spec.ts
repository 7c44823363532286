import { answerEveryItem, declaredItems, openApplication, uploadEvidence } from '../../factories/application.factory';
import { registerFirm } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('applications: lifecycle, self-assessment and access (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(new Date('2026-03-02T10:00:00Z'));
  });
  afterAll(() => testApp.close());

  it('opens one draft per firm, against the current checklist version, once the firm is registered', async () => {
    const unregistered = await testApp.signIn('firm');
    const refused = await testApp.http.post('/api/v1/applications').set(unregistered.auth).expect(422);
    expect(refused.body.code).toBe('firm_not_registered');

    const firm = await registerFirm(testApp);
    const opened = await testApp.http.post('/api/v1/applications').set(firm.owner.auth).expect(201);
    const checklist = await testApp.http.get('/api/v1/checklist').expect(200);
    expect(opened.body).toMatchObject({ firmId: firm.id, state: 'draft', outcome: null, checklistVersionId: checklist.body.id, answers: [] });

    const second = await testApp.http.post('/api/v1/applications').set(firm.owner.auth).expect(409);
    expect(second.body.code).toBe('application_open');

    const other = await registerFirm(testApp);
    const concurrent = await Promise.all([1, 2].map(() => testApp.http.post('/api/v1/applications').set(other.owner.auth)));
    expect(concurrent.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(concurrent.find((r) => r.status === 409)!.body.code).toBe('application_open');
  });

  it('records answers per checklist item, refusing unknown and computed items', async () => {
    const firm = await registerFirm(testApp);
    const id = await openApplication(testApp, firm);
    const answer = (itemCode: string, body: Record<string, unknown>) => testApp.http.put(`/api/v1/applications/${id}/answers/${itemCode}`).set(firm.owner.auth).send(body);

    expect((await answer('CA-01', { compliance: 'compliant', statement: ' Adottato il 12/01/2026 ' }).expect(200)).body).toMatchObject({ itemCode: 'CA-01', compliance: 'compliant', statement: 'Adottato il 12/01/2026' });
    expect((await answer('CA-01', { compliance: 'non_compliant' }).expect(200)).body).toMatchObject({ compliance: 'non_compliant', statement: '' });
    expect((await answer('ZZ-99', { compliance: 'compliant' }).expect(422)).body.code).toBe('unknown_checklist_item');
    expect((await answer('SA-01', { compliance: 'compliant' }).expect(422)).body.code).toBe('computed_checklist_item');
    expect((await answer('ca-01', { compliance: 'compliant' }).expect(400)).body.details.fields.itemCode).toEqual(['itemCode must look like CA-01']);
    expect((await answer('CA-02', { compliance: 'yes' }).expect(400)).body.details.fields.compliance[0]).toMatch(/compliant, non_compliant, not_applicable/);

    const read = await testApp.http.get(`/api/v1/applications/${id}`).set(firm.owner.auth).expect(200);
    expect(read.body.answers).toEqual([expect.objectContaining({ itemCode: 'CA-01', compliance: 'non_compliant' })]);
  });

  it('submits only when every required item is answered and every compliance claim has evidence, then freezes it', async () => {
    const firm = await registerFirm(testApp);
    const id = await openApplication(testApp, firm);
    const items = await declaredItems(testApp);

    const empty = await testApp.http.post(`/api/v1/applications/${id}/submit`).set(firm.owner.auth).expect(422);
    expect(empty.body.code).toBe('application_incomplete');
    expect(empty.body.details.missing).toEqual(items.filter((i) => i.required).map((i) => ({ itemCode: i.code, missing: ['answer'] })));
    expect(empty.body.message).toMatch(/missing: CA-01 \(answer\), CA-02 \(answer\)/);

    await answerEveryItem(testApp, firm, id);
    await testApp.http.put(`/api/v1/applications/${id}/answers/TR-01`).set(firm.owner.auth).send({ compliance: 'compliant' }).expect(200);
    const noEvidence = await testApp.http.post(`/api/v1/applications/${id}/submit`).set(firm.owner.auth).expect(422);
    expect(noEvidence.body.details.missing).toEqual([{ itemCode: 'TR-01', missing: ['evidence'] }]);

    await uploadEvidence(testApp, firm, id, 'TR-01', { fields: { effectiveDate: '2025-01-10', expiresOn: '2026-01-10' } }).expect(201);
    const expired = await testApp.http.post(`/api/v1/applications/${id}/submit`).set(firm.owner.auth).expect(422);
    // The refusal names the expired document, so the firm knows which one to renew.
    expect(expired.body.details.missing).toEqual([{ itemCode: 'TR-01', missing: ['evidence'], expired: [{ id: expect.any(String), fileName: expect.any(String), expiresOn: '2026-01-10' }] }]);
    await uploadEvidence(testApp, firm, id, 'TR-01', { fields: { effectiveDate: '2026-01-10', expiresOn: '2027-01-10' } }).expect(201);

    const submitted = await testApp.http.post(`/api/v1/applications/${id}/submit`).set(firm.owner.auth).expect(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', submittedAt: '2026-03-02T10:00:00.000Z' });

    const frozenAnswer = await testApp.http.put(`/api/v1/applications/${id}/answers/CA-01`).set(firm.owner.auth).send({ compliance: 'compliant' }).expect(409);
    expect(frozenAnswer.body).toMatchObject({ code: 'application_frozen', message: 'The application is submitted: its answers and evidence can no longer change' });
    expect((await uploadEvidence(testApp, firm, id, 'CA-01').expect(409)).body.code).toBe('application_frozen');
    expect((await testApp.http.post(`/api/v1/applications/${id}/submit`).set(firm.owner.auth).expect(409)).body.code).toBe('invalid_transition');

    const admin = await testApp.signIn('admin');
    const events = await testApp.http.get(`/api/v1/history?entityType=application&entityId=${id}`).set(admin.auth).expect(200);
    const submission = events.body.find((e: { action: string }) => e.action === 'application.submitted');
    expect(submission.after.answers).toHaveLength(items.length);
    expect(submission.after.evidence).toEqual([
      expect.objectContaining({ itemCode: 'TR-01', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      expect.objectContaining({ itemCode: 'TR-01' }),
    ]);
  });

  it('lets exactly one of two concurrent submissions through; the other gets 409', async () => {
    const firm = await registerFirm(testApp);
    const id = await openApplication(testApp, firm);
    await answerEveryItem(testApp, firm, id);
    const [first, second] = await Promise.all([1, 2].map(() => testApp.http.post(`/api/v1/applications/${id}/submit`).set(firm.owner.auth)));
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect([first, second].find((r) => r.status === 409)!.body.code).toBe('invalid_transition');
    const admin = await testApp.signIn('admin');
    const events = await testApp.http.get(`/api/v1/history?entityType=application&entityId=${id}`).set(admin.auth).expect(200);
    expect(events.body.filter((e: { action: string }) => e.action === 'application.submitted')).toHaveLength(1);
  });

  it('withdraws from draft or submitted, after which the firm may apply again', async () => {
    const firm = await registerFirm(testApp);
    const id = await openApplication(testApp, firm);
    const withdrawn = await testApp.http.post(`/api/v1/applications/${id}/withdraw`).set(firm.owner.auth).expect(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', withdrawnAt: expect.any(String) });
    expect((await testApp.http.post(`/api/v1/applications/${id}/withdraw`).set(firm.owner.auth).expect(409)).body.code).toBe('invalid_transition');
    const next = await openApplication(testApp, firm);
    const list = await testApp.http.get('/api/v1/applications').set(firm.owner.auth).expect(200);
    expect(list.body.items.map((a: { id: string; state: string }) => [a.id, a.state])).toEqual(expect.arrayContaining([[id, 'withdrawn'], [next, 'draft']]));
  });

  it("gives a firm user nothing of another firm's application; staff read it but cannot change it", async () => {
    const owner = await registerFirm(testApp);
    const intruder = await registerFirm(testApp);
    const id = await openApplication(testApp, owner);
    const uploaded = await uploadEvidence(testApp, owner, id, 'CA-01').expect(201);
    const evidenceId = uploaded.body.id as string;
    const auth = intruder.owner.auth;

    const attempts: [string, () => PromiseLike<{ status: number; body: { code?: string } }>][] = [
      ['read', () => testApp.http.get(`/api/v1/applications/${id}`).set(auth)],
      ['answer', () => testApp.http.put(`/api/v1/applications/${id}/answers/CA-01`).set(auth).send({ compliance: 'compliant' })],
      ['submit', () => testApp.http.post(`/api/v1/applications/${id}/submit`).set(auth)],
      ['withdraw', () => testApp.http.post(`/api/v1/applications/${id}/withdraw`).set(auth)],
      ['list evidence', () => testApp.http.get(`/api/v1/applications/${id}/evidence`).set(auth)],
      ['download evidence', () => testApp.http.get(`/api/v1/applications/${id}/evidence/${evidenceId}/content`).set(auth)],
      ['upload evidence', () => uploadEvidence(testApp, intruder, id, 'CA-01')],
    ];
    for (const [attempt, call] of attempts) {
      const response = await call();
      expect({ attempt, status: response.status, code: response.body.code }).toEqual({ attempt, status: 404, code: 'not_found' });
    }
    const otherApplication = await openApplication(testApp, intruder);
    await testApp.http.get(`/api/v1/applications/${otherApplication}/evidence/${evidenceId}/content`).set(auth).expect(404);
    const theirList = await testApp.http.get(`/api/v1/applications?firmId=${owner.id}`).set(auth).expect(200);
    expect(theirList.body.total).toBe(0);

    for (const role of ['auditor', 'reviewer', 'admin'] as const) {
      const staff = await testApp.signIn(role);
      // Among auditors only the one assigned to audit the application reads it and opens its evidence (test/e2e/audits).
      const readable = role !== 'auditor';
      await testApp.http.get(`/api/v1/applications/${id}`).set(staff.auth).expect(readable ? 200 : 404);
      await testApp.http.get(`/api/v1/applications/${id}/evidence/${evidenceId}/content`).set(staff.auth).expect(readable ? 200 : 404);
      await testApp.http.put(`/api/v1/applications/${id}/answers/CA-01`).set(staff.auth).send({ compliance: 'compliant' }).expect(403);
      const listed = await testApp.http.get(`/api/v1/applications?firmId=${owner.id}`).set(staff.auth).expect(200);
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual(readable ? [id] : []);
    }
  });

  it('documents the firm, application and evidence routes in OpenAPI, uploads as multipart and downloads as binary', async () => {
    const { body } = await testApp.http.get('/api/docs-json').expect(200);
    const paths = body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    for (const [path, method] of [
      ['/api/v1/firms', 'post'],
      ['/api/v1/firms/{firmId}/numbers/import', 'post'],
      ['/api/v1/firms/{firmId}/sites/{siteId}/close', 'post'],
      ['/api/v1/applications/{id}/answers/{itemCode}', 'put'],
      ['/api/v1/applications/{id}/submit', 'post'],
    ] as const) {
      expect({ path, method, documented: paths[path]?.[method] !== undefined }).toEqual({ path, method, documented: true });
    }
    expect(Object.keys(paths['/api/v1/applications/{id}/items/{itemCode}/evidence'].post.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(paths['/api/v1/firms/{firmId}/numbers/import'].post.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(paths['/api/v1/applications/{id}/evidence/{evidenceId}/content'].get.responses['200'].content!)).toEqual(
      expect.arrayContaining(['application/pdf', 'image/png', 'image/jpeg', 'text/csv', 'text/plain']),
    );
  });
});
