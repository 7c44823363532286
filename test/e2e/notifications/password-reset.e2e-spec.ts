import { DataSource } from 'typeorm';
import { eventually } from '../../support/eventually';
import { htmlLinks, SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebVisitor } from '../../support/web-visitor';

const BASE_URL = 'https://aq.example.it';
const ANSWER = 'If an account has this address, a link to choose a new password is on its way; it works once, for one hour.';

describe('password reset by e-mail (HTTP and pages, PostgreSQL server, in-process SMTP server)', () => {
  let sink: SmtpSink;
  let testApp: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await startTestApp({ env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: BASE_URL, WORKER_IN_PROCESS: 'true' } });
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  const messagesTo = (address: string, subject: string) =>
    eventually(() => {
      const found = sink.to(address).filter((mail) => mail.parsed.subject === subject);
      expect(found.length).toBeGreaterThan(0);
      return Promise.resolve(found);
    }, 20_000, 100);
  const resetLinkOf = async (address: string) => {
    const [mail] = await messagesTo(address, 'Reimposta la password di Azienda Qualificata');
    const link = htmlLinks(mail).find((href) => href.startsWith(`${BASE_URL}/accedi/nuova-password?token=`));
    expect(mail.parsed.text).toContain(link!);
    return link!;
  };

  it('answers the same for an unknown address, sends a single-use link valid one hour, ends every session and tells the account', async () => {
    const user = await testApp.signIn('firm');
    const other = await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);

    const unknown = await testApp.http.post('/api/v1/auth/password-reset').send({ email: 'nobody-here@example.it' }).expect(202);
    const known = await testApp.http.post('/api/v1/auth/password-reset').send({ email: user.email.toUpperCase() }).expect(202);
    expect(unknown.body).toEqual({ message: ANSWER });
    expect(known.body).toEqual(unknown.body);

    const link = await resetLinkOf(user.email);
    const token = new URL(link).searchParams.get('token')!;
    const [stored] = await testApp.app.get(DataSource).query<{ token_hash: string }[]>(`SELECT token_hash FROM password_reset_token t JOIN user_account u ON u.id = t.user_id WHERE u.email = $1`, [user.email]);
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const form = await testApp.http.get(link.slice(BASE_URL.length)).expect(200);
    expect(form.text).toContain('Scegli una nuova password');

    const short = await testApp.http.post('/api/v1/auth/password-reset/confirm').send({ token, newPassword: 'short' }).expect(400);
    expect(short.body.details.fields.newPassword).toEqual(['newPassword must be at least 12 characters long']);
    await testApp.http.post('/api/v1/auth/password-reset/confirm').send({ token, newPassword: 'the brand new password' }).expect(204);
    const again = await testApp.http.post('/api/v1/auth/password-reset/confirm').send({ token, newPassword: 'yet another password' }).expect(422);
    expect(again.body.code).toBe('invalid_reset_token');

    await testApp.http.get('/api/v1/auth/me').set(user.auth).expect(401);
    await testApp.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${other.body.token}` }).expect(401);
    await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: 'the brand new password' }).expect(200);
    await messagesTo(user.email, 'La password del tuo account è stata cambiata');
    expect(sink.to('nobody-here@example.it')).toEqual([]);
  });

  it('refuses a link after one hour, and sends at most three links an hour', async () => {
    const user = await testApp.signIn('auditor');
    await testApp.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
    const token = new URL(await resetLinkOf(user.email)).searchParams.get('token')!;
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 60 * 60_000 + 1));
    await testApp.http.post('/api/v1/auth/password-reset/confirm').send({ token, newPassword: 'the brand new password' }).expect(422);
    const expiredPage = await testApp.http.get(`/accedi/nuova-password?token=${token}`).expect(410);
    expect(expiredPage.text).toContain('Collegamento non valido');

    for (let i = 0; i < 4; i++) await testApp.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
    const [{ count }] = await testApp.app.get(DataSource).query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM password_reset_token t JOIN user_account u ON u.id = t.user_id WHERE u.email = $1`,
      [user.email],
    );
    expect(count).toBe(4);
  });

  it('works in the browser from "Password dimenticata?" on the sign-in page', async () => {
    const user = await testApp.signIn('reviewer');
    const visitor = new WebVisitor(testApp.app);
    const signIn = await visitor.get('/accedi');
    expect(signIn.text).toContain('href="/accedi/password-dimenticata">Password dimenticata?</a>');
    await visitor.get('/accedi/password-dimenticata');
    const bad = await visitor.submit('/accedi/password-dimenticata', { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Scrivi un indirizzo e-mail valido');
    await visitor.get('/accedi/password-dimenticata');
    const sent = await visitor.submit('/accedi/password-dimenticata', { email: user.email });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Controlla la posta');
    await visitor.get('/accedi/password-dimenticata');
    const sentUnknown = await visitor.submit('/accedi/password-dimenticata', { email: 'stranger@example.it' });
    expect(sentUnknown.text.replace(/name="_csrf" value="[^"]*"/g, '')).toBe(sent.text.replace(/name="_csrf" value="[^"]*"/g, ''));

    const link = await resetLinkOf(user.email);
    await visitor.get(link.slice(BASE_URL.length));
    const done = await visitor.submit('/accedi/nuova-password', { token: new URL(link).searchParams.get('token')!, newPassword: 'chosen in the browser' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/accedi');
    await testApp.http.post('/api/v1/auth/login').send({ email: user.email, password: 'chosen in the browser' }).expect(200);
  });
});
