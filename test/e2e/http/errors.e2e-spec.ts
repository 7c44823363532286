import { startTestApp, TestApp } from '../../support/test-app';

describe('errors have one shape and are never 500 for bad input', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  const expectErrorShape = (body: Record<string, unknown>, statusCode: number, code: string) => {
    expect(body).toEqual({ statusCode, code, message: expect.any(String), requestId: expect.any(String), ...(body.details ? { details: body.details } : {}) });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT/);
  };

  it('malformed JSON is a 400', async () => {
    const response = await testApp.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.it", ').expect(400);
    expectErrorShape(response.body, 400, 'bad_request');
  });

  it('unknown fields are refused by name', async () => {
    const response = await testApp.http.post('/api/v1/auth/login').send({ email: 'a@b.it', password: 'x', isAdmin: true }).expect(400);
    expectErrorShape(response.body, 400, 'validation_failed');
    expect(response.body.details).toEqual({ fields: { isAdmin: ['property isAdmin should not exist'] } });
  });

  it('wrong types get one clear message per field', async () => {
    const response = await testApp.http.post('/api/v1/auth/signup').send({ email: 42, displayName: ['x'], password: true }).expect(400);
    expect(response.body.details.fields).toEqual({
      email: ['email must be a valid e-mail address'],
      displayName: ['displayName must be a string'],
      password: ['password must be a string'],
    });
  });

  it('a body too large is a 413', async () => {
    const response = await testApp.http.post('/api/v1/auth/login').send({ email: 'x'.repeat(2 * 1024 * 1024), password: 'x' }).expect(413);
    expectErrorShape(response.body, 413, 'payload_too_large');
  });

  it('a malformed id in the path is a 400, not a database error', async () => {
    const admin = await testApp.signIn('admin');
    const response = await testApp.http.get('/api/v1/users/not-a-uuid').set(admin.auth).expect(400);
    expect(response.body.details.fields.id).toEqual(['id must be a UUID']);
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const response = await testApp.http.get('/api/v1/nothing-here').expect(404);
    expectErrorShape(response.body, 404, 'not_found');
  });

  it('a bad query parameter is a 400', async () => {
    const admin = await testApp.signIn('admin');
    const response = await testApp.http.get('/api/v1/users?page=-1&pageSize=abc').set(admin.auth).expect(400);
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['page', 'pageSize']);
  });

  it('echoes a well-formed request id and replaces a hostile one', async () => {
    const echoed = await testApp.http.get('/health').set('X-Request-Id', 'trace-0123456789').expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-0123456789');
    const replaced = await testApp.http.get('/health').set('X-Request-Id', '<script>alert(1)</script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const response = await testApp.http.get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    await testApp.http.get('/health').expect(200);
    const ready = await testApp.http.get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
    expect(ready.body.info.certificateRenderer).toEqual({ status: 'up', detail: 'Certificates are rendered by the worker process, not by this one' });
    const openApi = await testApp.http.get('/api/docs-json').expect(200);
    expect(openApi.body.paths['/api/v1/auth/login'].post).toBeDefined();
    for (const [page, item] of [['UserPageResponse', 'UserResponse'], ['AuditPageResponse', 'AuditSummaryResponse'], ['CallingNumberPageResponse', 'CallingNumberResponse']]) {
      expect({ page, schema: openApi.body.components.schemas[page] }).toMatchObject({
        page,
        schema: { properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } }, total: { type: 'number' }, page: { type: 'number' }, pageSize: { type: 'number' } } },
      });
    }
    await testApp.http.get('/api/docs').expect(200);
  });
});
