import { RegistryCache } from '@app/registry';
import { listedFirm, revokeRating } from '../../factories/registry.factory';
import { startTestApp, TestApp } from '../../support/test-app';

describe('the public registry on the embedded database (PGlite, one session)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded' });
  });
  afterAll(() => testApp.close());

  it('listens on its one session, so a revocation empties the cache before the revoking request even answers', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const cache = testApp.app.get(RegistryCache);
    expect(cache.isLive).toBe(true);
    const listed = await listedFirm(testApp, { legalName: 'Incorporata S.r.l.', numbers: ['06 5558001'] });
    const verify = () => testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`).expect(200);
    expect((await verify()).body.outcome).toBe('valid');
    expect((await testApp.http.get('/api/v1/lookup/phone/065558001').expect(200)).body.firm.status).toBe('active');
    expect(cache.size).toBeGreaterThanOrEqual(2);

    await revokeRating(testApp, listed);
    expect((await verify()).body.outcome).toBe('revoked');
    expect((await testApp.http.get('/api/v1/lookup/phone/065558001').expect(200)).body.firm.status).toBe('revoked');
    expect((await testApp.http.get(`/seal/${listed.firm.vatNumber}.svg`).expect(200)).body.toString()).toContain('REVOCATO');
  });

  it('searches with accents and serves concurrent lookups on the single session', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Società Àgile Incorporata S.r.l.', city: 'Forlì', province: 'FC', numbers: ['06 5558002'] });
    const names = (await testApp.http.get('/api/v1/registry/firms').query({ q: 'societa agile' }).expect(200)).body.items.map((item: { legalName: string }) => item.legalName);
    expect(names).toEqual(['Società Àgile Incorporata S.r.l.']);
    expect((await testApp.http.get('/api/v1/registry/firms').query({ q: 'forli' }).expect(200)).body.items).toHaveLength(1);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 3 === 0
          ? testApp.http.get(`/api/v1/verify/${listed.rating.certificateNumber}`)
          : i % 3 === 1
            ? testApp.http.get('/api/v1/lookup/phone/065558002')
            : testApp.http.get('/api/v1/registry/firms').query({ q: 'agile' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect((await testApp.http.get('/feed.atom').expect(200)).text).toContain(listed.rating.certificateNumber);
  });

  it('shows an expiry on the embedded database too, with no job run', async () => {
    testApp.clock.set(new Date('2026-11-24T10:00:00Z'));
    const listed = await listedFirm(testApp, { legalName: 'Scadenza Incorporata S.r.l.' });
    expect((await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body.status).toBe('active');
    testApp.clock.set(listed.rating.validUntil);
    expect((await testApp.http.get(`/api/v1/registry/firms/${listed.firm.vatNumber}`).expect(200)).body.status).toBe('expired');
    expect((await testApp.http.get(`/registro/${listed.firm.vatNumber}`).expect(200)).text).toContain('badge badge-expired');
  });
});
