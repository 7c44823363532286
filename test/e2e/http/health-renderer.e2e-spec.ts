import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Readiness of a process that renders certificates itself (WORKER_IN_PROCESS). The browser is a stand-in
 * file whose execute bit the test turns off: readiness looks at it without starting Chromium.
 */
describe('readiness includes the certificate renderer where this process renders', () => {
  let testApp: TestApp;
  let folder: string;
  let chromium: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'aq-health-'));
    chromium = join(folder, 'chromium');
    writeFileSync(chromium, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    testApp = await startTestApp({ env: { WORKER_IN_PROCESS: 'true', CHROMIUM_PATH: chromium } });
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is ready while the browser can be started, and says it starts on the next render', async () => {
    const ready = await testApp.http.get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, certificateRenderer: { status: 'up', detail: 'Chromium starts on the next render' } });
  });

  it('is not ready when the browser cannot run, and names the reason; liveness is unaffected', async () => {
    chmodSync(chromium, 0o644);
    try {
      const notReady = await testApp.http.get('/health/ready').expect(503);
      expect(notReady.body.status).toBe('error');
      expect(notReady.body.error.certificateRenderer).toEqual({ status: 'down', detail: `Chromium is not an executable file at ${chromium}` });
      expect(notReady.body.info.database.status).toBe('up');
      await testApp.http.get('/health').expect(200);
    } finally {
      chmodSync(chromium, 0o755);
    }
    await testApp.http.get('/health/ready').expect(200);
  });
});
