import { Actor } from '@app/core';
import { REPORT_STATUSES, REPORT_TRANSITIONS, ReportRetentionService, ReportsService, ReportTriageService } from '@app/reports';
import { DataSource, QueryFailedError } from 'typeorm';
import { mobileNumber, registerFirm } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('consumer reports in the database (services, PostgreSQL server)', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let reports: ReportsService;
  let staff: Actor;
  let counter = 0;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { REPORT_RETENTION_MONTHS: '12' } });
    dataSource = testApp.app.get(DataSource);
    reports = testApp.app.get(ReportsService);
    const reviewer = await testApp.signIn('reviewer');
    staff = { userId: reviewer.id, email: reviewer.email, role: 'reviewer', firmId: null };
  });
  afterAll(() => testApp.close());

  const newReport = (overrides: Partial<Parameters<ReportsService['submit']>[0]> = {}) => {
    counter += 1;
    return reports.submit({
      number: mobileNumber(),
      calledAt: new Date(testApp.clock.now().getTime() - 3_600_000),
      kind: 'unwanted_call',
      description: `Mi chiamo Mario Rossi, chiamata numero ${counter}`,
      email: `mario.rossi.${counter}@example.it`,
      contactConsentText: 'Acconsento',
      clientIp: '192.0.2.10',
      ...overrides,
    });
  };
  const row = async (reference: string) =>
    (await dataSource.query<Record<string, unknown>[]>(`SELECT * FROM consumer_report WHERE reference = $1`, [reference]))[0];

  describe('retention', () => {
    it('erases the reporter data and free texts after the retention period, keeping the anonymous statistic', async () => {
      const start = testApp.clock.now();
      const firm = await registerFirm(testApp);
      const number = mobileNumber();
      await testApp.http.post(`/api/v1/firms/${firm.id}/numbers`).set(firm.owner.auth).send({ number }).expect(201);
      const old = await newReport({ number });
      const { id } = await row(old.reference) as { id: string };
      const triage = testApp.app.get(ReportTriageService);
      await triage.forward(staff, id, 'Nota con il nome del segnalante');
      await dataSource.query(`UPDATE consumer_report SET firm_answer = 'Risposta che cita Mario Rossi' WHERE id = $1`, [id]);

      try {
        testApp.clock.advanceDays(200);
        const recent = await newReport();
        const retention = testApp.app.get(ReportRetentionService);
        expect(await retention.purgeAll()).toBe(0);

        testApp.clock.set(new Date(start.getTime() + 366 * 86_400_000));
        expect(await retention.purgeAll()).toBeGreaterThanOrEqual(1);
        expect(await row(old.reference)).toMatchObject({
          reporter_email: null,
          reporter_key: null,
          contact_consent_text: null,
          description: null,
          firm_answer: null,
          personal_data_purged_at: expect.any(Date),
          e164: number,
          firm_id: firm.id,
          kind: 'unwanted_call',
          status: 'forwarded_to_firm',
        });
        const notes = await dataSource.query<{ note: string | null }[]>(`SELECT note FROM consumer_report_transition WHERE report_id = $1`, [id]);
        expect(notes).toEqual([{ note: null }]);
        expect(await row(recent.reference)).toMatchObject({ reporter_email: expect.stringContaining('@example.it'), description: expect.any(String), personal_data_purged_at: null });
        expect(await retention.purgeAll()).toBe(0);

        expect((await reports.publicStatus(old.reference)).status).toBe('forwarded_to_firm');
        const stats = await reports.stats(firm.id, 24);
        expect(stats.months.reduce((total, month) => total + month.reports, 0)).toBe(1);
        const events = await dataSource.query<{ action: string }[]>(`SELECT action FROM history WHERE entity_type = 'consumer_report' AND entity_id = $1 ORDER BY seq`, [id]);
        expect(events.map((event) => event.action)).toEqual(['report.submitted', 'report.forwarded_to_firm', 'report.personal_data_purged']);
        const everything = JSON.stringify(await dataSource.query(`SELECT * FROM history WHERE entity_type = 'consumer_report'`));
        expect(everything).not.toMatch(/Mario Rossi|mario\.rossi|192\.0\.2\.10/);
      } finally {
        testApp.clock.set(start);
      }
    });
  });

  describe('database guards', () => {
    const insertTransition = (reportId: string, from: string, to: string) =>
      dataSource.query(
        `INSERT INTO consumer_report_transition (report_id, from_status, to_status, substantiated, actor_id, occurred_at)
         VALUES ($1, $2, $3, CASE WHEN $3 = 'closed' THEN true END, $4, now())`,
        [reportId, from, to, staff.userId],
      );

    it('allows exactly the steps of the transition map in the steps table', async () => {
      const { id } = (await row((await newReport()).reference)) as { id: string };
      for (const from of REPORT_STATUSES) {
        for (const to of REPORT_STATUSES) {
          const allowed = REPORT_TRANSITIONS[from].includes(to);
          const attempt = insertTransition(id, from, to);
          if (allowed) await expect(attempt).resolves.toBeDefined();
          else await expect(attempt).rejects.toThrow(/chk_consumer_report_transition_allowed/);
        }
      }
    });

    it('refuses an illegal status change, a change of what was reported, and deletion', async () => {
      const { id } = (await row((await newReport()).reference)) as { id: string };
      await expect(dataSource.query(`UPDATE consumer_report SET status = 'answered', forwarded_at = now(), answer_due_at = now(), answered_at = now(), answered_by_id = $2 WHERE id = $1`, [id, staff.userId])).rejects.toThrow(
        /illegal transition from new to answered/,
      );
      await expect(dataSource.query(`UPDATE consumer_report SET e164 = '+390612345678' WHERE id = $1`, [id])).rejects.toThrow(/never changes/);
      await expect(dataSource.query(`UPDATE consumer_report SET status = 'closed', finished_at = now() WHERE id = $1`, [id])).rejects.toThrow(/chk_consumer_report_substantiated/);
      await expect(dataSource.query(`DELETE FROM consumer_report WHERE id = $1`, [id])).rejects.toThrow(QueryFailedError);
      await expect(dataSource.query(`UPDATE consumer_report SET personal_data_purged_at = now() WHERE id = $1`, [id])).rejects.toThrow(/chk_consumer_report_purged/);
    });

    it('keeps one row per number, reporter and call day, even for concurrent submissions', async () => {
      const number = mobileNumber();
      const results = await Promise.all(Array.from({ length: 20 }, () => newReport({ number, email: null, contactConsentText: null, description: 'Sempre la stessa' })));
      expect(new Set(results.map((result) => result.reference)).size).toBe(1);
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(await dataSource.query(`SELECT duplicate_count FROM consumer_report WHERE e164 = $1`, [number])).toEqual([{ duplicate_count: 19 }]);
      const sameNetwork = await newReport({ number, email: null, contactConsentText: null, clientIp: '192.0.2.10' });
      expect(sameNetwork.duplicate).toBe(true);
      const otherClient = await newReport({ number, email: null, contactConsentText: null, clientIp: '198.51.100.20' });
      expect(otherClient.duplicate).toBe(false);
    });
  });
});
