import type { TransactionAdapter } from '@app/database';
import { BlobStore, sha256Hex } from '@app/storage';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';

describe('content-addressed blob store (PostgreSQL server)', () => {
  let testApp: TestApp;
  let store: BlobStore;
  let txHost: TransactionHost<TransactionAdapter>;

  beforeAll(async () => {
    testApp = await startTestApp();
    store = testApp.app.get(BlobStore);
    txHost = testApp.app.get(TransactionHost);
  });
  afterAll(() => testApp.close());

  it('stores identical bytes once and returns them exactly', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const first = await txHost.withTransaction(() => store.put(bytes, 'application/pdf'));
    const second = await txHost.withTransaction(() => store.put(Buffer.from(bytes), 'application/pdf'));
    expect(first).toEqual({ sha256: sha256Hex(bytes), size: 7 });
    expect(second).toEqual(first);
    const [{ count }] = await testApp.app.get(DataSource).query<{ count: string }[]>(`SELECT count(*) FROM stored_blob WHERE sha256 = $1`, [first.sha256]);
    expect(count).toBe('1');
    const read = await store.get(first.sha256);
    expect(read?.bytes.equals(bytes)).toBe(true);
    expect(read?.contentType).toBe('application/pdf');
  });

  it('stores nothing when the transaction rolls back', async () => {
    const bytes = Buffer.from('rolled back');
    await expect(
      txHost.withTransaction(async () => {
        await store.put(bytes, 'text/plain');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.get(sha256Hex(bytes))).toBeNull();
  });

  it('answers null for an unknown or malformed hash', async () => {
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.get("'; DROP TABLE stored_blob; --")).toBeNull();
  });
});
