import { DataSource } from 'typeorm';
import { listedFirm, ListedFirm } from '../factories/registry.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Hostile use of the public watch form, as a mail bomber would try it: the same address subscribed
 * 1,000 times at once from rotating IPs (behind a trusted proxy, so each request has an IP of its own),
 * and addresses shaped to trip the database. A subscription still pending gets a new link at each
 * request, so only the per-address budget keeps such a flood from becoming a flood of messages; and the
 * concurrent requests meet on one unique key. Nothing may answer 5xx.
 */
describe('watch subscriptions under hostile input', () => {
  let testApp: TestApp;
  let listed: ListedFirm;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://aq.example.it', TRUST_PROXY: 'true' } });
    listed = await listedFirm(testApp);
  });
  afterAll(() => testApp.close());

  const subscribe = (email: string, ip: string) =>
    testApp.http.post('/api/v1/watch/subscriptions').set('X-Forwarded-For', ip).send({ vatNumber: listed.firm.vatNumber, email });

  it('subscribes the same address 1,000 times, 50 at a time from 1,000 IPs: one row, five messages, only the newest link works', async () => {
    const email = 'vittima@example.it';
    const statuses: number[] = [];
    for (let first = 0; first < 1_000; first += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, i) => subscribe(i % 2 === 0 ? email : email.toUpperCase(), `10.0.${Math.floor((first + i) / 250)}.${(first + i) % 250}`)));
      statuses.push(...batch.map((response) => response.status));
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 202)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(995);

    const db = testApp.app.get(DataSource);
    const rows = await db.query<{ confirmed_at: Date | null }[]>(`SELECT confirmed_at FROM firm_watch WHERE email = $1`, [email]);
    expect(rows).toEqual([{ confirmed_at: null }]);
    const messages = await db.query<{ text: string }[]>(`SELECT text FROM mail_message WHERE recipient = $1 AND kind = 'watch_confirm'`, [email]);
    expect(messages).toHaveLength(5);
    const tokens = messages.map((message) => /\/segui\/conferma\?token=([0-9a-f]{64})/.exec(message.text)![1]);
    const answers = [];
    for (const token of tokens) answers.push((await testApp.http.post('/api/v1/watch/confirm').send({ token })).status);
    expect(answers.sort()).toEqual([200, 422, 422, 422, 422]);
  });

  it('answers 202 or 400, never 5xx, to addresses shaped to trip the database, and stores each accepted one once', async () => {
    const hostile = [
      'ÄNNA.ROSSI@EXAMPLE.IT',
      'ǅemal@example.it',
      'İstanbul@example.it',
      'STRASSE.ẞ@example.it',
      '"quoted local part"@example.it',
      'a+tag@example.it',
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.it`,
      `${'a'.repeat(300)}@example.it`,
      'nul\u0000byte@example.it',
      "o'reilly@example.it",
      'x@[127.0.0.1]',
      '',
      ' spaced@example.it ',
    ];
    const statuses = [];
    for (const [index, email] of hostile.entries()) statuses.push((await subscribe(email, `10.9.0.${index}`)).status);
    expect(statuses.filter((status) => status !== 202 && status !== 400)).toEqual([]);
    for (const [index, email] of hostile.entries()) if (statuses[index] === 202) await subscribe(email, `10.9.1.${index}`).expect(202);
    const rows = await testApp.app.get(DataSource).query<{ email: string; count: number }[]>(`SELECT email, count(*)::int AS count FROM firm_watch WHERE firm_id = $1 AND email <> 'vittima@example.it' GROUP BY email`, [listed.firm.id]);
    expect(rows.filter((row) => row.count !== 1)).toEqual([]);
    expect(rows).toHaveLength(statuses.filter((status) => status === 202).length);
    expect(rows.map((row) => row.email)).toContain('änna.rossi@example.it');
  });
});
