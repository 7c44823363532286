import { startTestApp, TestApp } from '../../support/test-app';
import { WebVisitor } from '../../support/web-visitor';

describe('e-mail without an SMTP server on the embedded database: kept for admins ("Posta inviata")', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded', env: { WORKER_IN_PROCESS: 'true' } });
  });
  afterAll(() => testApp.close());

  it('keeps the message in the outbox, unsent, and shows it to admins only', async () => {
    const admin = await testApp.signIn('admin');
    const firmUser = await testApp.signIn('firm');
    await testApp.http.post('/api/v1/auth/password').set(firmUser.auth).send({ currentPassword: firmUser.password, newPassword: 'another password 2026' }).expect(204);

    const page = await testApp.http.get('/api/v1/mail/messages').set(admin.auth).expect(200);
    const message = (page.body.items as { recipient: string; id: string; status: string; subject: string }[]).find((item) => item.recipient === firmUser.email);
    expect(message).toMatchObject({ status: 'held', subject: 'La password del tuo account è stata cambiata' });
    const held = await testApp.http.get('/api/v1/mail/messages?status=held').set(admin.auth).expect(200);
    expect(held.body.items.map((item: { id: string }) => item.id)).toContain(message!.id);
    const detail = await testApp.http.get(`/api/v1/mail/messages/${message!.id}`).set(admin.auth).expect(200);
    expect(detail.body.text).toContain(firmUser.email);
    expect(detail.body.html).toContain('<html lang="it">');

    await testApp.http.get('/api/v1/mail/messages').set(firmUser.auth).expect(403);
    const refused = await testApp.http.get('/api/v1/mail/messages?status=lost').set(admin.auth).expect(400);
    expect(refused.body.details.fields.status).toEqual(['status must be one of held, pending, sending, sent, failed, digest, digested']);

    const visitor = new WebVisitor(testApp.app);
    await visitor.signIn(admin.email, admin.password);
    const list = await visitor.get('/area/amministrazione/posta?stato=held');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Posta inviata');
    expect(list.text).toContain(firmUser.email);
    expect(list.text).toContain('Non inviato (nessun server SMTP)');
    const shown = await visitor.get(`/area/amministrazione/posta/${message!.id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(`la password dell&#x27;account ${firmUser.email}`);
  });
});
