import { mobileNumber, registerFirm } from '../../factories/firm.factory';
import { ratedFirm } from '../../factories/rating.factory';
import { fileReport, FiledReport } from '../../factories/report.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';

interface ReviewTask {
  readonly firmId: string;
  readonly kind: string;
  readonly sourceRef: string;
  readonly summary: string;
  readonly id: string;
}

describe('surveillance: substantiated reports open a revocation review', () => {
  let testApp: TestApp;
  let reviewer: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SURVEILLANCE_REPORT_THRESHOLD: '5', SURVEILLANCE_WINDOW_DAYS: '90' } });
    reviewer = await testApp.signIn('reviewer');
  });
  afterAll(() => testApp.close());

  const surveillanceTasks = async (firmId: string): Promise<ReviewTask[]> => {
    const open = await testApp.http.get('/api/v1/review-tasks').set(reviewer.auth).expect(200);
    return (open.body as ReviewTask[]).filter((task) => task.firmId === firmId && task.kind === 'surveillance');
  };

  async function forwardedReports(firmId: string, owner: { auth: Record<string, string> }, count: number): Promise<FiledReport[]> {
    const number = mobileNumber();
    await testApp.http.post(`/api/v1/firms/${firmId}/numbers`).set(owner.auth).send({ number }).expect(201);
    const reports: FiledReport[] = [];
    for (let i = 0; i < count; i += 1) reports.push(await fileReport(testApp, { number }));
    for (const report of reports) await testApp.http.post(`/api/v1/report-triage/${report.id}/forward`).set(reviewer.auth).send({}).expect(200);
    return reports;
  }

  const close = (report: FiledReport, substantiated: boolean) =>
    testApp.http.post(`/api/v1/report-triage/${report.id}/close`).set(reviewer.auth).send({ substantiated, note: substantiated ? 'Fondata' : 'Non fondata' });

  it('opens exactly one task when concurrent closings cross the threshold together', async () => {
    const { firm } = await ratedFirm(testApp);
    const reports = await forwardedReports(firm.id, firm.owner, 8);

    // Exactly the threshold, all at once: each closing alone sees too few unless they are counted in turn.
    const responses = await Promise.all(reports.map((report, index) => close(report, index < 5)));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const tasks = await surveillanceTasks(firm.id);
    expect(tasks).toEqual([expect.objectContaining({ sourceRef: 'reports', summary: 'Segnalazioni fondate negli ultimi 90 giorni: 5 (soglia 5)' })]);
  });

  it('opens one task however many closings pass the threshold at once', async () => {
    const { firm } = await ratedFirm(testApp);
    const reports = await forwardedReports(firm.id, firm.owner, 12);
    for (const report of reports.slice(0, 4)) await close(report, true).expect(200);
    await close(reports[4], false).expect(200);
    expect(await surveillanceTasks(firm.id)).toEqual([]);

    const responses = await Promise.all(reports.slice(5).map((report) => close(report, true)));
    expect(responses.map((response) => response.status)).toEqual(Array(7).fill(200));
    expect(await surveillanceTasks(firm.id)).toEqual([expect.objectContaining({ sourceRef: 'reports' })]);
  });

  it('opens it with the closing that crosses the threshold, and again after reviewers closed it', async () => {
    const { firm } = await ratedFirm(testApp);
    const reports = await forwardedReports(firm.id, firm.owner, 6);
    for (const report of reports.slice(0, 4)) await close(report, true).expect(200);
    expect(await surveillanceTasks(firm.id)).toEqual([]);
    await close(reports[4], true).expect(200);
    const [task] = await surveillanceTasks(firm.id);
    expect(task.summary).toBe('Segnalazioni fondate negli ultimi 90 giorni: 5 (soglia 5)');

    await testApp.http.post(`/api/v1/review-tasks/${task.id}/close`).set(reviewer.auth).send({ outcome: 'no_action', note: 'Richiamo scritto' }).expect(200);
    await close(reports[5], true).expect(200);
    const [again] = await surveillanceTasks(firm.id);
    expect(again.id).not.toBe(task.id);
    expect(again.summary).toBe('Segnalazioni fondate negli ultimi 90 giorni: 6 (soglia 5)');
  });

  it('counts only calls within the window', async () => {
    const { firm } = await ratedFirm(testApp);
    const number = mobileNumber();
    await testApp.http.post(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).send({ number }).expect(201);
    const longAgo = new Date(testApp.clock.now().getTime() - 120 * 86_400_000).toISOString();
    const old = [];
    for (let i = 0; i < 4; i += 1) old.push(await fileReport(testApp, { number, calledAt: longAgo }));
    const recent = await fileReport(testApp, { number });
    for (const report of [...old, recent]) {
      await testApp.http.post(`/api/v1/report-triage/${report.id}/forward`).set(reviewer.auth).send({}).expect(200);
      await close(report, true).expect(200);
    }
    expect(await surveillanceTasks(firm.id)).toEqual([]);
  });

  it('opens nothing for a firm without an active rating', async () => {
    const firm = await registerFirm(testApp);
    const reports = await forwardedReports(firm.id, firm.owner, 5);
    await Promise.all(reports.map((report) => close(report, true).expect(200)));
    expect(await surveillanceTasks(firm.id)).toEqual([]);
  });
});
