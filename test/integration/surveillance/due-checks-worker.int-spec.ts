import { addCalendarDays, romeCalendarDate, romeDayStart } from '@app/core';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { listedFirm } from '../../factories/registry.factory';
import { until } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';

const CHECKS = '/api/v1/surveillance/checks';

/**
 * The worker process's module on a PostgreSQL server: a check scheduled yesterday for today is opened by
 * the due-checks job's run at start, once. The worker closes before the test app, so pg-boss stops (in
 * the worker's onModuleDestroy) before the worker's DataSource ends (onApplicationShutdown).
 */
describe('the worker opens a surveillance check scheduled for today when it starts', () => {
  let testApp: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
  });

  it('opens it at start, with its history, exactly once', async () => {
    const today = romeCalendarDate(new Date());
    // Scheduled yesterday (the API's clock) for today (the worker's system clock).
    testApp.clock.set(new Date(romeDayStart(today).getTime() - 12 * 3_600_000));
    expect(addCalendarDays(romeCalendarDate(testApp.clock.now()), 1)).toBe(today);
    const admin = await testApp.signIn('admin');
    const auditor = await testApp.signIn('auditor');
    const listed = await listedFirm(testApp);
    const year = Number(romeCalendarDate(testApp.clock.now()).slice(0, 4));
    const plan = (await testApp.http.post('/api/v1/surveillance/plans').set(admin.auth).send({ year }).expect(201)).body;
    const entry = plan.entries.find((each: { firmId: string }) => each.firmId === listed.firm.id);
    const check = (await testApp.http.post(CHECKS).set(admin.auth).send({ planEntryId: entry.id, kind: 'yearly', auditorId: auditor.id, scheduledOn: today }).expect(201)).body;
    expect(check.status).toBe('scheduled');
    // Jobs the API enqueued (the certificate's rendering) are not this test's: the worker need not render them.
    const db = testApp.app.get(DataSource);
    await db.query(`DELETE FROM pgboss.job WHERE state IN ('created', 'retry')`);

    worker = await NestFactory.createApplicationContext(WorkerModule.register(testApp.config), { logger: false });
    const status = await until(async () => {
      const [row] = await db.query<{ status: string }[]>(`SELECT status FROM surveillance_check WHERE id = $1`, [check.id]);
      return row.status === 'scheduled' ? null : row.status;
    }, 'the check opened by the worker', 30_000);
    expect(status).toBe('in_progress');
    const started = await db.query(`SELECT actor_label FROM history WHERE entity_type = 'surveillance_check' AND entity_id = $1 AND action = 'surveillance_check.started'`, [check.id]);
    expect(started).toEqual([{ actor_label: 'system' }]);
    await worker.close();
    worker = undefined;
  });
});
