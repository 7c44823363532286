import { SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { JobQueue } from '@app/jobs';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { until } from '../../support/eventually';
import { FlakyProbe, flakyProbeModule } from '../../support/flaky-probe';
import { startTestApp, TestApp } from '../../support/test-app';

const PROBE_QUEUE = 'test.probe';

const ProbeModule = flakyProbeModule(PROBE_QUEUE, 1);

function describeJobQueue(database: 'server' | 'embedded') {
  describe(`job queue in the data's transaction (${database})`, () => {
    let testApp: TestApp;
    let jobs: JobQueue;
    let probe: FlakyProbe;
    let txHost: TransactionHost<TransactionAdapter>;
    let history: HistoryService;

    beforeAll(async () => {
      testApp = await startTestApp({ database, env: { WORKER_IN_PROCESS: 'true' }, imports: [ProbeModule] });
      jobs = testApp.app.get(JobQueue);
      probe = testApp.app.get(FlakyProbe);
      txHost = testApp.app.get(TransactionHost);
      history = testApp.app.get(HistoryService);
    });
    afterAll(() => testApp.close());

    const jobsWithMarker = async (marker: string) =>
      Number(
        (await testApp.app.get(DataSource).query<{ count: string }[]>(`SELECT count(*) FROM pgboss.job WHERE name = $1 AND data->>'marker' = $2`, [PROBE_QUEUE, marker]))[0].count,
      );

    it('commits the job with the data, and a worker runs it', async () => {
      await txHost.withTransaction(async () => {
        await history.record(SYSTEM_ACTOR, { action: 'test.enqueued', entityType: 'test', entityId: 'committed' });
        await jobs.enqueue(PROBE_QUEUE, { marker: 'committed' });
      });
      await until(() => probe.handled.includes('committed'), 'the committed job ran', 20_000, 200);
    });

    it('rolls the job back with the data', async () => {
      await expect(
        txHost.withTransaction(async () => {
          await history.record(SYSTEM_ACTOR, { action: 'test.enqueued', entityType: 'test', entityId: 'rolled-back' });
          await jobs.enqueue(PROBE_QUEUE, { marker: 'rolled-back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await jobsWithMarker('rolled-back')).toBe(0);
      expect(await history.forEntity('test', 'rolled-back')).toHaveLength(0);
    });

    it('retries a failing job, dead-letters it after the limit, and an admin can retry it', async () => {
      probe.failuresLeft.set('flaky', 2);
      await jobs.enqueue(PROBE_QUEUE, { marker: 'flaky' });
      await until(async () => (await jobs.failedJobs()).some((job) => (job.data as { marker?: string }).marker === 'flaky'), 'the flaky job is dead-lettered', 20_000, 200);
      const failed = (await jobs.failedJobs()).find((job) => (job.data as { marker?: string }).marker === 'flaky')!;
      expect(failed).toMatchObject({ queue: PROBE_QUEUE, attempts: 2 });
      await jobs.retry(failed.queue, failed.id);
      await until(() => probe.handled.includes('flaky'), 'the retried job ran', 20_000, 200);
    });
  });
}

describeJobQueue('server');
describeJobQueue('embedded');
