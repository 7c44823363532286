import { SYSTEM_ACTOR } from '@app/core';
import { HistoryService } from '@app/history';
import { MAIL_QUEUE, MailDelivery, MailOutbox } from '@app/notifications';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { eventually } from '../../support/eventually';
import { htmlLinks, SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';

const BASE_URL = 'https://aq.example.it';

describe('e-mail outbox and delivery over SMTP (HTTP, PostgreSQL server, in-process SMTP server)', () => {
  let sink: SmtpSink;
  let testApp: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Azienda Qualificata <noreply@aq.example.it>', PUBLIC_BASE_URL: BASE_URL, WORKER_IN_PROCESS: 'true' } });
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  const messagesOf = (userId: string) =>
    testApp.app.get(DataSource).query<{ id: string; status: string; attempts: number; kind: string; last_error: string | null }[]>(
      `SELECT id, status, attempts, kind, last_error FROM mail_message WHERE recipient_user_id = $1 ORDER BY created_at`,
      [userId],
    );

  it('sends the message an event causes once, in Italian, with an HTML and a text part whose links are absolute and work', async () => {
    const user = await testApp.signIn('auditor');
    await testApp.http.post('/api/v1/auth/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'a new password 2026' }).expect(204);

    const [mail] = await eventually(() => {
      const received = sink.to(user.email);
      expect(received).toHaveLength(1);
      return Promise.resolve(received);
    }, 20_000, 100);
    const parsed = mail.parsed;
    expect(parsed.from?.text).toBe('"Azienda Qualificata" <noreply@aq.example.it>');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe(user.email);
    expect(parsed.subject).toBe('La password del tuo account è stata cambiata');
    expect(parsed.text).toContain(`la password dell'account ${user.email} su Azienda Qualificata è stata cambiata il`);
    expect(parsed.text).toContain(`${BASE_URL}/accedi/password-dimenticata`);
    expect(parsed.html).toContain('<html lang="it">');
    expect(parsed.html).toContain('<title>La password del tuo account è stata cambiata</title>');
    expect(parsed.html).not.toMatch(/<img/i);
    expect(parsed.headers.has('list-unsubscribe')).toBe(false); // a security message cannot be turned off

    const links = htmlLinks(mail);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.startsWith(`${BASE_URL}/`)).toBe(true);
      const response = await testApp.http.get(link.slice(BASE_URL.length));
      expect(response.status).toBeLessThan(400);
    }

    await eventually(async () => expect(await messagesOf(user.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, kind: 'password_changed' })]), 5_000, 50);
  });

  it('writes nothing when the event rolls back, and one message per key however often it is written', async () => {
    const user = await testApp.signIn('reviewer');
    const mail = { idempotencyKey: `test:${user.id}`, kind: 'password_changed' as const, to: user.email, userId: user.id, language: 'en' as const, model: { displayName: 'R', email: user.email, changedOn: '01/12/2026', resetUrl: `${BASE_URL}/accedi` } };
    const outbox = testApp.app.get(MailOutbox);
    const cls = testApp.app.get(ClsService);
    await expect(
      cls.run(() =>
        testApp.app.get(TransactionHost).withTransaction(async () => {
          await testApp.app.get(HistoryService).record(SYSTEM_ACTOR, { action: 'user.password_changed', entityType: 'user', entityId: user.id });
          await outbox.write([mail]);
          throw new Error('the change fails');
        }),
      ),
    ).rejects.toThrow('the change fails');
    expect(await messagesOf(user.id)).toEqual([]);
    const jobs = await testApp.app.get(DataSource).query<unknown[]>(`SELECT id FROM pgboss.job WHERE name = $1 AND data->>'messageId' IS NULL`, [MAIL_QUEUE]);
    expect(jobs).toEqual([]);

    const written = await cls.run(() => testApp.app.get(TransactionHost).withTransaction(async () => [await outbox.write([mail]), await outbox.write([mail, mail])]));
    expect(written).toEqual([1, 0]);
    await eventually(() => Promise.resolve(expect(sink.to(user.email)).toHaveLength(1)), 20_000, 100);
    expect(sink.to(user.email)[0].parsed.subject).toBe('The password of your account was changed');
    expect(sink.to(user.email)[0].parsed.html).toContain('<html lang="en">');
  });

  it('keeps a refused message for retry, marks it failed on the last attempt, and never sends a message twice', async () => {
    const user = await testApp.signIn('auditor');
    const outbox = testApp.app.get(MailOutbox);
    const cls = testApp.app.get(ClsService);
    const delivery = testApp.app.get(MailDelivery);
    sink.refuse = true;
    try {
      await cls.run(() =>
        testApp.app.get(TransactionHost).withTransaction(() =>
          outbox.write([{ idempotencyKey: `refused:${user.id}`, kind: 'password_changed', to: user.email, userId: user.id, language: 'it', model: { displayName: 'A', email: user.email, changedOn: 'oggi', resetUrl: `${BASE_URL}/accedi` } }]),
        ),
      );
      await eventually(async () => expect(await messagesOf(user.id)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/550/) })]), 20_000, 100);
      const [message] = await messagesOf(user.id);
      const failures = await cls.run(() => delivery.deliver([{ id: 'job-1', data: { messageId: message.id }, retryCount: 10, lastAttempt: true }]));
      expect([...failures.keys()]).toEqual(['job-1']);
      expect(await messagesOf(user.id)).toEqual([expect.objectContaining({ status: 'failed', attempts: 2 })]);
    } finally {
      sink.refuse = false;
    }
    // A failed message is not sent by a late job; a sent one is not sent again by a job run twice.
    const [failed] = await messagesOf(user.id);
    await cls.run(() => delivery.deliver([{ id: 'job-2', data: { messageId: failed.id }, retryCount: 0, lastAttempt: false }]));
    expect(sink.to(user.email)).toHaveLength(0);
  });
});
