import { DataSource } from 'typeorm';
import { mobileNumber } from '../../factories/firm.factory';
import { reportBody } from '../../factories/report.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const SUBMISSIONS = 1_000;
const BATCH = 50;

/** Sends the same report SUBMISSIONS times from one client, BATCH at a time, and returns every status. */
async function flood(testApp: TestApp, body: Record<string, unknown>): Promise<{ statuses: number[]; references: Set<string>; retryAfter: Set<string> }> {
  const statuses: number[] = [];
  const references = new Set<string>();
  const retryAfter = new Set<string>();
  for (let sent = 0; sent < SUBMISSIONS; sent += BATCH) {
    const responses = await Promise.all(Array.from({ length: BATCH }, () => testApp.http.post('/api/v1/reports').send(body)));
    for (const response of responses) {
      statuses.push(response.status);
      if (response.status < 300) references.add(response.body.reference as string);
      if (response.status === 429) retryAfter.add(response.headers['retry-after']);
    }
  }
  return { statuses, references, retryAfter };
}

const count = (statuses: number[], status: number) => statuses.filter((value) => value === status).length;

describe('1,000 identical reports from one client', () => {
  describe('within the rate limit', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } });
    });
    afterAll(() => testApp.close());

    it('collapse into one report whose counter holds the other 999, even when they arrive together', async () => {
      const number = mobileNumber();
      const { statuses, references } = await flood(testApp, reportBody(testApp, { number }));
      expect(count(statuses, 201)).toBe(1);
      expect(count(statuses, 200)).toBe(SUBMISSIONS - 1);
      expect(references.size).toBe(1);

      const rows = await testApp.app.get(DataSource).query<{ reference: string; duplicate_count: number }[]>(`SELECT reference, duplicate_count FROM consumer_report WHERE e164 = $1`, [number]);
      expect(rows).toEqual([{ reference: [...references][0], duplicate_count: SUBMISSIONS - 1 }]);
      const [{ events }] = await testApp.app.get(DataSource).query<{ events: number }[]>(
        `SELECT count(*)::int AS events FROM history WHERE entity_type = 'consumer_report' AND action = 'report.submitted' AND after->>'e164' = $1`,
        [number],
      );
      expect(events).toBe(1);
    });
  });

  describe('past the rate limit', () => {
    const limit = 40;
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: String(limit) } });
    });
    afterAll(() => testApp.close());

    it('are refused with 429 and Retry-After past the per-minute budget, never a 5xx, and what got through still collapses', async () => {
      const number = mobileNumber();
      const { statuses, retryAfter } = await flood(testApp, reportBody(testApp, { number }));
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      // The test clock stands still, so every request falls in the same minute.
      expect(count(statuses, 201) + count(statuses, 200)).toBe(limit);
      expect(count(statuses, 429)).toBe(SUBMISSIONS - limit);
      expect([...retryAfter].every((seconds) => Number(seconds) >= 1 && Number(seconds) <= 60)).toBe(true);

      const rows = await testApp.app.get(DataSource).query<{ duplicate_count: number }[]>(`SELECT duplicate_count FROM consumer_report WHERE e164 = $1`, [number]);
      expect(rows).toEqual([{ duplicate_count: limit - 1 }]);
      const refused = await testApp.http.post('/api/v1/reports').send(reportBody(testApp, { number })).expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
      await testApp.http.get('/segnala').expect(429);
    });
  });
});
