import { AuditNotFoundError, AuditWorkService, AwaitingFirmError, ReasonsRequiredError } from '@app/audits';
import { type Actor, ConflictError } from '@app/core';
import { HistoryService } from '@app/history';
import { DataSource } from 'typeorm';
import { assignedAudit, AssignedAudit, recordAllMet } from '../../factories/audit.factory';
import { type SignedInUser, startTestApp, type TestApp } from '../../support/test-app';

/**
 * The audit aggregate at the service level, on a real database: each step in one transaction with its
 * history event, steps out of turn refused with nothing written, one winner when two run at once, and
 * the database's own constraint against a status written around the service.
 */
describe('AuditWorkService (PostgreSQL server)', () => {
  let testApp: TestApp;
  let work: AuditWorkService;
  let history: HistoryService;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    work = testApp.app.get(AuditWorkService);
    history = testApp.app.get(HistoryService);
    db = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const auditorOf = (audit: AssignedAudit): Actor => ({ userId: audit.auditor.id, email: audit.auditor.email, role: 'auditor', firmId: null });
  const firmOf = (audit: AssignedAudit): Actor => ({ userId: audit.firm.owner.id, email: audit.firm.owner.email, role: 'firm', firmId: audit.firm.id });
  const staff = (user: SignedInUser, role: 'auditor'): Actor => ({ userId: user.id, email: user.email, role, firmId: null });
  const statusOf = async (auditId: string) => (await db.query<{ status: string }[]>(`SELECT status FROM audit WHERE id = $1`, [auditId]))[0].status;
  const actions = async (auditId: string) => (await history.forEntity('audit', auditId)).map((event) => event.action);

  it('asks the firm, waits for its answer, and records each step with its history event', async () => {
    const audit = await assignedAudit(testApp);
    const request = await work.requestInformation(auditorOf(audit), audit.auditId, { question: 'Inviate il registro della formazione 2026.' });
    expect(await statusOf(audit.auditId)).toBe('awaiting_firm');
    await expect(work.propose(auditorOf(audit), audit.auditId, { outcome: 'approve' })).rejects.toBeInstanceOf(AwaitingFirmError);
    await work.answerInformationRequest(firmOf(audit), audit.auditId, request.id, 'Registro allegato alla domanda.');
    expect(await statusOf(audit.auditId)).toBe('in_progress');
    expect(await actions(audit.auditId)).toEqual(expect.arrayContaining(['audit.information_requested', 'audit.information_answered']));
    expect((await actions(audit.auditId)).filter((action) => action === 'audit.proposed')).toHaveLength(0);
  });

  it('hides an audit from an auditor it is not assigned to, and writes nothing for them', async () => {
    const audit = await assignedAudit(testApp);
    const stranger = staff(await testApp.signIn('auditor'), 'auditor');
    const before = await actions(audit.auditId);
    await expect(work.requestInformation(stranger, audit.auditId, { question: 'Domanda di un estraneo' })).rejects.toBeInstanceOf(AuditNotFoundError);
    expect(await actions(audit.auditId)).toEqual(before);
    expect(await statusOf(audit.auditId)).toBe('in_progress');
  });

  it('refuses a refusal without reasons, then proposes and withdraws through the lifecycle', async () => {
    const audit = await assignedAudit(testApp);
    await recordAllMet(testApp, audit);
    await expect(work.propose(auditorOf(audit), audit.auditId, { outcome: 'refuse', reasons: '  ' })).rejects.toBeInstanceOf(ReasonsRequiredError);
    expect(await statusOf(audit.auditId)).toBe('in_progress');
    await work.propose(auditorOf(audit), audit.auditId, { outcome: 'approve' });
    expect(await statusOf(audit.auditId)).toBe('proposed');
    await work.withdrawProposal(auditorOf(audit), audit.auditId);
    expect(await statusOf(audit.auditId)).toBe('in_progress');
    const steps = (await actions(audit.auditId)).filter((action) => action === 'audit.proposed' || action === 'audit.proposal_withdrawn');
    expect(steps).toEqual(['audit.proposed', 'audit.proposal_withdrawn']);
  });

  it('lets exactly one of two concurrent proposals through', async () => {
    const audit = await assignedAudit(testApp);
    await recordAllMet(testApp, audit);
    const outcomes = await Promise.allSettled([1, 2].map(() => work.propose(auditorOf(audit), audit.auditId, { outcome: 'approve' })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(ConflictError) });
    expect((await actions(audit.auditId)).filter((action) => action === 'audit.proposed')).toHaveLength(1);
  });

  it('is guarded by the database too: an audit marked decided without a decision time is refused', async () => {
    const audit = await assignedAudit(testApp);
    await expect(db.query(`UPDATE audit SET status = 'decided' WHERE id = $1`, [audit.auditId])).rejects.toThrow(/chk_audit_decided_at/);
    expect(await statusOf(audit.auditId)).toBe('in_progress');
  });
});
