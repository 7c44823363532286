import { MailReminders } from '@app/notifications';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { RatingsService } from '@app/ratings';
import { approvedRating, assignedAudit, submittedApplication } from '../../factories/audit.factory';
import { listedFirm, revokeRating, suspendRating } from '../../factories/registry.factory';
import { startTestApp, TestApp } from '../../support/test-app';

interface StoredMail {
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  idempotency_key: string;
}

describe('what is sent, and to whom: messages caused by events and reminders (PostgreSQL server, messages kept in the outbox)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: 'https://aq.example.it' } });
  });
  afterAll(() => testApp.close());

  const mailTo = (recipient: string) =>
    testApp.app.get(DataSource).query<StoredMail[]>(`SELECT kind, recipient, subject, text, idempotency_key FROM mail_message WHERE recipient = $1 ORDER BY created_at, kind`, [recipient]);
  const kindsTo = async (recipient: string) => (await mailTo(recipient)).map((mail) => mail.kind);
  const sweep = () => testApp.app.get(ClsService).run(() => testApp.app.get(MailReminders).sweep());

  it('tells the firm, the auditor and the other reviewers of each step from application to decision', async () => {
    const bystander = await testApp.signIn('reviewer');
    const rated = await approvedRating(testApp);
    expect(await kindsTo(rated.firm.owner.email)).toEqual(['application_received', 'decision']);
    expect(await kindsTo(rated.auditor.email)).toEqual(['audit_assigned']);
    expect(await kindsTo(bystander.email)).toContain('proposal_waiting');
    const [decision] = (await mailTo(rated.firm.owner.email)).filter((mail) => mail.kind === 'decision');
    expect(decision.subject).toMatch(/^Decisione sulla domanda di .+: approvata$/);
    expect(decision.text).toContain(`Numero dell'attestato: ${rated.certificateNumber}`);
    expect(decision.text).toContain(`https://aq.example.it/area/azienda/domande/${rated.applicationId}`);
  });

  it('sends an auditor\'s question and finding to the firm, the answer to the auditor, and recalls a question unanswered for 5 days once', async () => {
    const audit = await assignedAudit(testApp);
    const asked = await testApp.http.post(`/api/v1/audits/${audit.auditId}/information-requests`).set(audit.auditor.auth).send({ question: 'Inviate il registro della formazione 2026?' }).expect(201);
    await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/findings`)
      .set(audit.auditor.auth)
      .send({ severity: 'major', description: 'Script senza informativa', correctiveAction: 'Aggiornare lo script entro 30 giorni' })
      .expect(201);
    const firmMail = await mailTo(audit.firm.owner.email);
    expect(firmMail.map((mail) => mail.kind)).toEqual(['application_received', 'audit_question', 'audit_finding']);
    expect(firmMail[1].text).toContain('«Inviate il registro della formazione 2026?»');
    expect(firmMail[2].text).toContain('Azione correttiva richiesta: Aggiornare lo script entro 30 giorni');
    expect(firmMail[2].text).toContain('rilievo maggiore');

    testApp.clock.set(new Date(testApp.clock.now().getTime() + 5 * 86_400_000 + 60_000));
    await sweep();
    await sweep();
    expect((await kindsTo(audit.firm.owner.email)).filter((kind) => kind === 'question_reminder')).toHaveLength(1);

    const owner = await testApp.http.post('/api/v1/auth/login').send({ email: audit.firm.owner.email, password: audit.firm.owner.password }).expect(200);
    await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/information-requests/${asked.body.id}/answer`)
      .set({ Authorization: `Bearer ${owner.body.token}` })
      .send({ answer: 'Sì, allegato.' })
      .expect(200);
    const answered = (await mailTo(audit.auditor.email)).find((mail) => mail.kind === 'firm_answered');
    expect(answered?.text).toContain('«Sì, allegato.»');
  });

  it('tells the firm of a suspension with its reason and deadline, and of a revocation', async () => {
    const listed = await listedFirm(testApp);
    await suspendRating(testApp, listed);
    await revokeRating(testApp, listed);
    const mail = await mailTo(listed.firm.owner.email);
    expect(mail.map((m) => m.kind)).toEqual(['rating_suspended', 'rating_revoked']);
    expect(mail[0].text).toContain('Motivo: irregolarità riscontrate');
    expect(mail[0].text).toMatch(/entro il \d{2}\/\d{2}\/\d{4}, il rating sarà revocato/);
    expect(mail[1].text).toContain('Nota pubblicata nel registro: Chiamate senza consenso documentate');
  });

  it('reminds a firm 90, 30 and 7 Rome days before its rating expires, each once however often or late the sweep runs', async () => {
    const listed = await listedFirm(testApp);
    const validUntil = new Date(listed.rating.validUntil);
    const daysBefore = (days: number) => new Date(validUntil.getTime() - days * 86_400_000);
    const reminders = async () => (await mailTo(listed.firm.owner.email)).filter((mail) => mail.kind === 'expiry_reminder').map((mail) => mail.idempotency_key.split(':')[2]);

    testApp.clock.set(daysBefore(100));
    await sweep();
    expect(await reminders()).toEqual([]);
    testApp.clock.set(daysBefore(85)); // late for the 90-day reminder: still sent, once
    await sweep();
    await sweep();
    expect(await reminders()).toEqual(['90']);
    testApp.clock.set(daysBefore(30));
    await sweep();
    testApp.clock.set(daysBefore(3));
    await sweep();
    await sweep();
    expect(await reminders()).toEqual(['90', '30', '7']);
    const [last] = (await mailTo(listed.firm.owner.email)).filter((mail) => mail.idempotency_key.includes(':7:'));
    expect(last.subject).toMatch(/scade tra 3 giorni$/);

    // The lapse job records the expiry once; the firm hears of it once.
    testApp.clock.set(new Date(validUntil.getTime() + 60_000));
    await sweep();
    await testApp.app.get(ClsService).run(() => testApp.app.get(RatingsService).recordLapses());
    await testApp.app.get(ClsService).run(() => testApp.app.get(RatingsService).recordLapses());
    expect((await kindsTo(listed.firm.owner.email)).filter((kind) => kind === 'rating_expired')).toHaveLength(1);
    expect(await reminders()).toEqual(['90', '30', '7']);
  });

  it('tells admins once of an application waiting more than 3 days for an auditor', async () => {
    const admin = await testApp.signIn('admin');
    const waiting = await submittedApplication(testApp);
    await sweep();
    expect((await mailTo(admin.email)).filter((mail) => mail.kind === 'application_unassigned')).toEqual([]);
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 3 * 86_400_000 + 60_000));
    await sweep();
    await sweep();
    const told = (await mailTo(admin.email)).filter((mail) => mail.kind === 'application_unassigned' && mail.idempotency_key.includes(waiting.applicationId));
    expect(told).toHaveLength(1);
  });
});
