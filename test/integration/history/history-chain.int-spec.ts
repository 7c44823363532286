import { SYSTEM_ACTOR } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryOutsideTransactionError, HistoryService } from '@app/history';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';

describe('history chain (PostgreSQL server)', () => {
  let testApp: TestApp;
  let history: HistoryService;
  let txHost: TransactionHost<TransactionAdapter>;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp();
    history = testApp.app.get(HistoryService);
    txHost = testApp.app.get(TransactionHost);
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const append = (entityId: string, after: unknown = { n: entityId }) =>
    txHost.withTransaction(() => history.record(SYSTEM_ACTOR, { action: 'test.appended', entityType: 'test', entityId, after }));

  it('refuses to record outside a transaction', async () => {
    await expect(history.record(SYSTEM_ACTOR, { action: 'x', entityType: 'test', entityId: 'x' })).rejects.toThrow(HistoryOutsideTransactionError);
  });

  it('chains events and verifies the whole chain', async () => {
    for (let i = 0; i < 5; i++) await append(`sequential-${i}`);
    const events = await history.forEntity('test', 'sequential-3');
    expect(events).toHaveLength(1);
    expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(history.verifyChain()).resolves.toMatchObject({ valid: true, firstBrokenSeq: null });
  });

  it('keeps one unbroken, gapless chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(`concurrent-${i}`)));
    const verification = await history.verifyChain();
    expect(verification.valid).toBe(true);
    const [{ count, max }] = await dataSource.query<{ count: string; max: string }[]>('SELECT count(*) AS count, max(seq) AS max FROM history');
    expect(count).toBe(max);
  });

  it('forgets an event whose transaction rolled back', async () => {
    const before = await history.verifyChain();
    await expect(
      txHost.withTransaction(async () => {
        await history.record(SYSTEM_ACTOR, { action: 'test.rolled_back', entityType: 'test', entityId: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await history.forEntity('test', 'rolled-back')).toHaveLength(0);
    await append('after-rollback');
    const after = await history.verifyChain();
    expect(after).toMatchObject({ valid: true, checkedEvents: before.checkedEvents + 1 });
  });

  it('runs listeners in the event\'s transaction, so what they write rolls back with it', async () => {
    await dataSource.query('CREATE TABLE listener_outbox (entity_id text NOT NULL)');
    history.addListener(async (event) => {
      if (event.action !== 'test.listened') return;
      await txHost.tx.query('INSERT INTO listener_outbox (entity_id) VALUES ($1)', [event.entityId]);
      if (event.entityId === 'listener-fails') throw new Error('listener failed');
    });
    const record = (entityId: string) => txHost.withTransaction(() => history.record(SYSTEM_ACTOR, { action: 'test.listened', entityType: 'test', entityId }));
    await record('listener-kept');
    await expect(record('listener-fails')).rejects.toThrow('listener failed');
    expect(await dataSource.query('SELECT entity_id FROM listener_outbox')).toEqual([{ entity_id: 'listener-kept' }]);
    expect(await history.forEntity('test', 'listener-fails')).toHaveLength(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await append('immutable');
    await expect(dataSource.query(`UPDATE history SET action = 'forged' WHERE entity_id = 'immutable'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM history WHERE entity_id = 'immutable'`)).rejects.toThrow(/append-only/);
    // CASCADE, or the foreign keys of the tables that cite events (log leaves, messages) would refuse first.
    await expect(dataSource.query(`TRUNCATE history CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('names the first tampered event when someone bypasses the triggers', async () => {
    await append('victim', { amount: 100 });
    const [{ seq }] = await dataSource.query<{ seq: string }[]>(`SELECT seq FROM history WHERE entity_id = 'victim'`);
    await dataSource.transaction(async (manager) => {
      // Only a superuser can do this; the chain still reveals it.
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`UPDATE history SET after = '{"amount": 1}' WHERE seq = $1`, [seq]);
    });
    const verification = await history.verifyChain();
    expect(verification).toMatchObject({ valid: false, firstBrokenSeq: Number(seq) });
    expect(verification.problem).toMatch(/altered/);
  });
});
