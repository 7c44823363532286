import { DataSource } from 'typeorm';
import { proposedAudit } from '../../factories/audit.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const NOW = new Date('2026-06-15T10:00:00Z');
const CONCURRENT_APPROVALS = 30;
const ROUNDS = 5;

describe('concurrent decisions (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(NOW);
    db = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.query<{ n: string }[]>(sql, params))[0].n);

  it(`issues exactly one rating when ${CONCURRENT_APPROVALS} reviewers approve the same audit at once, ${ROUNDS} times over`, async () => {
    const reviewers = await Promise.all(Array.from({ length: 3 }, () => testApp.signIn('reviewer')));
    const staff = { admin: await testApp.signIn('admin'), auditor: await testApp.signIn('auditor') };
    for (let round = 0; round < ROUNDS; round++) {
      const audit = await proposedAudit(testApp, staff);
      const responses = await Promise.all(
        Array.from({ length: CONCURRENT_APPROVALS }, (_, i) =>
          testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewers[i % reviewers.length].auth).send({ outcome: 'approve' }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      const others = responses.filter((response) => response.status !== 201 && response.status !== 409).map((response) => `${response.status} ${JSON.stringify(response.body)}`);
      expect({ round, created: statuses.filter((s) => s === 201).length, conflicts: statuses.filter((s) => s === 409).length, others }).toEqual({
        round,
        created: 1,
        conflicts: CONCURRENT_APPROVALS - 1,
        others: [],
      });
      for (const loser of responses.filter((response) => response.status === 409)) expect(loser.body.code).toBe('audit_already_decided');

      const winner = responses.find((response) => response.status === 201)!;
      const ratingId = winner.body.rating.id as string;
      expect(await count(`SELECT count(*) AS n FROM rating WHERE application_id = $1`, [audit.applicationId])).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM audit_decision WHERE audit_id = $1`, [audit.auditId])).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM rating_event WHERE rating_id = $1`, [ratingId])).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'certificates.render' AND data->>'ratingId' = $1`, [ratingId])).toBe(1);
      const events = await db.query<{ action: string }[]>(
        `SELECT action FROM history WHERE (entity_type = 'audit' AND entity_id = $1 AND action = 'audit.decided')
            OR (entity_type = 'rating' AND entity_id = $2) OR (entity_type = 'application' AND entity_id = $3 AND action = 'application.decided')
         ORDER BY seq`,
        [audit.auditId, ratingId, audit.applicationId],
      );
      expect(events.map((event) => event.action)).toEqual(['rating.issued', 'application.decided', 'audit.decided']);
    }
    const numbers = await db.query<{ certificate_sequence: number }[]>(`SELECT certificate_sequence FROM rating ORDER BY certificate_sequence`);
    expect(numbers.map((row) => row.certificate_sequence)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    await expect(testApp.http.get('/api/v1/history/verify').set((await testApp.signIn('admin')).auth).expect(200)).resolves.toMatchObject({ body: { valid: true } });
  });

  it('keeps certificate numbers gapless when different audits are approved at the same time', async () => {
    const [{ issued }] = await db.query<{ issued: number }[]>(`SELECT count(*)::int AS issued FROM rating`);
    const staff = { admin: await testApp.signIn('admin'), auditor: await testApp.signIn('auditor') };
    const audits = [];
    for (let i = 0; i < 10; i++) audits.push(await proposedAudit(testApp, staff));
    const reviewer = await testApp.signIn('reviewer');
    const responses = await Promise.all(audits.map((audit) => testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' })));
    expect(responses.map((response) => response.status)).toEqual(audits.map(() => 201));

    const numbers = responses.map((response) => response.body.rating.certificateNumber as string).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `AQ-2026-${String(issued + i + 1).padStart(6, '0')}`));
    const sequences = await db.query<{ certificate_sequence: number }[]>(`SELECT certificate_sequence FROM rating WHERE certificate_year = 2026 ORDER BY 1`);
    expect(sequences.map((row) => row.certificate_sequence)).toEqual(Array.from({ length: issued + 10 }, (_, i) => i + 1));
  });
});
