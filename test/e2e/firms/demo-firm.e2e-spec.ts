import { startTestApp, TestApp } from '../../support/test-app';

describe('demo data: the demo firm user has a registered firm and a draft application', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { DEMO_DATA: 'true' } });
  });
  afterAll(() => testApp.close());

  it('signs in as the demo firm user and finds the firm, its numbers and its draft', async () => {
    const login = await testApp.http.post('/api/v1/auth/login').send({ email: 'azienda@demo.aziendaqualificata.it', password: 'demo-firm-password' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const me = await testApp.http.get('/api/v1/auth/me').set(auth).expect(200);
    expect(me.body.firmId).toEqual(expect.any(String));
    const firm = await testApp.http.get(`/api/v1/firms/${me.body.firmId}`).set(auth).expect(200);
    expect(firm.body).toMatchObject({ legalName: 'Contact Center Demo S.r.l.', vatNumber: '12345678903' });
    const numbers = await testApp.http.get(`/api/v1/firms/${me.body.firmId}/numbers`).set(auth).expect(200);
    expect(numbers.body.total).toBe(3);
    const applications = await testApp.http.get('/api/v1/applications').set(auth).expect(200);
    expect(applications.body.items).toEqual([expect.objectContaining({ state: 'draft', firmId: me.body.firmId })]);
  });
});
