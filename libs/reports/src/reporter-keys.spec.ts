import { loadConfig } from '@app/config';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORTER_KEY_SECRET_FILE, ReporterKeys } from './reporter-keys';

describe('ReporterKeys', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'aq-reporter-keys-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function keysWith(env: Record<string, string>): Promise<ReporterKeys> {
    const keys = new ReporterKeys(loadConfig({ DATA_DIR: dataDir, ...env }));
    await keys.onModuleInit();
    return keys;
  }

  it('keys with the configured secret, the same in every instance, and writes no file', async () => {
    const secret = '0f'.repeat(32);
    const [first, second] = [await keysWith({ REPORTS_REPORTER_KEY: secret }), await keysWith({ REPORTS_REPORTER_KEY: secret })];
    const expected = createHmac('sha256', Buffer.from(secret, 'hex')).update('ip:203.0.113.7').digest('hex');
    expect(first.keyOf('ip:203.0.113.7')).toBe(expected);
    expect(second.keyOf('ip:203.0.113.7')).toBe(expected);
    expect(existsSync(join(dataDir, REPORTER_KEY_SECRET_FILE))).toBe(false);
  });

  it('without a configured secret, creates one in the data folder and keeps it across restarts', async () => {
    const first = await keysWith({});
    expect(existsSync(join(dataDir, REPORTER_KEY_SECRET_FILE))).toBe(true);
    expect((await keysWith({})).keyOf('email:a@b.example')).toBe(first.keyOf('email:a@b.example'));
    expect((await keysWith({ REPORTS_REPORTER_KEY: 'ab'.repeat(32) })).keyOf('email:a@b.example')).not.toBe(first.keyOf('email:a@b.example'));
  });
});
