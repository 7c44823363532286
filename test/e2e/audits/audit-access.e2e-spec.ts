import { AssignedAudit, assignedAudit } from '../../factories/audit.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { WebVisitor } from '../../support/web-visitor';

/** What the factory's firm writes on every item: the firm's statements, which no other auditor may read. */
const STATEMENT = 'Conforme: si veda il documento allegato per CA-01';

describe('audit access: an auditor reads only the audits assigned to them; reviewers and admins read every audit', () => {
  let testApp: TestApp;
  let admin: SignedInUser;
  let reviewer: SignedInUser;
  let otherAuditor: SignedInUser;
  let audit: AssignedAudit;
  let requestId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await testApp.signIn('admin');
    reviewer = await testApp.signIn('reviewer');
    audit = await assignedAudit(testApp, { admin });
    // The other auditor has an audit of their own, of another firm.
    const theirs = await assignedAudit(testApp, { admin });
    otherAuditor = theirs.auditor;
    const asked = await testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests`).set(audit.auditor.auth).send({ question: 'Chi è il DPO?' }).expect(201);
    requestId = asked.body.id as string;
  });
  afterAll(async () => {
    await testApp?.close();
  });

  async function signedIn(user: SignedInUser): Promise<WebVisitor> {
    const web = new WebVisitor(testApp.app);
    await web.signIn(user.email, user.password);
    return web;
  }

  it('shows the audit screen, with the firm’s statements, to the assigned auditor, reviewers and admins', async () => {
    for (const reader of [audit.auditor, reviewer, admin]) {
      const screen = await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(reader.auth).expect(200);
      expect(screen.body.items.find((entry: { item: { code: string } }) => entry.item.code === 'CA-01').answer.statement).toBe(STATEMENT);
      expect(screen.body.informationRequests).toHaveLength(1);
      await testApp.http.get(`/api/v1/applications/${audit.applicationId}`).set(reader.auth).expect(200);
      await testApp.http.get(`/api/v1/applications/${audit.applicationId}/evidence/${audit.evidence['CA-01']}/content`).set(reader.auth).expect(200);
    }
  });

  it('tells another auditor the audit, its application and its evidence do not exist, on every route', async () => {
    const base = `/api/v1/audits/${audit.auditId}`;
    const as = otherAuditor.auth;
    const attempts = [
      ['audit screen', testApp.http.get(base).set(as)],
      ['record a result', testApp.http.put(`${base}/items/CA-01`).set(as).send({ result: 'major_nc' })],
      ['raise a finding', testApp.http.post(`${base}/findings`).set(as).send({ severity: 'major', description: 'xyz', correctiveAction: 'xyz' })],
      ['ask the firm', testApp.http.post(`${base}/information-requests`).set(as).send({ question: 'xyz?' })],
      ['propose', testApp.http.post(`${base}/proposal`).set(as).send({ outcome: 'refuse', reasons: 'xyz' })],
      ['withdraw the proposal', testApp.http.delete(`${base}/proposal`).set(as)],
      ['the application with its answers', testApp.http.get(`/api/v1/applications/${audit.applicationId}`).set(as)],
      ['the evidence list', testApp.http.get(`/api/v1/applications/${audit.applicationId}/evidence`).set(as)],
      ['a document', testApp.http.get(`/api/v1/applications/${audit.applicationId}/evidence/${audit.evidence['CA-01']}/content`).set(as)],
    ] as const;
    for (const [attempt, pending] of attempts) {
      const response = await pending;
      expect({ attempt, status: response.status, code: response.body.code }).toEqual({ attempt, status: 404, code: 'not_found' });
      expect(JSON.stringify(response.body)).not.toContain(STATEMENT);
    }
    // Nothing was changed by the attempts.
    const screen = await testApp.http.get(base).set(audit.auditor.auth).expect(200);
    expect(screen.body).toMatchObject({ audit: { status: 'awaiting_firm', proposedOutcome: null }, findings: [], informationRequests: [{ id: requestId }] });
  });

  it('lists to an auditor only their own audits and applications; to reviewers and admins every one', async () => {
    const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((item) => item.id);
    const everyAudit = async (as: SignedInUser, query: Record<string, string> = {}) => ids(await testApp.http.get('/api/v1/audits').query({ pageSize: 100, ...query }).set(as.auth).expect(200));

    expect(await everyAudit(audit.auditor)).toEqual([audit.auditId]);
    expect(await everyAudit(otherAuditor)).not.toContain(audit.auditId);
    expect(await everyAudit(otherAuditor, { auditorId: audit.auditor.id })).toEqual([]);
    expect(await everyAudit(otherAuditor, { firmId: audit.firm.id })).toEqual([]);
    expect(ids(await testApp.http.get('/api/v1/audits/assigned').set(otherAuditor.auth).expect(200))).not.toContain(audit.auditId);
    for (const reader of [reviewer, admin]) expect(await everyAudit(reader, { firmId: audit.firm.id })).toEqual([audit.auditId]);

    const applications = async (as: SignedInUser) => ids(await testApp.http.get('/api/v1/applications').query({ pageSize: 100 }).set(as.auth).expect(200));
    expect(await applications(audit.auditor)).toEqual([audit.applicationId]);
    expect(await applications(otherAuditor)).not.toContain(audit.applicationId);
    for (const reader of [reviewer, admin]) expect(await applications(reader)).toContain(audit.applicationId);
  });

  it('does the same on the pages: the audit screen and its forms for the assigned auditor and the reviewer only', async () => {
    const assigned = await signedIn(audit.auditor);
    expect((await assigned.get(`/area/verifiche/${audit.auditId}`)).status).toBe(200);
    const ownItem = await assigned.get(`/area/verifiche/${audit.auditId}/voci/CA-01`);
    expect(ownItem.status).toBe(200);
    expect(ownItem.text).toContain(STATEMENT);
    expect((await assigned.get(`/area/verifiche/domande/${audit.applicationId}/documenti/${audit.evidence['CA-01']}`)).status).toBe(200);

    const other = await signedIn(otherAuditor);
    const screen = await other.get(`/area/verifiche/${audit.auditId}`);
    expect(screen.status).toBe(404);
    expect(screen.text).not.toContain(STATEMENT);
    const item = await other.get(`/area/verifiche/${audit.auditId}/voci/CA-01`);
    expect(item.status).toBe(404);
    expect(item.text).not.toContain(STATEMENT);
    expect((await other.get(`/area/verifiche/domande/${audit.applicationId}/documenti/${audit.evidence['CA-01']}`)).status).toBe(404);
    const queue = await other.get('/area/verifiche');
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain(audit.auditId);
    for (const [path, fields] of [
      [`/area/verifiche/${audit.auditId}/voci/CA-01`, { result: 'major_nc', note: 'xyz' }],
      [`/area/verifiche/${audit.auditId}/richieste`, { question: 'xyz?' }],
      [`/area/verifiche/${audit.auditId}/proposta`, { outcome: 'refuse', reasons: 'xyz' }],
    ] as const) {
      const posted = await other.submit(path, fields);
      expect({ path, status: posted.status }).toEqual({ path, status: 404 });
    }

    const review = await (await signedIn(reviewer)).get(`/area/decisioni/verifiche/${audit.auditId}`);
    expect(review.status).toBe(200);
    expect(review.text).toContain(STATEMENT);
  });
});
