import { MailDelivery, WatchList } from '@app/notifications';
import { RatingsService } from '@app/ratings';
import { ClsService } from 'nestjs-cls';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { registerFirm, validVatNumber } from '../../factories/firm.factory';
import { issueRating } from '../../factories/rating.factory';
import { listedFirm, ListedFirm, reinstateRating, revokeRating, suspendRating } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import { htmlLinks, ReceivedMail, SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebVisitor } from '../../support/web-visitor';

const BASE_URL = 'https://aq.example.it';
const ANSWER = 'If the address is valid you will receive a confirmation e-mail; the link in it works once, for 48 hours.';
const HOUR_MS = 60 * 60_000;

let addressCounter = 0;
/** A header as sent (mailparser turns List-* headers into objects). */
const rawHeader = (mail: ReceivedMail, name: string) =>
  mail.parsed.headerLines.find((header) => header.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n[ \t]+/g, '');
const newAddress = () => `watcher-${process.pid}-${++addressCounter}@example.it`;

describe('watch lists: following a firm by e-mail (double opt-in, one-click unsubscribe) and signed-in lists (HTTP and pages, PostgreSQL server, in-process SMTP server)', () => {
  let sink: SmtpSink;
  let testApp: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await startTestApp({ env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: BASE_URL, WORKER_IN_PROCESS: 'true', WATCH_SUBSCRIBE_PER_ADDRESS_PER_HOUR: '3', WATCH_SUBSCRIBE_PER_IP_PER_HOUR: '20' } });
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  const db = () => testApp.app.get(DataSource);
  /** The rate limits count in clock hours: each test starts in an hour of its own. */
  const nextHour = () => testApp.clock.set(new Date(testApp.clock.now().getTime() + HOUR_MS));
  const messagesTo = (address: string, subject: RegExp, count = 1) =>
    eventually(() => {
      const found = sink.to(address).filter((mail) => subject.test(mail.parsed.subject ?? ''));
      expect(found).toHaveLength(count);
      return Promise.resolve(found);
    }, 20_000, 100);
  const confirmLinkOf = (mail: ReceivedMail) => {
    const link = htmlLinks(mail).find((href) => href.startsWith(`${BASE_URL}/segui/conferma?token=`));
    expect(mail.parsed.text).toContain(link!);
    return link!;
  };
  const subscribe = (vatNumber: string, email: string, language?: string) =>
    testApp.http.post('/api/v1/watch/subscriptions').send({ vatNumber, email, ...(language ? { language } : {}) });
  const confirmedWatcher = async (listed: ListedFirm, email: string) => {
    await subscribe(listed.firm.vatNumber, email).expect(202);
    const [mail] = await messagesTo(email, /^Conferma: aggiornamenti su /);
    await testApp.http.post('/api/v1/watch/confirm').send({ token: new URL(confirmLinkOf(mail)).searchParams.get('token') }).expect(200);
  };

  it('subscribes from the firm\'s registry page in Italian, confirms once with the link, and answers the same whatever the address', async () => {
    nextHour();
    const listed = await listedFirm(testApp);
    const visitor = new WebVisitor(testApp.app);
    const firmPage = await visitor.get(`/registro/${listed.firm.vatNumber}`);
    expect(firmPage.text).toContain(`href="/registro/${listed.firm.vatNumber}/segui"`);
    const form = await visitor.get(`/registro/${listed.firm.vatNumber}/segui`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="email">Indirizzo e-mail</label>');
    expect(form.text).toContain('href="/privacy#aziende-seguite"');

    const bad = await visitor.submit(`/registro/${listed.firm.vatNumber}/segui`, { email: 'not an address', lang: 'it' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Scrivi un indirizzo e-mail valido');
    expect(bad.text).toContain('aria-invalid="true"');

    const email = newAddress();
    await visitor.get(`/registro/${listed.firm.vatNumber}/segui`);
    const sent = await visitor.submit(`/registro/${listed.firm.vatNumber}/segui`, { email, lang: 'it' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('è valido riceverai un messaggio di conferma');

    const [mail] = await messagesTo(email, /^Conferma: aggiornamenti su /);
    expect(mail.parsed.text).toContain(listed.firm.vatNumber);
    const link = confirmLinkOf(mail);
    const token = new URL(link).searchParams.get('token')!;
    const [stored] = await db().query<{ confirm_token_hash: string; confirmed_at: Date | null }[]>(`SELECT confirm_token_hash, confirmed_at FROM firm_watch WHERE email = $1`, [email]);
    expect(stored).toEqual({ confirm_token_hash: createHash('sha256').update(token).digest('hex'), confirmed_at: null });

    // The link's page asks first (mail scanners open links); the button confirms.
    const ask = await visitor.get(link.slice(BASE_URL.length));
    expect(ask.status).toBe(200);
    expect(ask.text).toContain(`partita IVA ${listed.firm.vatNumber}`);
    const done = await visitor.submit('/segui/conferma', { token, lang: 'it' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Fatto: riceverai un messaggio');
    const again = await visitor.submit('/segui/conferma', { token, lang: 'it' });
    expect(again.status).toBe(410);
    expect(again.text).toContain('Collegamento non valido');
    const reused = await testApp.http.post('/api/v1/watch/confirm').send({ token }).expect(422);
    expect(reused.body.code).toBe('invalid_watch_token');

    // Confirmed, new, or a stranger's: the same answer; a confirmed address gets no new message.
    const confirmedAgain = await subscribe(listed.firm.vatNumber, email.toUpperCase()).expect(202);
    const stranger = await subscribe(listed.firm.vatNumber, newAddress()).expect(202);
    expect(confirmedAgain.body).toEqual({ message: ANSWER });
    expect(stranger.body).toEqual(confirmedAgain.body);
    await messagesTo(email, /^Conferma: aggiornamenti su /, 1);
  });

  it('refuses bad input with a clear 4xx: a malformed address or VAT number, a firm not in the registry, an expired token', async () => {
    nextHour();
    const listed = await listedFirm(testApp);
    const badEmail = await subscribe(listed.firm.vatNumber, 'mario@').expect(400);
    expect(badEmail.body.details.fields.email).toEqual(['email must be a valid e-mail address']);
    await subscribe('12345', newAddress()).expect(400);
    const unknown = await subscribe(validVatNumber(), newAddress()).expect(404);
    expect(unknown.body.code).toBe('firm_not_in_registry');
    const badToken = await testApp.http.post('/api/v1/watch/confirm').send({ token: 'abc' }).expect(400);
    expect(badToken.body.details.fields.token).toEqual(['token must be the token of a confirmation link']);

    const email = newAddress();
    await subscribe(listed.firm.vatNumber, email, 'en').expect(202);
    const [mail] = await messagesTo(email, /^Confirm: updates about /);
    const token = new URL(confirmLinkOf(mail)).searchParams.get('token')!;
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 48 * HOUR_MS + 1));
    const expired = await testApp.http.post('/api/v1/watch/confirm').send({ token }).expect(422);
    expect(expired.body.code).toBe('invalid_watch_token');
    const expiredPage = await testApp.http.get(`/segui/conferma?token=${token}&lang=en`).set('accept', 'text/html').expect(410);
    expect(expiredPage.text).toContain('Link not valid');

    // Never confirmed: the address and its confirmation message are deleted by the sweep.
    const purged = await testApp.app.get(ClsService).run(() => testApp.app.get(WatchList).purgeUnconfirmed());
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await db().query(`SELECT 1 FROM firm_watch WHERE email = $1`, [email])).toEqual([]);
    expect(await db().query(`SELECT 1 FROM mail_message WHERE recipient = $1`, [email])).toEqual([]);
  });

  it('limits subscriptions per address and per IP with 429 and Retry-After', async () => {
    nextHour();
    const listed = await listedFirm(testApp);
    const email = newAddress();
    for (let i = 0; i < 3; i++) await subscribe(listed.firm.vatNumber, email).expect(202);
    const limited = await subscribe(listed.firm.vatNumber, email).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Three asked, one row; each new token replaced the last one.
    const rows = await db().query<{ count: number }[]>(`SELECT count(*)::int AS count FROM firm_watch WHERE email = $1`, [email]);
    expect(rows[0].count).toBe(1);

    for (let i = 0; i < 16; i++) await subscribe(listed.firm.vatNumber, newAddress()).expect(202);
    const byIp = await subscribe(listed.firm.vatNumber, newAddress()).expect(429);
    expect(byIp.body.message).toMatch(/from your address: at most 20 an hour/);
    nextHour();
    await subscribe(listed.firm.vatNumber, newAddress()).expect(202);
  });

  it('sends each public change once to each confirmed watcher, with RFC 8058 headers; one click deletes the address and its messages', async () => {
    nextHour();
    const listed = await listedFirm(testApp);
    const watcher = newAddress();
    const pending = newAddress();
    await confirmedWatcher(listed, watcher);
    await subscribe(listed.firm.vatNumber, pending).expect(202);

    await suspendRating(testApp, listed);
    await reinstateRating(testApp, listed);
    await revokeRating(testApp, listed);
    const [suspended] = await messagesTo(watcher, /: rating sospeso$/);
    await messagesTo(watcher, /: rating riattivato$/);
    const [revoked] = await messagesTo(watcher, /: rating revocato$/);
    expect(sink.to(pending).filter((mail) => /: rating /.test(mail.parsed.subject ?? ''))).toEqual([]);
    expect(suspended.parsed.text).toContain('Motivo: irregolarità riscontrate');
    expect(revoked.parsed.text).toContain('Nota pubblicata nel registro: Chiamate senza consenso documentate');
    expect(revoked.parsed.text).toContain(`${BASE_URL}/registro/${listed.firm.vatNumber}`);

    // The send job run again for every message of the watcher sends nothing twice.
    const ids = await db().query<{ id: string }[]>(`SELECT id FROM mail_message WHERE recipient = $1`, [watcher]);
    await testApp.app.get(ClsService).run(() => testApp.app.get(MailDelivery).deliver(ids.map(({ id }, index) => ({ id: `again-${index}`, data: { messageId: id }, retryCount: 0, lastAttempt: false }))));
    expect(sink.to(watcher)).toHaveLength(4);

    const oneClick = rawHeader(revoked, 'list-unsubscribe')!;
    expect(oneClick).toMatch(new RegExp(`^<${BASE_URL}/api/v1/watch/unsubscribe/[0-9a-f]{64}>$`));
    expect(rawHeader(revoked, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const token = oneClick.slice(1, -1).split('/').pop()!;
    expect(revoked.parsed.text).toContain(`${BASE_URL}/segui/disiscrizione/${token}`);

    const visitor = new WebVisitor(testApp.app);
    const ask = await visitor.get(`/segui/disiscrizione/${token}`);
    expect(ask.text).toContain('Il tuo indirizzo sarà cancellato');
    await testApp.http.post(oneClick.slice(1 + BASE_URL.length, -1)).type('form').send('List-Unsubscribe=One-Click').expect(204);
    expect(await db().query(`SELECT 1 FROM firm_watch WHERE email = $1`, [watcher])).toEqual([]);
    expect(await db().query(`SELECT 1 FROM mail_message WHERE recipient = $1`, [watcher])).toEqual([]);
    // Twice, or from the page after the one click: done, nothing to say about the address.
    await testApp.http.post(oneClick.slice(1 + BASE_URL.length, -1)).type('form').send('List-Unsubscribe=One-Click').expect(204);
    const done = await visitor.submit(`/segui/disiscrizione/${token}`, { lang: 'it' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('il tuo indirizzo è stato cancellato');
  });

  it('tells watchers of an expiry once, from the lapse job that records it', async () => {
    nextHour();
    const listed = await listedFirm(testApp);
    const watcher = newAddress();
    await confirmedWatcher(listed, watcher);
    testApp.clock.set(new Date(new Date(listed.rating.validUntil).getTime() + 60_000));
    const ratings = testApp.app.get(RatingsService);
    await testApp.app.get(ClsService).run(() => ratings.recordLapses());
    await testApp.app.get(ClsService).run(() => ratings.recordLapses());
    const [expired] = await messagesTo(watcher, /: rating scaduto$/);
    expect(expired.parsed.text).toMatch(/Data: \d{2}\/\d{2}\/\d{4}/);
    const [{ count }] = await db().query<{ count: number }[]>(`SELECT count(*)::int AS count FROM mail_message WHERE recipient = $1 AND kind = 'watch_status_changed'`, [watcher]);
    expect(count).toBe(1);
  });

  it('keeps a signed-in user\'s list of VAT numbers (add, remove, CSV up and down, all or nothing) and tells the account of changes', async () => {
    nextHour();
    const listed = await listedFirm(testApp);
    const user = await testApp.signIn('integrator');
    const other = validVatNumber();
    await testApp.http.get('/api/v1/watch/list').expect(401);
    await testApp.http.put(`/api/v1/watch/list/IT${listed.firm.vatNumber}`).set(user.auth).expect(200);
    const added = await testApp.http.put(`/api/v1/watch/list/${other}`).set(user.auth).expect(200);
    expect(added.body.vatNumbers).toEqual([listed.firm.vatNumber, other].sort());
    const badVat = await testApp.http.put('/api/v1/watch/list/01234567890').set(user.auth).expect(400);
    expect(badVat.body.code).toBe('invalid_vat_number');
    await testApp.http.delete(`/api/v1/watch/list/${other}`).set(user.auth).expect(204);

    const refused = await testApp.http
      .put('/api/v1/watch/list.csv')
      .set(user.auth)
      .attach('file', Buffer.from(`partita_iva\n${other}\nnot a number\n\n01234567890\n`), { filename: 'lista.csv', contentType: 'text/csv' })
      .expect(400);
    expect(refused.body.code).toBe('watch_list_refused');
    expect(refused.body.details.errors).toEqual([
      { line: 3, value: 'not a number', reason: 'not digits only' },
      { line: 5, value: '01234567890', reason: 'check digit fails' },
    ]);
    expect((await testApp.http.get('/api/v1/watch/list').set(user.auth).expect(200)).body.vatNumbers).toEqual([listed.firm.vatNumber]);

    const replaced = await testApp.http
      .put('/api/v1/watch/list.csv')
      .set(user.auth)
      .attach('file', Buffer.from(`\uFEFFvat_number;name\r\nIT ${listed.firm.vatNumber};Roma\r\n${other}\r\n${other}\r\n`), { filename: 'lista.csv', contentType: 'text/csv' })
      .expect(200);
    expect(replaced.body.vatNumbers).toEqual([listed.firm.vatNumber, other].sort());
    const csv = await testApp.http.get('/api/v1/watch/list.csv').set(user.auth).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toBe(`vat_number\r\n${[listed.firm.vatNumber, other].sort().join('\r\n')}\r\n`);

    await revokeRating(testApp, listed);
    const [mail] = await messagesTo(user.email, /: rating revocato$/);
    expect(rawHeader(mail, 'list-unsubscribe')).toMatch(/\/api\/v1\/mail\/unsubscribe\/[0-9a-f]{64}\?kind=watch_status_changed>$/);
  });

  it('announces the issue of a rating to the accounts that listed the VAT number before the firm was in the registry', async () => {
    nextHour();
    const firm = await registerFirm(testApp);
    const user = await testApp.signIn('integrator');
    await testApp.http.put(`/api/v1/watch/list/${firm.vatNumber}`).set(user.auth).expect(200);
    const rating = await issueRating(testApp, firm.id, await testApp.signIn('reviewer'));
    const [mail] = await messagesTo(user.email, /: rating rilasciato$/);
    expect(mail.parsed.text).toContain(`Numero dell'attestato: ${rating.certificateNumber}`);
  });

  it('shows the list in the workspace, where a file with a bad line is refused with the lines named', async () => {
    nextHour();
    const user = await testApp.signIn('firm');
    const visitor = new WebVisitor(testApp.app);
    await visitor.signIn(user.email, user.password);
    const empty = await visitor.get('/area/aziende-seguite');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Non segui ancora nessuna azienda.');
    const vatNumber = validVatNumber();
    const added = await visitor.submit('/area/aziende-seguite', { vatNumber });
    expect(added.status).toBe(303);
    const list = await visitor.get('/area/aziende-seguite');
    expect(list.text).toContain(`Ora segui ${vatNumber}.`);
    const badVat = await visitor.submit('/area/aziende-seguite', { vatNumber: '123' });
    expect(badVat.status).toBe(400);
    expect(badVat.text).toContain('Scrivi una partita IVA valida');
    await visitor.get('/area/aziende-seguite');
    const refused = await visitor.submit('/area/aziende-seguite/importa', {}, { name: 'lista.csv', bytes: Buffer.from(`${vatNumber}\nabc\n`), contentType: 'text/csv' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Righe senza una partita IVA valida: 1. L&#x27;elenco non è cambiato");
    expect(refused.text).toContain('<th scope="row">2</th><td>abc</td><td>Solo cifre, 11 (con IT davanti se vuoi).</td>');
    const csv = await visitor.agent.get('/area/aziende-seguite.csv').expect(200);
    expect(csv.text).toBe(`vat_number\r\n${vatNumber}\r\n`);
    const removed = await visitor.submit('/area/aziende-seguite/rimuovi', { vatNumber });
    expect(removed.status).toBe(303);
    expect((await visitor.get('/area/aziende-seguite')).text).toContain(`Non segui più ${vatNumber}.`);
  });
});

describe('watch lists on the embedded database (PGlite), messages kept in the outbox', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded', env: { PUBLIC_BASE_URL: BASE_URL } });
  });
  afterAll(() => testApp.close());

  it('subscribes, confirms and writes one message per change, keyed by the event and the subscription', async () => {
    const listed = await listedFirm(testApp);
    const email = newAddress();
    await testApp.http.post('/api/v1/watch/subscriptions').send({ vatNumber: listed.firm.vatNumber, email }).expect(202);
    const [confirm] = await testApp.app.get(DataSource).query<{ text: string; status: string }[]>(`SELECT text, status FROM mail_message WHERE recipient = $1 AND kind = 'watch_confirm'`, [email]);
    expect(confirm.status).toBe('held');
    const token = /\/segui\/conferma\?token=([0-9a-f]{64})/.exec(confirm.text)![1];
    await testApp.http.post('/api/v1/watch/confirm').send({ token }).expect(200);
    await revokeRating(testApp, listed);
    const [{ id }] = await testApp.app.get(DataSource).query<{ id: string }[]>(`SELECT id FROM firm_watch WHERE email = $1`, [email]);
    const changes = await testApp.app.get(DataSource).query<{ idempotency_key: string }[]>(`SELECT idempotency_key FROM mail_message WHERE recipient = $1 AND kind = 'watch_status_changed'`, [email]);
    expect(changes).toEqual([{ idempotency_key: expect.stringMatching(new RegExp(`^watch:history:\\d+:${id}$`)) }]);
  });
});
