import { MailReminders } from '@app/notifications';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { submittedApplication } from '../../factories/audit.factory';
import { registerFirm } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebVisitor } from '../../support/web-visitor';

const BASE_URL = 'https://aq.example.it';

interface StoredMail {
  kind: string;
  status: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  language: string;
}

describe('e-mail preferences, one-click unsubscribe (RFC 8058) and the daily digest (PostgreSQL server)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: BASE_URL } });
  });
  afterAll(() => testApp.close());

  const mailTo = (recipient: string) =>
    testApp.app.get(DataSource).query<StoredMail[]>(`SELECT kind, status, subject, text, headers, language FROM mail_message WHERE recipient = $1 ORDER BY created_at, kind`, [recipient]);

  it('puts an unsubscribe link and List-Unsubscribe headers on optional messages only, and a one-click POST turns the kind off', async () => {
    const firm = await registerFirm(testApp);
    await submittedApplication(testApp, firm);
    const [received] = await mailTo(firm.owner.email);
    expect(received.kind).toBe('application_received');
    const oneClick = received.headers['List-Unsubscribe'].slice(1, -1);
    expect(oneClick).toMatch(new RegExp(`^${BASE_URL}/api/v1/mail/unsubscribe/[0-9a-f]{64}\\?kind=application_received$`));
    expect(received.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const token = oneClick.split('/').pop()!.split('?')[0];
    const page = `/posta/disiscrizione/${token}?tipo=application_received`;
    expect(received.text).toContain(`Non ricevere più questi messaggi: ${BASE_URL}${page}`);

    // A mail client's one-click POST, without cookies or form token.
    await testApp.http.post(oneClick.slice(BASE_URL.length)).type('form').send('List-Unsubscribe=One-Click').expect(204);
    const prefs = await testApp.http.get('/api/v1/mail/preferences').set(firm.owner.auth).expect(200);
    expect(prefs.body).toEqual({ language: 'it', dailyDigest: false, mutedKinds: ['application_received'] });

    // The footer's page asks first, then unsubscribes with its button.
    const visitor = new WebVisitor(testApp.app);
    const confirm = await visitor.get(`/posta/disiscrizione/${token}?tipo=expiry_reminder`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('«Promemoria della scadenza del rating (90, 30 e 7 giorni prima)»');
    const done = await visitor.submit(`/posta/disiscrizione/${token}?tipo=expiry_reminder`, { lang: 'it' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('non riceverai più i messaggi di questo tipo');
    const after = await testApp.http.get('/api/v1/mail/preferences').set(firm.owner.auth).expect(200);
    expect(after.body.mutedKinds).toEqual(['application_received', 'expiry_reminder']);

    // A guessed token, or a kind that cannot be turned off, is no link.
    await testApp.http.post(`/api/v1/mail/unsubscribe/${'0'.repeat(64)}?kind=application_received`).type('form').send('List-Unsubscribe=One-Click').expect(404);
    const legal = await testApp.http.post(`/api/v1/mail/unsubscribe/${token}?kind=rating_revoked`).type('form').send('List-Unsubscribe=One-Click').expect(400);
    expect(legal.body.details.fields.kind[0]).toMatch(/^kind must be one of application_received, /);
    expect((await visitor.get(`/posta/disiscrizione/${token}?tipo=rating_revoked`)).status).toBe(404);
  });

  it('refuses to turn off legal and security messages, and writes in the language chosen', async () => {
    const firm = await registerFirm(testApp);
    const refused = await testApp.http.put('/api/v1/mail/preferences').set(firm.owner.auth).send({ language: 'en', dailyDigest: false, mutedKinds: ['rating_revoked'] }).expect(400);
    expect(refused.body.details.fields.mutedKinds[0]).toMatch(/^each of mutedKinds must be one of application_received, /);
    await testApp.http.put('/api/v1/mail/preferences').set(firm.owner.auth).send({ language: 'en', dailyDigest: false, mutedKinds: [] }).expect(200);
    await submittedApplication(testApp, firm);
    const [received] = await mailTo(firm.owner.email);
    expect(received).toMatchObject({ language: 'en', subject: expect.stringMatching(/^Application received: /) });
  });

  it('gathers a digest reader\'s optional messages in one a day, and sends the rest at once', async () => {
    const firm = await registerFirm(testApp);
    const visitor = new WebVisitor(testApp.app);
    await visitor.signIn(firm.owner.email, firm.owner.password);
    const form = await visitor.get('/area/notifiche');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Promemoria della scadenza del rating');
    const saved = await visitor.submit('/area/notifiche', { language: 'it', dailyDigest: '1', receive_application_received: '1', receive_expiry_reminder: '1' });
    expect(saved.status).toBe(303);
    const prefs = await testApp.http.get('/api/v1/mail/preferences').set(firm.owner.auth).expect(200);
    expect(prefs.body).toEqual({ language: 'it', dailyDigest: true, mutedKinds: ['certificate_ready', 'question_reminder', 'report_answer_reminder', 'watch_status_changed'] });

    await submittedApplication(testApp, firm);
    expect((await mailTo(firm.owner.email)).map((mail) => [mail.kind, mail.status])).toEqual([['application_received', 'digest']]);
    const sweep = () => testApp.app.get(ClsService).run(() => testApp.app.get(MailReminders).digests());
    await sweep();
    expect((await mailTo(firm.owner.email)).map((mail) => mail.kind)).toEqual(['application_received']);
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 86_400_000));
    await sweep();
    await sweep();
    const mail = await mailTo(firm.owner.email);
    expect(mail.map((m) => [m.kind, m.status])).toEqual([['application_received', 'digested'], ['daily_digest', 'held']]);
    expect(mail[1].text).toMatch(/• Domanda ricevuta: /);
    expect(mail[1].text).toContain(`${BASE_URL}/area/notifiche`);
  });
});
