import { FEED_KEY_PATH, FeedSignatureError, NumberDirectory, openLocalDirectory, publicKeyFromPem, syncNumbers, verifiedBody } from '@app/feeds';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declareNumber, listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const FEED = '/api/v1/feeds/calling-numbers';

describe('the caller-ID feed: signed NDJSON snapshots and deltas with cursors, ETags and a reference client', () => {
  let testApp: TestApp;
  let key: string;
  let auth: { Authorization: string };
  let dir: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    const integrator = await testApp.signIn('integrator');
    key = (await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'feed', scopes: ['registry:read'] }).expect(201)).body.key;
    auth = { Authorization: `Bearer ${key}` };
    dir = mkdtempSync(join(tmpdir(), 'aq-numbers-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await testApp?.close();
  });

  const publicKey = async () => publicKeyFromPem((await testApp.http.get(FEED_KEY_PATH).expect(200)).body.publicKeyPem);
  const fetchFeed = (path: string) => testApp.http.get(path).set(auth).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

  it('needs a key with registry:read (or a role that reads feeds), never anonymous', async () => {
    await testApp.http.get(FEED).expect(401);
    const integrator = await testApp.signIn('integrator');
    const webhooksOnly = (await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'w', scopes: ['webhooks:manage'] }).expect(201)).body.key;
    await testApp.http.get(FEED).set('Authorization', `Bearer ${webhooksOnly}`).expect(403);
    const auditor = await testApp.signIn('auditor');
    await testApp.http.get(FEED).set(auditor.auth).expect(403);
  });

  it('lists every number of every rated firm, revoked and suspended ones flagged, signed over its exact bytes, and keeps the client in step with deltas', async () => {
    const qualified = await listedFirm(testApp, { legalName: 'Chiamate Qualificate S.r.l.', numbers: ['+39 06 5550001', '+39 06 5550002'] });
    const suspended = await listedFirm(testApp, { legalName: 'Sospesa S.p.A.', numbers: ['+39 02 5550003'] });
    await suspendRating(testApp, suspended);
    const revoked = await listedFirm(testApp, { legalName: 'Revocata S.r.l.', numbers: ['+39 011 5550004'] });
    await revokeRating(testApp, revoked);

    const response = await fetchFeed(FEED).set('Accept-Encoding', 'gzip').expect(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const document = response.body as Buffer;
    const body = verifiedBody(document, await publicKey());
    const directory = NumberDirectory.fromSnapshot(body);
    expect(directory.lookup('+39065550001')).toEqual({ vat: qualified.firm.vatNumber, name: 'Chiamate Qualificate S.r.l.', status: 'active', qualified: true });
    expect(directory.lookup('+39025550003')).toMatchObject({ status: 'suspended', qualified: false });
    expect(directory.lookup('+390115550004')).toMatchObject({ status: 'revoked', qualified: false });

    // One changed byte and the signature no longer holds.
    const tampered = Buffer.from(document);
    tampered[body.indexOf('5550001') + 2] = '9'.charCodeAt(0);
    await expect(publicKey().then((key) => verifiedBody(tampered, key))).rejects.toBeInstanceOf(FeedSignatureError);

    // ETag and 304.
    const etag = response.headers.etag;
    await testApp.http.get(FEED).set(auth).set('If-None-Match', etag).expect(304);

    const cursor = directory.cursor;
    const unchanged = await fetchFeed(`${FEED}?since=${cursor}`).expect(200);
    expect(NumberDirectory.fromSnapshot(Buffer.from(directory.serialize())).size).toBe(directory.size);
    directory.applyDelta(verifiedBody(unchanged.body as Buffer, await publicKey()));
    expect(directory.cursor).toBe(cursor);
    await testApp.http.get(`${FEED}?since=${cursor}`).set(auth).set('If-None-Match', unchanged.headers.etag).expect(304);

    // Added, retired, status changed: in order, and only those.
    await declareNumber(testApp, qualified.firm, '+39 06 5550005');
    const listed = await testApp.http.get(`/api/v1/firms/${qualified.firm.id}/numbers`).set(qualified.firm.owner.auth).expect(200);
    const target = (listed.body.items as { id: string; e164: string }[]).find((number) => number.e164 === '+39065550002')!;
    await testApp.http.post(`/api/v1/firms/${qualified.firm.id}/numbers/${target.id}/retire`).set(qualified.firm.owner.auth).expect(200);
    await revokeRating(testApp, suspended);
    const delta = verifiedBody((await fetchFeed(`${FEED}?since=${cursor}`).expect(200)).body as Buffer, await publicKey());
    const changes = delta.toString().trim().split('\n').slice(1).map((line) => JSON.parse(line) as { seq: string; change: string; e164: string; status: string });
    expect(changes.map(({ change, e164, status }) => ({ change, e164, status }))).toEqual(
      expect.arrayContaining([
        { change: 'added', e164: '+39065550005', status: 'active' },
        { change: 'retired', e164: '+39065550002', status: 'active' },
        { change: 'changed', e164: '+39025550003', status: 'revoked' },
      ]),
    );
    expect(changes).toHaveLength(3);
    expect(changes.map((line) => BigInt(line.seq))).toEqual([...changes.map((line) => BigInt(line.seq))].sort((a, b) => (a < b ? -1 : 1)));
    directory.applyDelta(delta);
    expect(directory.lookup('+39065550005')?.qualified).toBe(true);
    expect(directory.lookup('+39065550002')).toBeUndefined();
    expect(directory.lookup('+39025550003')?.status).toBe('revoked');
  });

  it('refuses a cursor it never gave out, naming the field', async () => {
    expect((await testApp.http.get(`${FEED}?since=abc`).set(auth).expect(400)).body.details.fields.since).toBeDefined();
    expect((await testApp.http.get(`${FEED}?since=999999999999`).set(auth).expect(400)).body.details.fields.since).toBeDefined();
  });

  it('serves plain NDJSON to clients that do not accept gzip, and gzip to those that do', async () => {
    const plain = await fetchFeed(FEED).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await fetchFeed(FEED).set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBeLessThan((plain.body as Buffer).length);
  });

  it('syncs with the reference client (snapshot, then deltas) and answers lookups offline', async () => {
    await testApp.app.listen(0, '127.0.0.1');
    const url = await testApp.app.getUrl();
    const first = await syncNumbers({ url, dir, apiKey: key });
    expect(first.kind).toBe('snapshot');
    const firm = await listedFirm(testApp, { legalName: 'Nuova Chiamata S.r.l.', numbers: ['+39 06 5550099'] });
    const second = await syncNumbers({ url, dir, apiKey: key });
    expect(second).toMatchObject({ kind: 'delta', changes: 1 });
    const third = await syncNumbers({ url, dir, apiKey: key });
    expect(third.kind).toBe('unchanged');
    const local = await openLocalDirectory(dir);
    expect(local.lookup('+39065550099')).toMatchObject({ vat: firm.firm.vatNumber, qualified: true });
    expect(local.lookup('+39065559999')).toBeUndefined();
  });
});
