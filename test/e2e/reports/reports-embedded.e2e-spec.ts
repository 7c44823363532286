import { ReportRetentionService } from '@app/reports';
import { mobileNumber } from '../../factories/firm.factory';
import { ratedFirm } from '../../factories/rating.factory';
import { fileReport, reportBody } from '../../factories/report.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('consumer reports on the embedded database (PGlite, one session)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded', env: { SURVEILLANCE_REPORT_THRESHOLD: '2' } });
  });
  afterAll(() => testApp.close());

  it('collapses concurrent duplicates, runs the triage, opens the surveillance review and erases expired data', async () => {
    const { firm, reviewer } = await ratedFirm(testApp);
    const number = mobileNumber();
    await testApp.http.post(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).send({ number }).expect(201);

    const body = reportBody(testApp, { number });
    const answers = await Promise.all(Array.from({ length: 10 }, () => testApp.http.post('/api/v1/reports').send(body)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.reference as string)).size).toBe(1);

    const reports = [await fileReport(testApp, { number }), await fileReport(testApp, { number })];
    await Promise.all(
      reports.map(async (report) => {
        await testApp.http.post(`/api/v1/report-triage/${report.id}/forward`).set(reviewer.auth).send({}).expect(200);
        await testApp.http.post(`/api/v1/report-triage/${report.id}/close`).set(reviewer.auth).send({ substantiated: true, note: 'Fondata' }).expect(200);
      }),
    );
    const tasks = (await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200)).body as { firmId: string; kind: string }[];
    expect(tasks.filter((task) => task.firmId === firm.id && task.kind === 'surveillance')).toHaveLength(1);

    testApp.clock.advanceDays(400);
    expect(await testApp.app.get(ReportRetentionService).purgeAll()).toBe(3);
  });
});
