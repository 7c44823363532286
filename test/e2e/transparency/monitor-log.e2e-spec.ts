import type { TransactionAdapter } from '@app/database';
import { RatingsService } from '@app/ratings';
import { generateNoteKey } from '@app/transparency';
import { TransactionHost } from '@nestjs-cls/transactional';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Disagreement, monitorLog } from '../../../apps/cli/src/monitor-log';
import { ratedFirm, reviewerActor } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The monitor against a listening platform, as anyone would run it: it agrees with an honest log and
 * registry, and names the first disagreement when a leaf is rewritten, the log is forked under the
 * same key, or the registry shows a status the log's events do not make.
 */
describe('npm run cli -- monitor-log', () => {
  const env = { TRANSPARENCY_LOG_KEY: generateNoteKey('registro.test.localhost/log', 'log') };
  const dir = mkdtempSync(join(tmpdir(), 'aq-monitor-'));
  const stateFile = join(dir, 'state.json');
  let testApp: TestApp;
  let url: string;

  const start = async (): Promise<void> => {
    testApp = await startTestApp({ env });
    await testApp.app.listen(0, '127.0.0.1');
    url = await testApp.app.getUrl();
  };
  const publish = async (): Promise<void> => {
    const admin = await testApp.signIn('admin');
    await testApp.http.post('/api/v1/transparency/checkpoints').set(admin.auth).expect(200);
  };
  const monitor = (certificate?: string) => monitorLog({ url, stateFile, certificate, now: () => testApp.clock.now() });

  beforeAll(start);
  afterAll(async () => {
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the checkpoint, every leaf, the registry and one certificate, then follows the log consistently', async () => {
    const { rating, reviewer } = await ratedFirm(testApp);
    await ratedFirm(testApp);
    const txHost = testApp.app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
    await txHost.withTransaction(() => testApp.app.get(RatingsService).suspend(reviewerActor(reviewer), rating.id, { reason: 'irregularities', publicNote: 'Verifica' }));
    await publish();
    const first = await monitor(rating.certificateNumber);
    expect(first).toEqual([
      expect.stringMatching(/^Checkpoint registro.test.localhost\/log size 3/),
      'All 3 entries verified against the root',
      "The registry's 2 firms agree with the log's events",
      expect.stringMatching(new RegExp(`^${rating.certificateNumber}: entry 2 \\(rating.suspended\\) is included`)),
    ]);
    await txHost.withTransaction(() => testApp.app.get(RatingsService).revoke(reviewerActor(reviewer), rating.id, { reason: 'irregularities', publicNote: 'Revoca' }));
    await publish();
    expect(await monitor()).toContain('Consistent with the checkpoint of size 3 seen before');
  });

  it('names a registry status that the log does not make', async () => {
    const { rating } = await ratedFirm(testApp);
    await publish();
    // Behind the log's back: the rating revoked in the database without an event.
    const dataSource = testApp.app.get(DataSource);
    await dataSource.query(`UPDATE rating SET status = 'revoked', revocation_reason = 'irregularities', ended_at = now() WHERE id = $1`, [rating.id]);
    await expect(monitor()).rejects.toThrow(new RegExp(`${rating.certificateNumber} \\(VAT \\d+\\): the registry shows revoked, the log's events make it active`));
  });

  it('detects a rewritten leaf, and a fork of the log under the same key', async () => {
    const dataSource = testApp.app.get(DataSource);
    await dataSource.query('ALTER TABLE transparency_leaf DISABLE TRIGGER USER');
    await dataSource.query(`UPDATE transparency_leaf SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'Esempio', 'Esempia'), 'UTF8') WHERE leaf_index = 0`);
    await dataSource.query('ALTER TABLE transparency_leaf ENABLE TRIGGER USER');
    await expect(monitor()).rejects.toThrow(/entries served do not hash to the checkpoint's root: an entry was rewritten/);

    // A second copy of the platform with the same key and another history: the monitor remembers the first.
    await testApp.close();
    await start();
    for (let i = 0; i < 6; i++) await ratedFirm(testApp);
    await publish();
    await expect(monitor()).rejects.toThrow(Disagreement);
    await expect(monitor()).rejects.toThrow(/not consistent with the one of size \d+ seen before: the log's past was rewritten or forked/);
  });
});
