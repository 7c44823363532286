import { decodeEntryBundle, leafHash } from '@app/transparency';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TransparencyController } from '../../../apps/api/src/transparency/transparency.controller';
import { startTestApp, TestApp } from '../../support/test-app';

/** Two full tiles and a partial one. */
const LEAVES = 600;
const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('full tiles from the fast path', () => {
  let testApp: TestApp;
  let leaves: Buffer[];

  const download = (path: string, headers: Record<string, string> = {}) =>
    testApp.http
      .get(path)
      .set(headers)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    testApp = await startTestApp();
    const dataSource = testApp.app.get(DataSource);
    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO history (actor_label, action, entity_type, entity_id) SELECT 'test', 'test.leaf', 'test', g::text FROM generate_series(1, $1::int) g`, [LEAVES]);
      await manager.query(
        `INSERT INTO transparency_leaf (entry, kind, certificate_number, history_seq)
         SELECT convert_to(format('{"certificateNumber":"AQ-2026-%s","kind":"rating.expired","time":"2026-01-01T00:00:00.000Z","v":1}', lpad(h.entity_id, 6, '0')), 'UTF8'),
                'rating.expired', 'AQ-2026-' || lpad(h.entity_id, 6, '0'), h.seq
         FROM history h WHERE h.action = 'test.leaf' ORDER BY h.seq`,
      );
    });
    leaves = (await dataSource.query<{ entry: Buffer }[]>('SELECT entry FROM transparency_leaf ORDER BY leaf_index')).map((row) => row.entry);
  });
  afterAll(() => testApp.close());

  it('answers a full hash tile and entry bundle with their bytes, immutable caching, CORS, an ETag of the bytes and the request id', async () => {
    const expected = Buffer.concat(leaves.slice(256, 512).map((leaf) => leafHash(leaf)));
    const etag = `"${createHash('sha256').update(expected).digest('base64url')}"`;
    // The first answer reads the database, the second the cache: the same bytes and headers.
    for (const requestId of ['tile-request-0001', 'tile-request-0002']) {
      const response = await download('/log/tile/0/001', { 'x-request-id': requestId }).expect(200);
      expect((response.body as Buffer).equals(expected)).toBe(true);
      expect(response.headers).toMatchObject({
        'content-type': 'application/octet-stream',
        'cache-control': IMMUTABLE,
        'access-control-allow-origin': '*',
        etag,
        'x-request-id': requestId,
        'x-content-type-options': 'nosniff',
      });
    }
    await download('/log/tile/0/001', { 'if-none-match': etag }).expect(304).expect('etag', etag).expect('x-request-id', /./);
    await download('/log/tile/0/001', { 'if-none-match': '"another"' }).expect(200);

    const bundle = await download('/log/tile/entries/000').expect(200).expect('cache-control', IMMUTABLE).expect('access-control-allow-origin', '*');
    expect(decodeEntryBundle(bundle.body as Buffer)).toEqual(leaves.slice(0, 256));
  });

  it('answers as the controller does: same bytes, caching headers and ETag', async () => {
    const fast = await download('/log/tile/0/000').expect(200);
    const headers: Record<string, string> = {};
    const reply = {
      header: (name: string, value: string) => ((headers[name] = value), reply),
      headers: (values: Record<string, string>) => (Object.assign(headers, values), reply),
      status: () => reply,
    } as unknown as FastifyReply;
    const bytes = await testApp.app.get(TransparencyController).tile('0/000', { headers: {} } as FastifyRequest, reply);
    expect(bytes?.equals(fast.body as Buffer)).toBe(true);
    for (const name of ['content-type', 'cache-control', 'access-control-allow-origin', 'etag']) expect(headers[name]).toBe(fast.headers[name]);
  });

  it('leaves partial tiles, missing tiles and malformed paths to the controller, with the one error shape', async () => {
    await download(`/log/tile/0/002.p/${LEAVES - 512}`).expect(200).expect('cache-control', 'public, max-age=5');
    const missing = await testApp.http.get('/log/tile/0/002').set('x-request-id', 'tile-request-0404').expect(404).expect('x-request-id', 'tile-request-0404');
    expect(missing.body).toMatchObject({ statusCode: 404, requestId: 'tile-request-0404' });
    await testApp.http.get('/log/tile/0/x000/001').expect(404);
    await testApp.http.get('/log/tile/0/002.p/200').expect(404);
  });
});

describe('full tiles from the fast path, past the rate limit', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => testApp.close());

  it('counts tiles in the public budget per IP and answers 429 with Retry-After past it', async () => {
    const from = (ip: string) => testApp.http.get('/log/tile/0/000').set('x-forwarded-for', ip);
    for (let i = 0; i < 3; i++) await from('203.0.113.9').expect(404);
    const refused = await from('203.0.113.9').expect(429).expect('retry-after', /^\d+$/);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    await from('203.0.113.10').expect(404);
  });
});
