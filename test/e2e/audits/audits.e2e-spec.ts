import { DataSource } from 'typeorm';
import { PDF_BYTES, uploadEvidence } from '../../factories/application.factory';
import { AssignedAudit, assignedAudit, proposedAudit, recordAllMet, submittedApplication } from '../../factories/audit.factory';
import { registerFirm } from '../../factories/firm.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

const NOW = new Date('2026-06-15T10:00:00Z');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
let sanctionCounter = 0;

describe('audits and decisions (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let auditor: SignedInUser;
  let reviewer: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(NOW);
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    auditor = await testApp.signIn('auditor');
    reviewer = await testApp.signIn('reviewer');
  });
  afterAll(() => testApp.close());

  const staff = () => ({ admin, auditor });
  const audits = (audit: AssignedAudit, path = '') => `/api/v1/audits/${audit.auditId}${path}`;
  const record = (audit: AssignedAudit, itemCode: string, body: Record<string, unknown>, as: SignedInUser = audit.auditor) =>
    testApp.http.put(audits(audit, `/items/${itemCode}`)).set(as.auth).send(body);
  const recordSanction = (firmId: string, overrides: Record<string, unknown> = {}) =>
    testApp.http
      .post('/api/v1/sanctions')
      .set(admin.auth)
      .send({
        firmId,
        authority: 'garante_privacy',
        reference: `Provvedimento n. ${++sanctionCounter}/2026`,
        conductCategory: 'data_protection',
        amountCents: 5_000_000,
        imposedOn: '2026-01-15',
        definitiveOn: null,
        sourceUrl: 'https://www.garanteprivacy.it/home/docweb/-/docweb-display/docweb/10000000',
        ...overrides,
      })
      .expect(201);
  const historyOf = async (entityType: string, entityId: string) =>
    (await testApp.http.get('/api/v1/history').query({ entityType, entityId }).set(admin.auth).expect(200)).body as { action: string; before: unknown; after: unknown }[];

  describe('assignment', () => {
    it('puts a submitted application in audit with an auditor, who finds it in their queue', async () => {
      const submitted = await submittedApplication(testApp);
      const assigned = await testApp.http.post(`/api/v1/applications/${submitted.applicationId}/audit`).set(admin.auth).send({ auditorId: auditor.id }).expect(201);
      expect(assigned.body).toMatchObject({
        applicationId: submitted.applicationId,
        firmId: submitted.firm.id,
        checklistVersion: '2026.1',
        auditorId: auditor.id,
        status: 'in_progress',
        proposedOutcome: null,
        openInformationRequests: 0,
      });
      const application = await testApp.http.get(`/api/v1/applications/${submitted.applicationId}`).set(submitted.firm.owner.auth).expect(200);
      expect(application.body.state).toBe('in_audit');
      const queue = await testApp.http.get('/api/v1/audits/assigned').set(auditor.auth).expect(200);
      expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(assigned.body.id);
      const otherAuditor = await testApp.signIn('auditor');
      expect((await testApp.http.get('/api/v1/audits/assigned').set(otherAuditor.auth).expect(200)).body.total).toBe(0);
      expect((await historyOf('audit', assigned.body.id)).map((e) => e.action)).toEqual(['audit.assigned']);

      const again = await testApp.http.post(`/api/v1/applications/${submitted.applicationId}/audit`).set(admin.auth).send({ auditorId: otherAuditor.id }).expect(409);
      expect(again.body.code).toBe('invalid_transition');
    });

    it('assigns only enabled auditor accounts, only submitted applications, and only as an admin', async () => {
      const submitted = await submittedApplication(testApp);
      const assign = (body: object, as = admin, applicationId = submitted.applicationId) => testApp.http.post(`/api/v1/applications/${applicationId}/audit`).set(as.auth).send(body);

      expect((await assign({ auditorId: reviewer.id }).expect(422)).body.code).toBe('not_an_auditor');
      expect((await assign({ auditorId: UNKNOWN_ID }).expect(422)).body.code).toBe('not_an_auditor');
      const disabled = await testApp.signIn('auditor');
      await testApp.http.patch(`/api/v1/users/${disabled.id}`).set(admin.auth).send({ disabled: true }).expect(200);
      expect((await assign({ auditorId: disabled.id }).expect(422)).body.code).toBe('not_an_auditor');
      const bad = await assign({ auditorId: 'someone', extra: true }).expect(400);
      expect(bad.body.details.fields).toEqual({ auditorId: ['auditorId must be a UUID'], extra: ['property extra should not exist'] });
      await assign({ auditorId: auditor.id }, auditor).expect(403);
      await assign({ auditorId: auditor.id }, reviewer).expect(403);
      await assign({ auditorId: auditor.id }, submitted.firm.owner).expect(403);
      await assign({ auditorId: auditor.id }, admin, UNKNOWN_ID).expect(404);

      const draftFirm = await registerFirm(testApp);
      const draft = await testApp.http.post('/api/v1/applications').set(draftFirm.owner.auth).expect(201);
      expect((await assign({ auditorId: auditor.id }, admin, draft.body.id).expect(409)).body.code).toBe('invalid_transition');
      // Nothing was half-written by the refusals: the application is still waiting.
      expect((await testApp.http.get(`/api/v1/applications/${submitted.applicationId}`).set(admin.auth).expect(200)).body.state).toBe('submitted');
      expect((await testApp.http.get('/api/v1/audits').query({ applicationId: submitted.applicationId }).set(admin.auth).expect(200)).body.total).toBe(0);
    });

    it('is checked by the database too: an auditor account outside the firm, the application’s own version', async () => {
      const submitted = await submittedApplication(testApp);
      const insert = (auditorId: string, versionSql = `(SELECT checklist_version_id FROM application WHERE id = $1)`) =>
        db.query(
          `INSERT INTO audit (application_id, firm_id, checklist_version_id, auditor_id, assigned_by_id, status, assigned_at)
           VALUES ($1, $2, ${versionSql}, $3, $4, 'in_progress', now())`,
          [submitted.applicationId, submitted.firm.id, auditorId, admin.id],
        );
      await expect(insert(reviewer.id)).rejects.toThrow(/is not an auditor/);
      await expect(insert(auditor.id, `gen_random_uuid()`)).rejects.toThrow(/firm and checklist version must be the application's/);
      const insider = await testApp.signIn('auditor');
      await db.query(`INSERT INTO firm_member (user_id, firm_id, is_owner) VALUES ($1, $2, false)`, [insider.id, submitted.firm.id]);
      await expect(insert(insider.id)).rejects.toThrow(/belongs to the audited firm/);
      const refused = await testApp.http.post(`/api/v1/applications/${submitted.applicationId}/audit`).set(admin.auth).send({ auditorId: insider.id }).expect(422);
      expect(refused.body.code).toBe('auditor_in_firm');
    });
  });

  describe('the auditor’s work', () => {
    it('records results on the firm’s evidence, replacing earlier ones, and writes each to the history', async () => {
      const audit = await assignedAudit(testApp, staff());
      const first = await record(audit, 'CA-01', { result: 'minor_nc', note: 'Delibera non firmata', evidenceIds: [audit.evidence['CA-01']] }).expect(200);
      expect(first.body).toMatchObject({ itemCode: 'CA-01', result: 'minor_nc', note: 'Delibera non firmata', evidenceIds: [audit.evidence['CA-01']], recordedById: audit.auditor.id });
      const replaced = await record(audit, 'CA-01', { result: 'met', evidenceIds: [audit.evidence['CA-01'], audit.evidence['CA-02'], audit.evidence['CA-01']] }).expect(200);
      const linked = [audit.evidence['CA-01'], audit.evidence['CA-02']].sort();
      expect(replaced.body).toMatchObject({ result: 'met', note: '' });
      expect([...replaced.body.evidenceIds].sort()).toEqual(linked);
      await record(audit, 'TR-03', { result: 'not_applicable' }).expect(200);

      const screen = await testApp.http.get(audits(audit)).set(audit.auditor.auth).expect(200);
      const results = Object.fromEntries((screen.body.items as { item: { code: string }; result: unknown }[]).map((entry) => [entry.item.code, entry.result]));
      expect(results['CA-01']).toMatchObject({ result: 'met', evidenceIds: expect.arrayContaining(linked) });
      expect(results['TR-03']).toMatchObject({ result: 'not_applicable', evidenceIds: [] });
      expect(results['CA-02']).toBeNull();
      const history = await historyOf('audit', audit.auditId);
      expect(history.map((e) => e.action)).toEqual(['audit.assigned', 'audit.item_recorded', 'audit.item_recorded', 'audit.item_recorded']);
      expect(history[2]).toMatchObject({ before: { result: 'minor_nc' }, after: { result: 'met' } });
    });

    it('refuses what cannot be recorded, with a clear reason, changing nothing', async () => {
      const audit = await assignedAudit(testApp, staff());
      const other = await assignedAudit(testApp, staff());
      const expectCode = async (response: Promise<{ body: { code: string } }>, code: string) => expect((await response).body.code).toBe(code);

      await expectCode(record(audit, 'SA-01', { result: 'met' }).expect(422), 'computed_checklist_item');
      await expectCode(record(audit, 'CA-01', { result: 'met' }).expect(422), 'evidence_needed');
      await expectCode(record(audit, 'CA-01', { result: 'met', evidenceIds: [other.evidence['CA-01']] }).expect(422), 'unknown_evidence');
      await expectCode(record(audit, 'ZZ-99', { result: 'met' }).expect(422), 'unknown_checklist_item');
      const badCode = await record(audit, 'ca-1', { result: 'met' }).expect(400);
      expect(badCode.body.details.fields).toEqual({ itemCode: ['itemCode must look like CA-01'] });
      const bad = await record(audit, 'CA-01', { result: 'ok', evidenceIds: ['x'], note: 7 }).expect(400);
      expect(bad.body.details.fields).toEqual({
        result: ['result must be one of: met, minor_nc, major_nc, not_applicable'],
        evidenceIds: ['each of evidenceIds must be a UUID'],
        note: ['note must be a string'],
      });
      const anotherAuditor = await testApp.signIn('auditor');
      // Another auditor's audit is not found, so its id is not confirmed.
      await expectCode(record(audit, 'CA-01', { result: 'met', evidenceIds: [audit.evidence['CA-01']] }, anotherAuditor).expect(404), 'not_found');
      await record(audit, 'CA-01', { result: 'met' }, reviewer).expect(403);
      await record(audit, 'CA-01', { result: 'met' }, audit.firm.owner).expect(403);
      await testApp.http.put(`/api/v1/audits/${UNKNOWN_ID}/items/CA-01`).set(audit.auditor.auth).send({ result: 'not_applicable' }).expect(404);
      expect((await historyOf('audit', audit.auditId)).map((e) => e.action)).toEqual(['audit.assigned']);
    });

    it('raises findings the firm sees with their corrective action, but not the auditor’s notes', async () => {
      const audit = await assignedAudit(testApp, staff());
      await record(audit, 'TR-01', { result: 'minor_nc', note: 'NOTA-INTERNA: attestati scaduti per 3 operatori', evidenceIds: [audit.evidence['TR-01']] }).expect(200);
      const finding = await testApp.http
        .post(audits(audit, '/findings'))
        .set(audit.auditor.auth)
        .send({ itemCode: 'TR-01', severity: 'minor', description: 'Tre attestati GDPR scaduti', correctiveAction: 'Rinnovare la formazione entro 60 giorni' })
        .expect(201);
      expect(finding.body).toMatchObject({ itemCode: 'TR-01', severity: 'minor', correctiveAction: 'Rinnovare la formazione entro 60 giorni' });
      const bad = await testApp.http.post(audits(audit, '/findings')).set(audit.auditor.auth).send({ severity: 'critical', description: '' }).expect(400);
      expect(Object.keys(bad.body.details.fields).sort()).toEqual(['correctiveAction', 'description', 'severity']);
      const unknownItem = await testApp.http.post(audits(audit, '/findings')).set(audit.auditor.auth).send({ itemCode: 'ZZ-99', severity: 'major', description: 'xyz', correctiveAction: 'xyz' }).expect(422);
      expect(unknownItem.body.code).toBe('unknown_checklist_item');

      const firmView = await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(audit.firm.owner.auth).expect(200);
      expect(firmView.body).toMatchObject({ id: audit.auditId, status: 'in_progress', findings: [finding.body], informationRequests: [], decision: null });
      expect(JSON.stringify(firmView.body)).not.toContain('NOTA-INTERNA');
      const stranger = await registerFirm(testApp);
      await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(stranger.owner.auth).expect(404);
      await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(reviewer.auth).expect(403);
    });

    it('waits for the firm, which answers and adds evidence, and the history shows it', async () => {
      const audit = await assignedAudit(testApp, staff());
      const asked = await testApp.http
        .post(audits(audit, '/information-requests'))
        .set(audit.auditor.auth)
        .send({ itemCode: 'TR-02', question: 'Inviate il registro presenze del corso sulla sicurezza' })
        .expect(201);
      const requestPath = audits(audit, `/information-requests/${asked.body.id}`);
      expect((await testApp.http.get(audits(audit)).set(admin.auth).expect(200)).body.audit).toMatchObject({ status: 'awaiting_firm', openInformationRequests: 1 });
      expect((await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'refuse', reasons: 'Manca il registro' }).expect(409)).body.code).toBe('awaiting_firm');

      const firmView = await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(audit.firm.owner.auth).expect(200);
      expect(firmView.body.informationRequests).toEqual([expect.objectContaining({ id: asked.body.id, question: asked.body.question, answer: null })]);

      const stranger = await registerFirm(testApp);
      await testApp.http.post(`${requestPath}/answer`).set(stranger.owner.auth).send({ answer: 'x' }).expect(404);
      await testApp.http.post(`${requestPath}/answer`).set(audit.auditor.auth).send({ answer: 'x' }).expect(403);
      const added = await testApp.http
        .post(`${requestPath}/evidence`)
        .set(audit.firm.owner.auth)
        .field('itemCode', 'TR-02')
        .field('effectiveDate', '2026-05-30')
        .attach('file', PDF_BYTES, 'registro-presenze.pdf')
        .expect(201);
      expect(added.body).toMatchObject({ itemCode: 'TR-02', fileName: 'registro-presenze.pdf' });
      const missingItem = await testApp.http.post(`${requestPath}/evidence`).set(audit.firm.owner.auth).field('effectiveDate', '2026-05-30').attach('file', PDF_BYTES, 'x.pdf').expect(400);
      expect(missingItem.body.details.fields.itemCode).toEqual(['itemCode must be a string']);
      // Outside an information request the application's evidence stays frozen.
      await uploadEvidence(testApp, audit.firm, audit.applicationId, 'TR-02').expect(409);

      const answered = await testApp.http.post(`${requestPath}/answer`).set(audit.firm.owner.auth).send({ answer: 'Allegato il registro firmato' }).expect(200);
      expect(answered.body).toMatchObject({ answer: 'Allegato il registro firmato', evidenceIds: [added.body.id] });
      expect((await testApp.http.post(`${requestPath}/answer`).set(audit.firm.owner.auth).send({ answer: 'di nuovo' }).expect(409)).body.code).toBe('information_request_answered');
      await testApp.http.post(`${requestPath}/evidence`).set(audit.firm.owner.auth).field('itemCode', 'TR-02').field('effectiveDate', '2026-05-30').attach('file', PDF_BYTES, 'y.pdf').expect(409);
      await expect(
        db.query(
          `INSERT INTO evidence (application_id, item_code, blob_sha256, file_name, content_type, size, effective_date, uploaded_by, uploaded_at)
           SELECT application_id, item_code, blob_sha256, 'z.pdf', content_type, size, effective_date, uploaded_by, now() FROM evidence WHERE id = $1`,
          [added.body.id],
        ),
      ).rejects.toThrow(/evidence is frozen, except in answer to an open information request/);

      const screen = await testApp.http.get(audits(audit)).set(audit.auditor.auth).expect(200);
      expect(screen.body.audit).toMatchObject({ status: 'in_progress', openInformationRequests: 0 });
      const tr02 = screen.body.items.find((entry: { item: { code: string } }) => entry.item.code === 'TR-02');
      expect(tr02.evidence.map((e: { id: string }) => e.id).sort()).toEqual([audit.evidence['TR-02'], added.body.id].sort());
      await record(audit, 'TR-02', { result: 'met', evidenceIds: [added.body.id] }).expect(200);

      const history = await historyOf('audit', audit.auditId);
      expect(history.map((e) => [e.action, (e.after as { status?: string }).status ?? null])).toEqual([
        ['audit.assigned', 'in_progress'],
        ['audit.information_requested', 'awaiting_firm'],
        ['audit.information_evidence_added', null],
        ['audit.information_answered', 'in_progress'],
        ['audit.item_recorded', null],
      ]);
    });
  });

  describe('the audit screen', () => {
    it('shows staff the firm’s answers and evidence per item, sites outside the EU and the sanctions criterion', async () => {
      const firm = await registerFirm(testApp);
      for (const [name, country] of [['Sede di Roma', 'IT'], ['Sede di Tirana', 'AL']]) {
        await testApp.http.post(`/api/v1/firms/${firm.id}/sites`).set(firm.owner.auth).send({ name, address: 'Via 1', city: name.slice(8), country }).expect(201);
      }
      const underAppeal = await recordSanction(firm.id);
      const audit = await assignedAudit(testApp, { ...staff(), firm });

      const screen = await testApp.http.get(audits(audit)).set(audit.auditor.auth).expect(200);
      expect(screen.body.firm).toMatchObject({ id: firm.id });
      expect(screen.body.operatingSites.map((s: { country: string; outsideEu: boolean }) => [s.country, s.outsideEu])).toEqual([
        ['IT', false],
        ['AL', true],
      ]);
      expect(screen.body.items).toHaveLength(12);
      const ca01 = screen.body.items.find((entry: { item: { code: string } }) => entry.item.code === 'CA-01');
      expect(ca01).toMatchObject({ item: { code: 'CA-01', blocking: true }, answer: { compliance: 'compliant' }, evidence: [{ id: audit.evidence['CA-01'] }], result: null });
      const sa01 = screen.body.items.find((entry: { item: { code: string } }) => entry.item.code === 'SA-01');
      expect(sa01).toMatchObject({ item: { assessment: 'computed' }, answer: null, evidence: [], result: null });
      expect(screen.body.sanctionCriterion).toMatchObject({ passed: true, decisionDay: '2026-06-15', counting: [], warnings: [{ sanction: { id: underAppeal.body.id }, reason: 'under_appeal' }] });
      expect(screen.body.approvalBlockers.missingResults).toHaveLength(11);
      expect(screen.body.decision).toBeNull();

      // Reviewers and admins read everything; another auditor reads neither the audit nor the firm's evidence.
      for (const reader of [reviewer, admin]) {
        const read = await testApp.http.get(audits(audit)).set(reader.auth).expect(200);
        expect(read.body.items[0].evidence).toHaveLength(1);
      }
      const otherAuditor = await testApp.signIn('auditor');
      await testApp.http.get(audits(audit)).set(otherAuditor.auth).expect(404);
      const content = (as: SignedInUser) => testApp.http.get(`/api/v1/applications/${audit.applicationId}/evidence/${audit.evidence['CA-01']}/content`).set(as.auth);
      await content(audit.auditor).expect(200);
      await content(otherAuditor).expect(404);
      await testApp.http.get(audits(audit)).set(firm.owner.auth).expect(403);
      await testApp.http.get(`/api/v1/audits/${UNKNOWN_ID}`).set(admin.auth).expect(404);
      await testApp.http.get('/api/v1/audits/not-an-id').set(admin.auth).expect(400);
    });

    it('lists audits for staff by status, firm and auditor', async () => {
      const audit = await assignedAudit(testApp, staff());
      const listed = await testApp.http.get('/api/v1/audits').query({ firmId: audit.firm.id }).set(reviewer.auth).expect(200);
      expect(listed.body).toMatchObject({ total: 1, items: [{ id: audit.auditId, firmName: expect.any(String), auditorId: audit.auditor.id, status: 'in_progress' }] });
      expect((await testApp.http.get('/api/v1/audits').query({ firmId: audit.firm.id, status: 'decided' }).set(reviewer.auth).expect(200)).body.total).toBe(0);
      const bad = await testApp.http.get('/api/v1/audits').query({ status: 'open', pageSize: 0 }).set(admin.auth).expect(400);
      expect(Object.keys(bad.body.details.fields).sort()).toEqual(['pageSize', 'status']);
      await testApp.http.get('/api/v1/audits').set(audit.firm.owner.auth).expect(403);
      await testApp.http.get('/api/v1/audits/assigned').set(reviewer.auth).expect(403);
      await testApp.http.get('/api/v1/audits/awaiting-decision').set(auditor.auth).expect(403);
    });
  });

  describe('proposal', () => {
    it('refuses to propose approval while a blocking item is a major non-conformity, a result is missing or a sanction counts', async () => {
      const audit = await assignedAudit(testApp, staff());
      await record(audit, 'CA-01', { result: 'major_nc', note: 'Codice non adottato' }).expect(200);
      await record(audit, 'TR-03', { result: 'major_nc', note: 'Non bloccante' }).expect(200);
      const blocked = await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'approve' }).expect(422);
      expect(blocked.body).toMatchObject({
        code: 'approval_blocked',
        details: { blockingMajorNonConformities: ['CA-01'], missingResults: ['CA-02', 'CA-03', 'CA-04', 'TR-01', 'TR-02', 'CP-01', 'CP-02', 'CP-03', 'CP-04'], disqualifyingSanctions: [] },
      });
      expect(blocked.body.message).toContain('blocking items with a major non-conformity: CA-01');

      await recordAllMet(testApp, audit);
      const sanction = await recordSanction(audit.firm.id, { definitiveOn: '2026-03-01' });
      const sanctioned = await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'approve' }).expect(422);
      expect(sanctioned.body.details).toEqual({
        blockingMajorNonConformities: [],
        missingResults: [],
        disqualifyingSanctions: [{ id: sanction.body.id, authority: 'garante_privacy', reference: sanction.body.reference, definitiveOn: '2026-03-01' }],
      });
      expect(sanctioned.body.message).toContain('definitive sanctions in the two years before the decision');

      const noReasons = await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'refuse' }).expect(400);
      expect(noReasons.body.details.fields).toEqual({ reasons: ['reasons must be given as text to refuse'] });
      await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'maybe' }).expect(400);
      await testApp.http.post(audits(audit, '/proposal')).set(reviewer.auth).send({ outcome: 'approve' }).expect(403);
      await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'refuse', reasons: 'Sanzione definitiva del Garante nel biennio' }).expect(204);
      const proposed = await testApp.http.get(audits(audit)).set(reviewer.auth).expect(200);
      expect(proposed.body.audit).toMatchObject({ status: 'proposed', proposedOutcome: 'refuse', proposalReasons: 'Sanzione definitiva del Garante nel biennio' });
      // Once proposed, the audit does not change under the reviewer's eyes until the proposal is withdrawn.
      expect((await record(audit, 'CA-01', { result: 'minor_nc' }).expect(409)).body.code).toBe('audit_not_in_progress');
      await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'approve' }).expect(409);
      await testApp.http.delete(audits(audit, '/proposal')).set(audit.auditor.auth).expect(204);
      expect((await testApp.http.get(audits(audit)).set(reviewer.auth).expect(200)).body.audit).toMatchObject({ status: 'in_progress', proposedOutcome: null });
      expect((await testApp.http.delete(audits(audit, '/proposal')).set(audit.auditor.auth).expect(409)).body.code).toBe('no_proposal');
    });
  });

  describe('decision', () => {
    it('approves in one transaction: rating, history, certificate job, decided application; then the audit is locked', async () => {
      const audit = await proposedAudit(testApp, staff());
      const queue = await testApp.http.get('/api/v1/audits/awaiting-decision').set(reviewer.auth).expect(200);
      expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(audit.auditId);

      const decided = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'approve' }).expect(201);
      expect(decided.body).toMatchObject({
        auditId: audit.auditId,
        decision: { outcome: 'approved', reasons: null, decidedById: reviewer.id, sanctionCriterion: { passed: true, decisionDay: '2026-06-15' } },
        rating: { firmId: audit.firm.id, applicationId: audit.applicationId, status: 'active', checklistVersion: '2026.1', issuedAt: NOW.toISOString(), validUntil: '2027-06-15T10:00:00.000Z' },
      });
      expect(decided.body.rating.certificateNumber).toMatch(/^AQ-2026-\d{6}$/);
      expect(decided.body.decision.ratingId).toBe(decided.body.rating.id);

      const application = await testApp.http.get(`/api/v1/applications/${audit.applicationId}`).set(audit.firm.owner.auth).expect(200);
      expect(application.body).toMatchObject({ state: 'decided', outcome: 'approved' });
      const jobs = await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'certificates.render' AND data->>'ratingId' = $1`, [decided.body.rating.id]);
      expect(jobs).toHaveLength(1);
      expect((await historyOf('audit', audit.auditId)).at(-1)).toMatchObject({ action: 'audit.decided', after: { outcome: 'approved', certificateNumber: decided.body.rating.certificateNumber } });
      expect((await historyOf('rating', decided.body.rating.id)).map((e) => e.action)).toEqual(['rating.issued']);
      const firmView = await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(audit.firm.owner.auth).expect(200);
      expect(firmView.body).toMatchObject({ status: 'decided', decision: { outcome: 'approved', reasons: null, ratingId: decided.body.rating.id } });
      expect((await testApp.http.get('/api/v1/audits/awaiting-decision').set(reviewer.auth).expect(200)).body.items.map((a: { id: string }) => a.id)).not.toContain(audit.auditId);

      // Locked: the API says 409, and the database refuses the same changes made directly.
      const locked = [
        record(audit, 'CA-01', { result: 'minor_nc' }),
        testApp.http.post(audits(audit, '/findings')).set(audit.auditor.auth).send({ severity: 'minor', description: 'tardi', correctiveAction: 'nessuna' }),
        testApp.http.post(audits(audit, '/information-requests')).set(audit.auditor.auth).send({ question: 'Ancora una domanda?' }),
        testApp.http.delete(audits(audit, '/proposal')).set(audit.auditor.auth),
        testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'refuse', reasons: 'Ripensamento' }),
      ];
      for (const response of await Promise.all(locked)) expect({ status: response.status, code: response.body.code }).toMatchObject({ status: 409 });
      const refusals: [string, unknown[]][] = [
        [`UPDATE audit SET status = 'in_progress', decided_at = NULL, proposed_outcome = NULL, proposed_at = NULL WHERE id = $1`, [audit.auditId]],
        [`UPDATE audit SET proposal_reasons = 'ritoccato' WHERE id = $1`, [audit.auditId]],
        [`UPDATE audit_item_result SET result = 'major_nc' WHERE audit_id = $1`, [audit.auditId]],
        [`DELETE FROM audit_item_result WHERE audit_id = $1`, [audit.auditId]],
        [`DELETE FROM audit_item_evidence WHERE audit_item_result_id IN (SELECT id FROM audit_item_result WHERE audit_id = $1)`, [audit.auditId]],
        [`INSERT INTO audit_finding (audit_id, severity, description, corrective_action, raised_by_id, raised_at) VALUES ($1, 'major', 'x', 'y', $2, now())`, [audit.auditId, audit.auditor.id]],
        [`INSERT INTO audit_information_request (audit_id, question, asked_by_id, asked_at) VALUES ($1, 'x', $2, now())`, [audit.auditId, audit.auditor.id]],
      ];
      for (const [sql, params] of refusals) await expect(db.query(sql, params)).rejects.toThrow(/is decided and locked/);
      await expect(db.query(`UPDATE audit_decision SET reasons = 'x' WHERE audit_id = $1`, [audit.auditId])).rejects.toThrow(/a decision is final/);
      await expect(db.query(`DELETE FROM audit_decision WHERE audit_id = $1`, [audit.auditId])).rejects.toThrow(/a decision is final/);
      await expect(db.query(`DELETE FROM audit WHERE id = $1`, [audit.auditId])).rejects.toThrow(/never deleted/);
    });

    it('refuses with reasons the firm reads, and the firm may apply again', async () => {
      const audit = await proposedAudit(testApp, staff());
      const noReasons = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'refuse', reasons: '      ' }).expect(422);
      expect(noReasons.body.code).toBe('reasons_required');
      const reasons = 'Le evidenze sulla formazione non coprono tutti gli operatori';
      const decided = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'refuse', reasons }).expect(201);
      expect(decided.body).toMatchObject({ decision: { outcome: 'refused', reasons, ratingId: null }, rating: null });
      expect((await db.query(`SELECT 1 FROM rating WHERE application_id = $1`, [audit.applicationId])).length).toBe(0);

      const firmView = await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(audit.firm.owner.auth).expect(200);
      expect(firmView.body.decision).toMatchObject({ outcome: 'refused', reasons, ratingId: null });
      const application = await testApp.http.get(`/api/v1/applications/${audit.applicationId}`).set(audit.firm.owner.auth).expect(200);
      expect(application.body).toMatchObject({ state: 'decided', outcome: 'refused' });
      await testApp.http.post('/api/v1/applications').set(audit.firm.owner.auth).expect(201);
    });

    it('re-evaluates the sanctions on the decision day: a sanction definitive since the proposal blocks approval', async () => {
      const firm = await registerFirm(testApp);
      const sanction = await recordSanction(firm.id);
      const audit = await proposedAudit(testApp, { ...staff(), firm });
      await testApp.http.patch(`/api/v1/sanctions/${sanction.body.id}`).set(admin.auth).send({ definitiveOn: '2026-06-15' }).expect(200);

      const blocked = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'approve' }).expect(422);
      expect(blocked.body).toMatchObject({ code: 'approval_blocked', details: { blockingMajorNonConformities: [], missingResults: [], disqualifyingSanctions: [{ id: sanction.body.id, definitiveOn: '2026-06-15' }] } });
      expect((await testApp.http.get(audits(audit)).set(reviewer.auth).expect(200)).body.audit.status).toBe('proposed');
      expect(await db.query(`SELECT 1 FROM rating WHERE application_id = $1`, [audit.applicationId])).toHaveLength(0);
      const refused = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'refuse', reasons: 'Sanzione divenuta definitiva' }).expect(201);
      expect(refused.body.decision.sanctionCriterion).toMatchObject({ passed: false, decisionDay: '2026-06-15', counting: [{ id: sanction.body.id }] });
    });

    it('decides only proposed audits, and refuses bad input', async () => {
      const audit = await assignedAudit(testApp, staff());
      expect((await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'approve' }).expect(409)).body.code).toBe('audit_not_proposed');
      const bad = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'yes', reasons: 5 }).expect(400);
      expect(Object.keys(bad.body.details.fields).sort()).toEqual(['outcome', 'reasons']);
      await testApp.http.post(`/api/v1/audits/${UNKNOWN_ID}/decision`).set(reviewer.auth).send({ outcome: 'approve' }).expect(404);
      await testApp.http.post(audits(audit, '/decision')).set(admin.auth).send({ outcome: 'approve' }).expect(403);
    });
  });

  describe('checklist versions', () => {
    it('keeps the version the audit started with after a new one is published', async () => {
      const audit = await assignedAudit(testApp, staff());
      const current = await testApp.http.get('/api/v1/checklist').expect(200);
      const items = current.body.items.map((item: Record<string, unknown>) => ({ ...item }));
      items.push({ ...items[items.length - 1], code: 'CP-05', position: items.length + 1 });
      await testApp.http.post('/api/v1/checklist/versions').set(admin.auth).send({ version: '2026.2', items }).expect(201);

      const screen = await testApp.http.get(audits(audit)).set(audit.auditor.auth).expect(200);
      expect(screen.body.audit.checklistVersion).toBe('2026.1');
      expect(screen.body.items.map((entry: { item: { code: string } }) => entry.item.code)).not.toContain('CP-05');
      expect((await record(audit, 'CP-05', { result: 'not_applicable' }).expect(422)).body.code).toBe('unknown_checklist_item');
      await recordAllMet(testApp, audit);
      await testApp.http.post(audits(audit, '/proposal')).set(audit.auditor.auth).send({ outcome: 'approve' }).expect(204);
      const decided = await testApp.http.post(audits(audit, '/decision')).set(reviewer.auth).send({ outcome: 'approve' }).expect(201);
      expect(decided.body.rating.checklistVersion).toBe('2026.1');
    });
  });
});
