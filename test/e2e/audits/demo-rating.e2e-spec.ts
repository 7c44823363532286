import { startTestApp, TestApp } from '../../support/test-app';

describe('demo data: a firm audited and approved through the platform', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { DEMO_DATA: 'true' } });
  });
  afterAll(() => testApp.close());

  it('shows the demo reviewer a decided audit whose firm holds an active rating', async () => {
    const login = await testApp.http.post('/api/v1/auth/login').send({ email: 'deliberante@demo.aziendaqualificata.it', password: 'demo-reviewer-password' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const decided = await testApp.http.get('/api/v1/audits').query({ status: 'decided' }).set(auth).expect(200);
    expect(decided.body.items).toEqual([expect.objectContaining({ firmName: 'Servizi Clienti Qualificati S.p.A.', auditorName: 'Valeria Valutatrice', proposedOutcome: 'approve' })]);
    const ratings = await testApp.http.get('/api/v1/ratings').query({ firmId: decided.body.items[0].firmId }).set(auth).expect(200);
    expect(ratings.body).toEqual([expect.objectContaining({ status: 'active', certificateNumber: expect.stringMatching(/^AQ-\d{4}-000001$/) })]);
  });
});
