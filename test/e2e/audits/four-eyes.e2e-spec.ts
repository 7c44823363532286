import { DataSource } from 'typeorm';
import { assignedAudit, proposedAudit } from '../../factories/audit.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

describe('four-eyes on decisions, and who may touch an audit (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let reviewer: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(new Date('2026-06-15T10:00:00Z'));
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    reviewer = await testApp.signIn('reviewer');
  });
  afterAll(() => testApp.close());

  const decide = (auditId: string, as: SignedInUser, body: Record<string, unknown> = { outcome: 'approve' }) =>
    testApp.http.post(`/api/v1/audits/${auditId}/decision`).set(as.auth).send(body);
  /** What a direct write of a decision would look like, bypassing the service. */
  const insertDecision = (auditId: string, decidedById: string) =>
    db.query(
      `INSERT INTO audit_decision (audit_id, firm_id, auditor_id, decided_by_id, outcome, reasons, sanction_criterion, decided_at)
       SELECT id, firm_id, auditor_id, $2, 'refused', 'diretto', '{}'::jsonb, now() FROM audit WHERE id = $1`,
      [auditId, decidedById],
    );
  const decisionCount = async (auditId: string): Promise<number> => (await db.query<unknown[]>(`SELECT 1 FROM audit_decision WHERE audit_id = $1`, [auditId])).length;

  it('keeps auditors away from decisions; a former auditor now reviewer cannot decide their own audit, nor can the database be made to', async () => {
    const audit = await proposedAudit(testApp, { admin });
    await decide(audit.auditId, audit.auditor).expect(403);

    await testApp.http.patch(`/api/v1/users/${audit.auditor.id}`).set(admin.auth).send({ role: 'reviewer' }).expect(200);
    const ownAudit = await decide(audit.auditId, audit.auditor).expect(403);
    expect(ownAudit.body).toMatchObject({ code: 'four_eyes', details: { reason: 'auditor' } });
    const queue = await testApp.http.get('/api/v1/audits/awaiting-decision').set(audit.auditor.auth).expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).not.toContain(audit.auditId);
    await expect(insertDecision(audit.auditId, audit.auditor.id)).rejects.toThrow(/chk_audit_decision_four_eyes/);
    // The copied auditor id is tied to the audit: it cannot be forged to pass the check.
    await expect(
      db.query(
        `INSERT INTO audit_decision (audit_id, firm_id, auditor_id, decided_by_id, outcome, reasons, sanction_criterion, decided_at)
         SELECT id, firm_id, $2, $3, 'refused', 'diretto', '{}'::jsonb, now() FROM audit WHERE id = $1`,
        [audit.auditId, admin.id, audit.auditor.id],
      ),
    ).rejects.toThrow(/must name the audit's own auditor and firm/);
    expect(await decisionCount(audit.auditId)).toBe(0);

    await decide(audit.auditId, reviewer).expect(201);
  });

  it('refuses a decider who belongs to the audited firm, in the service and in the database', async () => {
    const audit = await proposedAudit(testApp, { admin });
    await decide(audit.auditId, audit.firm.owner).expect(403);

    // Firm accounts cannot become reviewers through the platform; the database refuses it however it happens.
    const insider = await testApp.signIn('reviewer');
    await db.query(`INSERT INTO firm_member (user_id, firm_id, is_owner) VALUES ($1, $2, false)`, [insider.id, audit.firm.id]);
    const refused = await decide(audit.auditId, insider).expect(403);
    expect(refused.body).toMatchObject({ code: 'four_eyes', details: { reason: 'firm_member' } });
    const queue = await testApp.http.get('/api/v1/audits/awaiting-decision').set(insider.auth).expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).not.toContain(audit.auditId);
    await expect(insertDecision(audit.auditId, insider.id)).rejects.toThrow(/four-eyes: user .* belongs to the audited firm/);
    await expect(insertDecision(audit.auditId, admin.id)).rejects.toThrow(/is not a reviewer and cannot decide/);
    expect(await decisionCount(audit.auditId)).toBe(0);
  });

  it('refuses a direct decision on an audit that is not proposed, and an audit marked decided without a decision', async () => {
    const audit = await assignedAudit(testApp, { admin });
    await expect(insertDecision(audit.auditId, reviewer.id)).rejects.toThrow(/only a proposed audit is decided/);
    await expect(
      db.query(`UPDATE audit SET status = 'decided', decided_at = now(), proposed_outcome = 'approve', proposed_at = now() WHERE id = $1`, [audit.auditId]),
    ).rejects.toThrow(/marked decided without a decision/);
  });

  it('lets only the assigned auditor work on an audit, and only the audited firm answer it', async () => {
    const audit = await assignedAudit(testApp, { admin });
    const other = await assignedAudit(testApp, { admin });
    const asked = await testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests`).set(audit.auditor.auth).send({ question: 'Chi è il DPO?' }).expect(201);

    // The auditor of another firm's audit.
    for (const attempt of [
      testApp.http.put(`/api/v1/audits/${audit.auditId}/items/CA-01`).set(other.auditor.auth).send({ result: 'major_nc' }),
      testApp.http.post(`/api/v1/audits/${audit.auditId}/findings`).set(other.auditor.auth).send({ severity: 'major', description: 'xyz', correctiveAction: 'xyz' }),
      testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests`).set(other.auditor.auth).send({ question: 'xyz?' }),
      testApp.http.post(`/api/v1/audits/${audit.auditId}/proposal`).set(other.auditor.auth).send({ outcome: 'refuse', reasons: 'xyz' }),
      testApp.http.delete(`/api/v1/audits/${audit.auditId}/proposal`).set(other.auditor.auth),
    ]) {
      const response = await attempt;
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'not_found' });
    }
    // The other firm's users are told the audit does not exist.
    const answer = (as: SignedInUser) =>
      testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests/${asked.body.id}/answer`).set(as.auth).send({ answer: 'Il DPO è ...' });
    await answer(other.firm.owner).expect(404);
    await testApp.http.get(`/api/v1/applications/${audit.applicationId}/audit`).set(other.firm.owner.auth).expect(404);
    await testApp.http.post(`/api/v1/audits/${other.auditId}/information-requests/${asked.body.id}/answer`).set(other.firm.owner.auth).send({ answer: 'x' }).expect(404);
    await answer(audit.firm.owner).expect(200);
    expect((await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(admin.auth).expect(200)).body.audit.status).toBe('in_progress');
  });
});
