import {
  decodeEntryBundle,
  leafHash,
  openCheckpoint,
  parseNoteVerifier,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '@app/transparency';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RegistryController } from '../../../apps/api/src/registry/registry.controller';
import { ratedFirm } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';


describe('transparency log API (tlog-tiles and JSON)', () => {
  let testApp: TestApp;

  /** The raw bytes of a binary resource, with its headers to check. */
  const download = (path: string) =>
    testApp.http.get(path).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('serves a signed checkpoint, tiles, entries and proofs that verify without trusting the server', async () => {
    await testApp.http.get('/log/checkpoint').expect(404);
    const first = await ratedFirm(testApp);
    const admin = await testApp.signIn('admin');
    await testApp.http.post('/api/v1/transparency/checkpoints').expect(401);
    const old = (await testApp.http.post('/api/v1/transparency/checkpoints').set(admin.auth).expect(200)).body;
    await ratedFirm(testApp);
    await ratedFirm(testApp);
    const json = (await testApp.http.post('/api/v1/transparency/checkpoints').set(admin.auth).expect(200)).body;

    const text = await testApp.http.get('/log/checkpoint').expect(200).expect('content-type', /text\/plain/).expect('cache-control', 'public, max-age=5');
    expect(text.text).toBe(json.note);
    const checkpoint = openCheckpoint(text.text, parseNoteVerifier(json.logKey));
    expect(checkpoint.size).toBe(3);
    expect(checkpoint.rootHash.toString('base64')).toBe(json.rootHash);

    // The partial level-0 tile holds the leaf hashes; the entry bundle the leaves themselves.
    const tile = (await download(`/log/tile/0/000.p/${checkpoint.size}`).expect(200).expect('cache-control', 'public, max-age=5')).body as Buffer;
    const bundle = (await download(`/log/tile/entries/000.p/${checkpoint.size}`).expect(200)).body as Buffer;
    const leaves = decodeEntryBundle(bundle);
    const hashes = leaves.map((leaf) => leafHash(leaf));
    expect(Buffer.concat(hashes).equals(tile)).toBe(true);
    expect(rootFromLeafHashes(hashes).equals(checkpoint.rootHash)).toBe(true);
    expect(JSON.parse(leaves[0].toString('utf8'))).toMatchObject({ kind: 'rating.issued', certificateNumber: first.rating.certificateNumber });

    // A full tile does not exist yet; nor does a malformed path.
    await testApp.http.get('/log/tile/0/000').expect(404);
    await testApp.http.get('/log/tile/0/x000/000').expect(404);
    await testApp.http.get('/log/tile/0/000.p/9').expect(404);

    const inclusion = (await testApp.http.get('/api/v1/transparency/proofs/inclusion').query({ index: 1, size: 3 }).expect(200)).body;
    expect(verifyInclusion(1, 3, Buffer.from(inclusion.leafHash, 'base64'), inclusion.proof.map((hash: string) => Buffer.from(hash, 'base64')), checkpoint.rootHash)).toBe(true);
    const consistency = (await testApp.http.get('/api/v1/transparency/proofs/consistency').query({ from: old.size, to: 3 }).expect(200)).body;
    expect(
      verifyConsistency(old.size, 3, Buffer.from(old.rootHash, 'base64'), checkpoint.rootHash, consistency.proof.map((hash: string) => Buffer.from(hash, 'base64'))),
    ).toBe(true);

    const entries = (await testApp.http.get('/api/v1/transparency/entries').query({ start: 0, end: 10 }).expect(200)).body.entries;
    expect(entries.map((entry: { index: number }) => entry.index)).toEqual([0, 1, 2]);
    expect(entries[0].entry).toMatchObject({ kind: 'rating.issued', certificateNumber: first.rating.certificateNumber, vatNumber: first.firm.vatNumber });
  });

  it('carries the entry and its inclusion proof in the verification answer, the same from the fast path and the controller', async () => {
    const { rating } = await ratedFirm(testApp);
    const admin = await testApp.signIn('admin');
    const json = (await testApp.http.post('/api/v1/transparency/checkpoints').set(admin.auth).expect(200)).body;
    // The evidence caches the latest checkpoint for a few seconds: step past it.
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 10_000));
    const fast = (await testApp.http.get(`/api/v1/verify/${rating.certificateNumber}`).expect(200)).body;
    const evidence = fast.transparency;
    expect(evidence.checkpoint.size).toBe(json.size);
    const checkpoint = openCheckpoint(evidence.checkpoint.note, parseNoteVerifier(json.logKey));
    const leaf = Buffer.from(evidence.leaf, 'base64');
    expect(JSON.parse(leaf.toString('utf8'))).toMatchObject({ kind: 'rating.issued', certificateNumber: rating.certificateNumber });
    expect(leafHash(leaf).toString('base64')).toBe(evidence.leafHash);
    const proof = evidence.inclusionProof.map((hash: string) => Buffer.from(hash, 'base64'));
    expect(verifyInclusion(evidence.index, checkpoint.size, leafHash(leaf), proof, checkpoint.rootHash)).toBe(true);

    const controller = testApp.app.get(RegistryController);
    const request = { headers: {} } as FastifyRequest;
    const reply = { header: () => reply, status: () => reply } as unknown as FastifyReply;
    const slow = JSON.parse(JSON.stringify(await controller.verify(rating.certificateNumber, request, reply)));
    expect({ ...slow, checkedAt: 'any' }).toEqual({ ...fast, checkedAt: 'any' });
    const unknown = (await testApp.http.get('/api/v1/verify/AQ-2019-999997').expect(200)).body;
    expect(unknown.transparency).toBeNull();
  });

  it('answers bad input with a 400 naming the field', async () => {
    const missing = await testApp.http.get('/api/v1/transparency/proofs/inclusion').query({ index: 'x' }).expect(400);
    expect(JSON.stringify(missing.body)).toMatch(/index/);
    expect(JSON.stringify(missing.body)).toMatch(/size/);
    await testApp.http.get('/api/v1/transparency/proofs/inclusion').query({ index: 5, size: 5 }).expect(400);
    await testApp.http.get('/api/v1/transparency/proofs/inclusion').query({ index: 0, size: 1_000_000 }).expect(400);
    await testApp.http.get('/api/v1/transparency/proofs/consistency').query({ from: 3, to: 2 }).expect(400);
    await testApp.http.get('/api/v1/transparency/entries').query({ start: 3, end: 2 }).expect(400);
  });
});
