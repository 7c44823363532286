import { ApplicationsService, EvidenceService } from '@app/applications';
import { Actor, SYSTEM_ACTOR } from '@app/core';
import { FirmsService } from '@app/firms';
import { UsersService } from '@app/identity';
import { DataSource } from 'typeorm';
import { PDF_BYTES } from '../../factories/application.factory';
import { firmDetails } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('application lifecycle and its database guards (PostgreSQL server)', () => {
  let testApp: TestApp;
  let applications: ApplicationsService;
  let dataSource: DataSource;
  let counter = 0;

  beforeAll(async () => {
    testApp = await startTestApp();
    applications = testApp.app.get(ApplicationsService);
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  async function firmMember(): Promise<Actor> {
    counter += 1;
    const user = await testApp.app.get(UsersService).create(SYSTEM_ACTOR, { email: `lifecycle-${counter}@test.example.it`, displayName: 'Firm', password: 'password password', role: 'firm' });
    const actor: Actor = { userId: user.id, email: user.email, role: 'firm', firmId: null };
    const firm = await testApp.app.get(FirmsService).register(actor, firmDetails());
    return { ...actor, firmId: firm.id };
  }

  async function submitted(): Promise<{ member: Actor; id: string }> {
    const member = await firmMember();
    const { id } = await applications.open(member);
    for (const code of ['CA-01', 'CA-02', 'CA-03', 'CA-04', 'TR-01', 'TR-02', 'TR-03', 'CP-01', 'CP-02', 'CP-03', 'CP-04']) {
      await applications.answer(member, id, code, { compliance: 'not_applicable', statement: '' });
    }
    await applications.submit(member, id);
    return { member, id };
  }

  it('goes through audit to a decision, recording each transition', async () => {
    const { id } = await submitted();
    await expect(applications.decide(SYSTEM_ACTOR, id, 'approved')).rejects.toMatchObject({ code: 'invalid_transition' });
    await applications.beginAudit(SYSTEM_ACTOR, id);
    await expect(applications.withdraw(SYSTEM_ACTOR, id)).rejects.toMatchObject({ code: 'invalid_transition', details: { from: 'in_audit', to: 'withdrawn' } });
    const decided = await applications.decide(SYSTEM_ACTOR, id, 'refused');
    expect(decided).toMatchObject({ state: 'decided', outcome: 'refused', decidedAt: expect.any(Date) });
    const actions = (await dataSource.query<{ action: string }[]>(`SELECT action FROM history WHERE entity_type = 'application' AND entity_id = $1 ORDER BY seq`, [id])).map((e) => e.action);
    expect(actions.filter((a) => a !== 'application.answered')).toEqual(['application.opened', 'application.submitted', 'application.in_audit', 'application.decided']);
  });

  it('lets the database refuse an illegal state or outcome', async () => {
    const { id } = await submitted();
    await expect(dataSource.query(`UPDATE application SET state = 'approved' WHERE id = $1`, [id])).rejects.toThrow(/chk_application_state/);
    await expect(dataSource.query(`UPDATE application SET state = 'decided' WHERE id = $1`, [id])).rejects.toThrow(/chk_application_outcome/);
    await expect(dataSource.query(`UPDATE application SET outcome = 'approved' WHERE id = $1`, [id])).rejects.toThrow(/chk_application_outcome/);
    await expect(dataSource.query(`UPDATE application SET submitted_at = NULL WHERE id = $1`, [id])).rejects.toThrow(/chk_application_submitted_at/);
  });

  it('lets the database refuse a second open application of a firm', async () => {
    const member = await firmMember();
    const { id, checklistVersionId } = await applications.open(member);
    await expect(dataSource.query(`INSERT INTO application (firm_id, checklist_version_id, state) VALUES ($1, $2, 'draft')`, [member.firmId, checklistVersionId])).rejects.toThrow(
      /uq_application_open_per_firm/,
    );
    await applications.withdraw(member, id);
    await dataSource.query(`INSERT INTO application (firm_id, checklist_version_id, state) VALUES ($1, $2, 'draft')`, [member.firmId, checklistVersionId]);
  });

  it('lets the database refuse any change to the answers or evidence of a submitted application', async () => {
    const member = await firmMember();
    const { id } = await applications.open(member);
    await testApp.app.get(EvidenceService).upload(member, id, 'CA-01', { bytes: PDF_BYTES, clientFileName: 'codice.pdf', effectiveDate: '2026-01-01' });
    for (const code of ['CA-01', 'CA-02', 'CA-03', 'CA-04', 'TR-01', 'TR-02', 'TR-03', 'CP-01', 'CP-02', 'CP-03', 'CP-04']) {
      await applications.answer(member, id, code, { compliance: code === 'CA-01' ? 'compliant' : 'not_applicable', statement: '' });
    }
    await applications.submit(member, id);

    await expect(dataSource.query(`UPDATE application_answer SET compliance = 'compliant' WHERE application_id = $1`, [id])).rejects.toThrow(/frozen/);
    await expect(dataSource.query(`DELETE FROM application_answer WHERE application_id = $1`, [id])).rejects.toThrow(/frozen/);
    await expect(
      dataSource.query(
        `INSERT INTO evidence (application_id, item_code, blob_sha256, file_name, content_type, size, effective_date, uploaded_by, uploaded_at)
         SELECT application_id, item_code, blob_sha256, file_name, content_type, size, effective_date, uploaded_by, now() FROM evidence WHERE application_id = $1`,
        [id],
      ),
    ).rejects.toThrow(/frozen/);
    await expect(dataSource.query(`UPDATE evidence SET file_name = 'forged.pdf' WHERE application_id = $1`, [id])).rejects.toThrow(/never changed or deleted/);
    await expect(dataSource.query(`DELETE FROM evidence WHERE application_id = $1`, [id])).rejects.toThrow(/never changed or deleted/);
  });
});
