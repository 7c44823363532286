import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

describe('API keys: shown once, stored hashed, scoped, expiring and revocable, through the same access guard', () => {
  let testApp: TestApp;
  let integrator: { Authorization: string };

  beforeAll(async () => {
    testApp = await startTestApp();
    const signedUp = await testApp.http
      .post('/api/v1/auth/signup')
      .send({ email: 'sync@carrier.example.it', displayName: 'Carrier sync', password: 'a-long-integrator-password', accountType: 'integrator' })
      .expect(201);
    expect(signedUp.body.user.role).toBe('integrator');
    integrator = { Authorization: `Bearer ${signedUp.body.token}` };
  });
  afterAll(() => testApp.close());

  const createKey = async (body: object): Promise<{ key: string; apiKey: { id: string } }> => (await testApp.http.post('/api/v1/api-keys').set(integrator).send(body).expect(201)).body as { key: string; apiKey: { id: string } };

  it('shows a new key once and keeps only its hash', async () => {
    const created = await createKey({ name: 'Caller-ID sync', scopes: ['registry:read'] });
    expect(created.key).toMatch(/^aq_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: 'Caller-ID sync', scopes: ['registry:read'], prefix: created.key.slice(0, 9), lastUsedAt: null, revokedAt: null });
    const listed = (await testApp.http.get('/api/v1/api-keys').set(integrator).expect(200)).body;
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const stored = await testApp.app.get(DataSource).query(`SELECT token_hash FROM api_key WHERE id = $1`, [created.apiKey.id]);
    expect(stored[0].token_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
  });

  it('refuses bad input naming the field', async () => {
    const noScope = await testApp.http.post('/api/v1/api-keys').set(integrator).send({ name: 'x', scopes: [] }).expect(400);
    expect(noScope.body.details.fields.scopes).toBeDefined();
    const badScope = await testApp.http.post('/api/v1/api-keys').set(integrator).send({ name: 'x', scopes: ['admin:all'] }).expect(400);
    expect(badScope.body.details.fields.scopes).toBeDefined();
    const past = await testApp.http.post('/api/v1/api-keys').set(integrator).send({ name: 'x', scopes: ['registry:read'], expiresAt: '2000-01-01T00:00:00Z' }).expect(400);
    expect(past.body.details.fields.expiresAt).toBeDefined();
  });

  it('lets a key do only what its scopes and its owner role allow: never manage keys or the account', async () => {
    const { key } = await createKey({ name: 'Both scopes', scopes: ['registry:read', 'webhooks:manage'] });
    const auth = { Authorization: `Bearer ${key}` };
    expect((await testApp.http.get('/api/v1/api-keys').set(auth).expect(403)).body.code).toBe('api_key_scope');
    await testApp.http.get('/api/v1/auth/me').set(auth).expect(403);
    // Staff routes stay closed: the owner's role does not grant them.
    await testApp.http.get('/api/v1/users').set(auth).expect(403);
  });

  it('keeps public endpoints keyless, accepts a valid key there and refuses an invalid one', async () => {
    await testApp.http.get('/api/v1/registry/firms?q=rossi').expect(200);
    const { key, apiKey } = await createKey({ name: 'Public reads', scopes: ['registry:read'] });
    await testApp.http.get('/api/v1/registry/firms?q=rossi').set('Authorization', `Bearer ${key}`).expect(200);
    const forged = await testApp.http.get('/api/v1/registry/firms?q=rossi').set('Authorization', `Bearer aq_${'x'.repeat(43)}`).expect(401);
    expect(forged.body.code).toBe('invalid_api_key');
    const listed = (await testApp.http.get('/api/v1/api-keys').set(integrator).expect(200)).body as { id: string; lastUsedAt: string | null }[];
    expect(listed.find((item) => item.id === apiKey.id)?.lastUsedAt).not.toBeNull();
  });

  it('stops a revoked key and an expired key at once', async () => {
    const { key } = await createKey({ name: 'Short-lived', scopes: ['registry:read'], expiresAt: new Date(testApp.clock.now().getTime() + 3_600_000).toISOString() });
    const auth = { Authorization: `Bearer ${key}` };
    await testApp.http.get('/api/v1/registry/firms?q=rossi').set(auth).expect(200);
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 2 * 3_600_000));
    expect((await testApp.http.get('/api/v1/registry/firms?q=rossi').set(auth).expect(401)).body.code).toBe('invalid_api_key');

    const other = await createKey({ name: 'Revoked soon', scopes: ['registry:read'] });
    await testApp.http.delete(`/api/v1/api-keys/${other.apiKey.id}`).set(integrator).expect(200);
    await testApp.http.get('/api/v1/registry/firms?q=rossi').set('Authorization', `Bearer ${other.key}`).expect(401);
    await testApp.http.delete(`/api/v1/api-keys/${other.apiKey.id}`).set(integrator).expect(404);
  });

  it('never lets one user revoke or see another user\'s key', async () => {
    const { apiKey } = await createKey({ name: 'Mine', scopes: ['registry:read'] });
    const admin = await testApp.signIn('admin');
    await testApp.http.delete(`/api/v1/api-keys/${apiKey.id}`).set(admin.auth).expect(404);
    expect((await testApp.http.get('/api/v1/api-keys').set(admin.auth).expect(200)).body).toEqual([]);
    const auditor = await testApp.signIn('auditor');
    await testApp.http.get('/api/v1/api-keys').set(auditor.auth).expect(403);
  });

  it('lets an integrator sign up in the browser and land on the integrations page', async () => {
    const web = new WebVisitor(testApp.app);
    await expectStatus(web.get('/registrati'), 200);
    const response = await expectStatus(web.submit('/registrati', { displayName: 'App Chiamate', email: 'app@chiamate.example.it', password: 'una-password-lunga', accountType: 'integrator' }), 303);
    expect(response.headers.location).toBe('/area/integrazioni');
    const home = await expectStatus(web.follow(response), 200);
    expect(home.text).toContain('Chiavi API');
  });

  it('manages keys in the workspace: created and shown once, revoked after a confirmation page', async () => {
    const firm = await testApp.signIn('firm');
    const web = new WebVisitor(testApp.app);
    await web.signIn(firm.email, firm.password);
    const home = await expectStatus(web.get('/area/integrazioni'), 200);
    expect(home.text).toContain('Non hai ancora creato chiavi API.');
    const invalid = await expectStatus(web.submit('/area/integrazioni/chiavi', { name: '', expiresOn: '' }), 400);
    expect(invalid.text).toContain('Scrivi un nome da 1 a 80 caratteri.');
    expect(invalid.text).toContain('Scegli almeno un permesso.');
    const created = await expectStatus(web.submit('/area/integrazioni/chiavi', { name: 'Centralino', scopeRegistry: 'si', expiresOn: '' }), 201);
    const key = /<code id="new-api-key">(aq_[A-Za-z0-9_-]{43})<\/code>/.exec(created.text)?.[1];
    expect(key).toBeDefined();
    const again = await expectStatus(web.get('/area/integrazioni'), 200);
    expect(again.text).not.toContain(key!);
    const revokeUrl = /href="(\/area\/integrazioni\/chiavi\/[0-9a-f-]+\/revoca)"/.exec(again.text)?.[1];
    const confirm = await expectStatus(web.get(revokeUrl!), 200);
    expect(confirm.text).toContain('Vuoi revocare la chiave «Centralino»');
    await testApp.http.get('/api/v1/registry/firms?q=rossi').set('Authorization', `Bearer ${key}`).expect(200);
    const revoked = await expectStatus(web.submit(revokeUrl!, {}), 303);
    const after = await expectStatus(web.follow(revoked), 200);
    expect(after.text).toContain('revocata');
    await testApp.http.get('/api/v1/registry/firms?q=rossi').set('Authorization', `Bearer ${key}`).expect(401);
  });
});
