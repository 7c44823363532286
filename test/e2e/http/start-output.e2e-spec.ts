import { ChildApi, startChildApi } from '../../support/child-api';
import { eventually } from '../../support/eventually';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/** pino-pretty's terminal colours, to read the text under them. */
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** What `npm start` prints: JSON lines for machines, a banner and readable lines for a person at a terminal. */
describe('the start-up output', () => {
  let database: TestDatabase;
  const started: ChildApi[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const child of started) await child.stop();
    await database?.drop();
  });

  async function start(env: Record<string, string>): Promise<ChildApi> {
    const child = await startChildApi({ DATABASE_URL: database.url, LOG_LEVEL: 'info', ...env });
    started.push(child);
    return child;
  }

  it('writes JSON lines when not on a terminal, with the start facts and without a line per mapped route', async () => {
    const child = await start({ NODE_ENV: 'development' });
    await eventually(() => Promise.resolve(expect(child.output()).toContain('Azienda Qualificata is running')), 5_000);
    const lines = child.output().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const running = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === 'Azienda Qualificata is running');
    expect(running).toMatchObject({ url: expect.stringMatching(/^http:\/\//), data: { embedded: false, server: expect.stringContaining(database.name) } });
    expect(JSON.stringify(running)).not.toMatch(/password@|:\/\/[^/]*:[^/]*@/);
    expect(child.output()).not.toContain('Mapped {');
  });

  it('prints a short banner and readable lines when asked for them, as on a terminal, and the routes only at debug level', async () => {
    const child = await start({ NODE_ENV: 'development', LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug' });
    // The banner is written at once; pino-pretty formats log lines in a worker thread, a moment later.
    await eventually(() => Promise.resolve(expect(child.output()).toMatch(/Azienda Qualificata is running on[^]*Mapped \{/)), 10_000);
    const output = child.output();
    expect(output).toContain('/accedi');
    expect(output).toContain(`PostgreSQL server postgres://`);
    expect(output).toMatch(/Mapped \{\/api\/v1\/checklist, GET\} route/);
    const logLines = output.split('\n').filter((line) => /^\[[0-9]{2}:[0-9]{2}:[0-9]{2}/.test(line.replace(COLOURS, '')));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of output.split('\n')) expect(line.trim().startsWith('{"level"')).toBe(false);
  });
});
