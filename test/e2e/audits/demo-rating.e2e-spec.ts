import { vatCheckDigit } from '@app/firms';
import { startTestApp, TestApp } from '../../support/test-app';

const vat = (prefix: string) => `${prefix}${vatCheckDigit(prefix)}`;

describe('demo data: firms audited and approved through the platform, one suspended and one revoked since', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { DEMO_DATA: 'true' } });
  });
  afterAll(() => testApp.close());

  it('shows the demo reviewer the decided audits, and the public registry every status', async () => {
    const login = await testApp.http.post('/api/v1/auth/login').send({ email: 'deliberante@demo.aziendaqualificata.it', password: 'demo-reviewer-password' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const decided = await testApp.http.get('/api/v1/audits').query({ status: 'decided' }).set(auth).expect(200);
    expect(decided.body.items.map((audit: { firmName: string }) => audit.firmName).sort()).toEqual([
      'Servizi Clienti Qualificati S.p.A.',
      'Teleassistenza Sospesa S.r.l.',
      'Vendite Telefoniche Revocate S.r.l.',
    ]);
    const qualified = decided.body.items.find((audit: { firmName: string }) => audit.firmName === 'Servizi Clienti Qualificati S.p.A.');
    expect(qualified).toEqual(expect.objectContaining({ auditorName: 'Valeria Valutatrice', proposedOutcome: 'approve' }));
    const ratings = await testApp.http.get('/api/v1/ratings').query({ firmId: qualified.firmId }).set(auth).expect(200);
    expect(ratings.body).toEqual([expect.objectContaining({ status: 'active', certificateNumber: expect.stringMatching(/^AQ-\d{4}-000001$/) })]);

    const statusOf = async (prefix: string) => (await testApp.http.get(`/api/v1/registry/firms/${vat(prefix)}`).expect(200)).body.status as string;
    expect([await statusOf('0987654321'), await statusOf('0555444333'), await statusOf('0666777888')]).toEqual(['active', 'suspended', 'revoked']);
  });

  it('leaves work for the staff: an application to assign and an audit to run', async () => {
    const login = await testApp.http.post('/api/v1/auth/login').send({ email: 'valutatore@demo.aziendaqualificata.it', password: 'demo-auditor-password' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const assigned = await testApp.http.get('/api/v1/audits').query({ status: 'in_progress' }).set(auth).expect(200);
    expect(assigned.body.items.map((audit: { firmName: string }) => audit.firmName)).toContain('Assistenza In Verifica S.p.A.');
  });
});
