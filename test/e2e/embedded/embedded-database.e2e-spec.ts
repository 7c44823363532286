import { startTestApp, TestApp } from '../../support/test-app';

describe('the embedded default (PGlite in-process, no server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded-empty' });
  });
  afterAll(() => testApp.close());

  it('starts, migrates itself, signs in, writes and reads', async () => {
    expect(testApp.config.embedded).toBe(true);
    const ready = await testApp.http.get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');

    const admin = await testApp.signIn('admin');
    const created = await testApp.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'valutatore@embedded.example.it', displayName: 'Valutatore', password: 'password password', role: 'auditor' })
      .expect(201);
    const read = await testApp.http.get(`/api/v1/users/${created.body.id}`).set(admin.auth).expect(200);
    expect(read.body).toMatchObject({ email: 'valutatore@embedded.example.it', role: 'auditor' });

    const duplicate = await testApp.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'valutatore@embedded.example.it', displayName: 'Again', password: 'password password', role: 'auditor' })
      .expect(409);
    expect(duplicate.body.code).toBe('email_taken');

    const verification = await testApp.http.get('/api/v1/history/verify').set(admin.auth).expect(200);
    expect(verification.body.valid).toBe(true);
  });

  it('serves concurrent requests on its single session without mixing transactions', async () => {
    const admin = await testApp.signIn('admin');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        testApp.http.post('/api/v1/users').set(admin.auth).send({ email: `concurrent-${i}@embedded.example.it`, displayName: `C${i}`, password: 'password password', role: 'reviewer' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const verification = await testApp.http.get('/api/v1/history/verify').set(admin.auth).expect(200);
    expect(verification.body.valid).toBe(true);
  });
});
