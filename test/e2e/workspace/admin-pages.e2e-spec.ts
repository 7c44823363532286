import { JobQueue } from '@app/jobs';
import { submittedApplication } from '../../factories/application.factory';
import { registerFirm } from '../../factories/firm.factory';
import { eventually } from '../../support/eventually';
import { FlakyProbe, flakyProbeModule } from '../../support/flaky-probe';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const PROBE_QUEUE = 'test.admin-pages-probe';

const FlakyProbeModule = flakyProbeModule(PROBE_QUEUE, 0);

const ADMIN = '/area/amministrazione';
const ADMIN_PAGES = [
  ADMIN,
  `${ADMIN}/utenti`,
  `${ADMIN}/utenti/nuovo`,
  `${ADMIN}/assegnazioni`,
  `${ADMIN}/sanzioni`,
  `${ADMIN}/sanzioni/nuova`,
  `${ADMIN}/checklist`,
  `${ADMIN}/checklist/nuova`,
  `${ADMIN}/job`,
  `${ADMIN}/storico`,
  `${ADMIN}/storico/verifica`,
];

const idIn = (location: string): string => /\/([0-9a-f-]{36})(?:\?|$)/.exec(location)![1];

describe('admin workspace: users, assignments, sanctions, checklist, failed jobs and history in the browser', () => {
  let testApp: TestApp;
  let admin: SignedInUser;
  let web: WebVisitor;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { WORKER_IN_PROCESS: 'true' }, imports: [FlakyProbeModule] });
    admin = await testApp.signIn('admin');
    web = new WebVisitor(testApp.app);
    await web.signIn(admin.email, admin.password);
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('lands the admin on an index of the sections, in Italian or English', async () => {
    expect((await expectStatus(web.get('/area'), 303)).headers.location).toBe(ADMIN);
    const home = await expectStatus(web.get(ADMIN), 200);
    expect(home.text).toContain('<h1>Amministrazione</h1>');
    expect(home.text).toContain(`href="${ADMIN}/utenti"`);
    // Counts in the grammatical form of the number: one user, one version, several of them.
    expect(home.text).toMatch(/1 utente<|\d+ utenti</);
    const versions = (await testApp.http.get('/api/v1/checklist/versions').expect(200)).body.length as number;
    expect(home.text).toContain(versions === 1 ? '1 versione pubblicata' : `${versions} versioni pubblicate`);
    expect(home.text).not.toMatch(/\b1 (utenti|versioni|sanzioni|job falliti)/);
    const english = await expectStatus(web.get(`${ADMIN}?lang=en`), 200);
    expect(english.text).toContain('<h1>Administration</h1>');
    expect(english.text).toContain(`href="${ADMIN}/sanzioni?lang&#x3D;en"`);
  });

  it('creates a reviewer through the page, after explaining a bad e-mail next to the field', async () => {
    const email = `revisore-${process.pid}@staff.example.it`;
    const form = await expectStatus(web.get(`${ADMIN}/utenti/nuovo`), 200);
    expect(form.text).toContain('<label for="email">');
    const bad = await expectStatus(web.submit(`${ADMIN}/utenti`, { displayName: 'Rita Revisore', email: 'non-una-email', password: 'una-password-lunga', role: 'reviewer' }), 400);
    expect(bad.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('id="email-error"');
    expect(bad.text).toContain('Scrivi un indirizzo e-mail valido');
    expect(bad.text).toContain('value="Rita Revisore"');
    const reviewers = async () => (await testApp.http.get('/api/v1/users?role=reviewer&pageSize=200').set(admin.auth).expect(200)).body.items as { email: string; displayName: string }[];
    expect((await reviewers()).some((user) => user.displayName === 'Rita Revisore')).toBe(false);

    const created = await expectStatus(web.submit(`${ADMIN}/utenti`, { displayName: 'Rita Revisore', email, password: 'una-password-lunga', role: 'reviewer' }), 303);
    const page = await web.follow(created);
    expect(page.text).toContain(`Utente ${email} creato.`);
    expect((await reviewers()).map((user) => user.email)).toContain(email);
    const list = await expectStatus(web.get(`${ADMIN}/utenti?role=reviewer`), 200);
    expect(list.text).toContain(email);
    expect(list.text).toContain('<option value="reviewer" selected>');
    await new WebVisitor(testApp.app).signIn(email, 'una-password-lunga');

    const again = await expectStatus(web.submit(`${ADMIN}/utenti`, { displayName: 'Rita', email, password: 'una-password-lunga', role: 'reviewer' }), 409);
    expect(again.text).toContain('Esiste già un account con questo indirizzo e-mail.');
  });

  it('disables a user, who can no longer sign in, and refuses changes the service forbids, next to the form', async () => {
    const auditor = await testApp.signIn('auditor');
    await expectStatus(web.get(`${ADMIN}/utenti/${auditor.id}`), 200);
    const disabled = await expectStatus(web.submit(`${ADMIN}/utenti/${auditor.id}/accesso`, { disabled: 'true' }), 303);
    expect((await web.follow(disabled)).text).toContain('Account disattivato.');
    const refused = await expectStatus(new WebVisitor(testApp.app).submit('/accedi', { email: auditor.email, password: auditor.password }), 400);
    expect(refused.text).toContain('account è disattivato');

    const own = await expectStatus(web.submit(`${ADMIN}/utenti/${admin.id}/accesso`, { disabled: 'true' }), 422);
    expect(own.text).toContain('id="disabled-error"');
    expect(own.text).toContain('Non puoi cambiare il ruolo né disattivare il tuo stesso account.');
    const ownRole = await expectStatus(web.submit(`${ADMIN}/utenti/${admin.id}/ruolo`, { role: 'auditor' }), 422);
    expect(ownRole.text).toContain('id="role-error"');

    const firmUser = await testApp.signIn('firm');
    const crossing = await expectStatus(web.submit(`${ADMIN}/utenti/${firmUser.id}/ruolo`, { role: 'auditor' }), 422);
    expect(crossing.text).toContain('Un account di azienda e uno dello staff non possono diventare');
    const reviewer = await testApp.signIn('reviewer');
    await expectStatus(web.submit(`${ADMIN}/utenti/${reviewer.id}/ruolo`, { role: 'auditor' }), 303);
    expect((await testApp.http.get(`/api/v1/users/${reviewer.id}`).set(admin.auth).expect(200)).body.role).toBe('auditor');

    await expectStatus(web.submit(`${ADMIN}/utenti/${auditor.id}/accesso`, { disabled: 'false' }), 303);
    await new WebVisitor(testApp.app).signIn(auditor.email, auditor.password);
  });

  it('assigns a submitted application to an active auditor chosen from a list', async () => {
    const firm = await registerFirm(testApp, { legalName: 'Assegnazioni Prova S.r.l.' });
    const applicationId = await submittedApplication(testApp, firm);
    const auditor = await testApp.signIn('auditor');
    const list = await expectStatus(web.get(`${ADMIN}/assegnazioni`), 200);
    expect(list.text).toContain('Assegnazioni Prova S.r.l.');
    const form = await expectStatus(web.get(`${ADMIN}/assegnazioni/${applicationId}`), 200);
    expect(form.text).toContain(`<option value="${auditor.id}"`);

    const empty = await expectStatus(web.submit(`${ADMIN}/assegnazioni/${applicationId}`, { auditorId: '' }), 400);
    expect(empty.text).toContain('id="auditorId-error"');
    const notAuditor = await expectStatus(web.submit(`${ADMIN}/assegnazioni/${applicationId}`, { auditorId: admin.id }), 422);
    expect(notAuditor.text).toContain('Questo utente non è un valutatore attivo.');
    expect((await testApp.http.get(`/api/v1/applications/${applicationId}`).set(admin.auth).expect(200)).body.state).toBe('submitted');

    const assigned = await expectStatus(web.submit(`${ADMIN}/assegnazioni/${applicationId}`, { auditorId: auditor.id }), 303);
    expect(assigned.headers.location).toBe(`${ADMIN}/assegnazioni`);
    const after = await web.follow(assigned);
    expect(after.text).toContain('Domanda assegnata a');
    expect(after.text).not.toContain('Assegnazioni Prova S.r.l.');
    expect((await testApp.http.get(`/api/v1/applications/${applicationId}`).set(admin.auth).expect(200)).body.state).toBe('in_audit');
    const twice = await expectStatus(web.submit(`${ADMIN}/assegnazioni/${applicationId}`, { auditorId: auditor.id }), 409);
    expect(twice.text).toContain('non è più in attesa di un valutatore');
  });

  it('records a sanction after refusing an impossible date, then marks it definitive and annuls it', async () => {
    const firm = await registerFirm(testApp, { legalName: 'Sanzionata Prova S.r.l.' });
    const fields = {
      firmId: firm.id,
      authority: 'garante_privacy',
      reference: 'Provvedimento n. 42 del 15 marzo 2024',
      conductCategory: 'data_protection',
      amount: '15.000,50',
      imposedOn: '2024-02-30',
      definitiveOn: '',
      sourceUrl: 'https://www.garanteprivacy.it/home/docweb/-/docweb-display/docweb/42',
      notes: '',
    };
    const form = await expectStatus(web.get(`${ADMIN}/sanzioni/nuova`), 200);
    expect(form.text).toContain('Sanzionata Prova S.r.l.');
    const bad = await expectStatus(web.submit(`${ADMIN}/sanzioni`, fields), 400);
    expect(bad.text).toMatch(/id="imposedOn"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('Scrivi una data reale, ad esempio 20/11/2026');
    expect(bad.text).toContain('value="15.000,50"');
    const firmSanctions = async () => (await testApp.http.get(`/api/v1/sanctions?firmId=${firm.id}`).set(admin.auth).expect(200)).body as { total: number; items: { amountCents: number; status: string }[] };
    expect((await firmSanctions()).total).toBe(0);
    const badAmount = await expectStatus(web.submit(`${ADMIN}/sanzioni`, { ...fields, imposedOn: '2024-03-15', amount: 'mille' }), 400);
    expect(badAmount.text).toContain('id="amount-error"');

    // Dates and amounts typed as people in Italy write them.
    const recorded = await expectStatus(web.submit(`${ADMIN}/sanzioni`, { ...fields, imposedOn: '15/03/2024' }), 303);
    const page = await web.follow(recorded);
    expect(page.text).toContain('Sanzione registrata.');
    expect(page.text).toContain('15.000,50\u00a0€');
    expect(page.text).toContain('<time datetime="2024-03-15">15/03/2024</time>');
    expect(page.text).toContain('Provvedimento n. 42 del 15 marzo 2024');
    expect((await firmSanctions()).items[0]).toMatchObject({ amountCents: 1_500_050, status: 'under_appeal' });
    const sanctionId = idIn(recorded.headers.location);
    const correction = { authority: 'garante_privacy', reference: fields.reference, conductCategory: 'data_protection', amount: '20000', imposedOn: '2024-03-15', sourceUrl: 'http://insicuro.example.it/42', notes: '' };
    const insecure = await expectStatus(web.submit(`${ADMIN}/sanzioni/${sanctionId}/correzione`, correction), 400);
    expect(insecure.text).toContain('id="sourceUrl-error"');
    expect(insecure.text).toContain('value="http://insicuro.example.it/42"');
    await expectStatus(web.submit(`${ADMIN}/sanzioni/${sanctionId}/correzione`, { ...correction, sourceUrl: fields.sourceUrl }), 303);
    expect((await firmSanctions()).items[0].amountCents).toBe(2_000_000);

    const before = await expectStatus(web.submitConfirmed(`${ADMIN}/sanzioni/${sanctionId}/definitiva`, { definitiveOn: '2024-01-01' }), 400);
    expect(before.text).toContain('id="definitiveOn-error"');
    const askedDefinitive = await expectStatus(web.submit(`${ADMIN}/sanzioni/${sanctionId}/definitiva`, { definitiveOn: '01/06/2024' }), 200);
    expect(askedDefinitive.text).toContain('definitiva dal 01/06/2024');
    await expectStatus(web.confirm(askedDefinitive), 303);
    expect((await firmSanctions()).items[0].status).toBe('definitive');
    const listed = await expectStatus(web.get(`${ADMIN}/sanzioni?status=definitive&firmId=${firm.id}`), 200);
    expect(listed.text).toContain('Provvedimento n. 42 del 15 marzo 2024');
    expect(listed.text).toContain('20.000,00\u00a0€');
    expect(listed.text).toContain('<time datetime="2024-03-15">15/03/2024</time>');
    expect(listed.text).not.toMatch(/>20[0-9]{2}-[0-9]{2}-[0-9]{2}</);
    const noReason = await expectStatus(web.submit(`${ADMIN}/sanzioni/${sanctionId}/annullamento`, { reason: '' }), 400);
    expect(noReason.text).toContain('id="reason-error"');
    const askedAnnul = await expectStatus(web.submit(`${ADMIN}/sanzioni/${sanctionId}/annullamento`, { reason: 'Annullata dal TAR Lazio' }), 200);
    expect(askedAnnul.text).toContain('L’annullamento è definitivo.');
    await expectStatus(web.confirm(askedAnnul), 303);
    expect((await web.follow(await expectStatus(web.confirm(askedAnnul), 303))).text).toContain('Questa conferma era già stata inviata');
    expect((await firmSanctions()).items[0].status).toBe('annulled');
    const final = await expectStatus(web.get(`${ADMIN}/sanzioni/${sanctionId}`), 200);
    expect(final.text).toContain('Una sanzione annullata non cambia più.');
  });

  it('lists the checklist versions with their items, and publishes a new version from a JSON file', async () => {
    const list = await expectStatus(web.get(`${ADMIN}/checklist`), 200);
    const current = (await testApp.http.get('/api/v1/checklist').expect(200)).body as { id: string; version: string; items: { code: string }[] };
    expect(list.text).toContain(current.version);
    const version = await expectStatus(web.get(`${ADMIN}/checklist/${current.id}`), 200);
    expect(version.text).toContain(`<th scope="row" class="item-code">${current.items[0].code}</th>`);

    await expectStatus(web.get(`${ADMIN}/checklist/nuova`), 200);
    const file = { name: 'checklist.json', bytes: Buffer.from(JSON.stringify(current)), contentType: 'application/json' };
    const badVersion = await expectStatus(web.submit(`${ADMIN}/checklist`, { version: 'nuova' }, file), 400);
    expect(badVersion.text).toContain('id="version-error"');
    const noFile = await expectStatus(web.submit(`${ADMIN}/checklist`, { version: '2031.1' }), 400);
    expect(noFile.text).toContain('id="file-error"');
    const taken = await expectStatus(web.submit(`${ADMIN}/checklist`, { version: current.version }, file), 409);
    expect(taken.text).toContain('Questa versione esiste già');

    const published = await expectStatus(web.submit(`${ADMIN}/checklist`, { version: '2031.1' }, file), 303);
    expect((await web.follow(published)).text).toContain('Versione 2031.1 pubblicata.');
    expect((await testApp.http.get('/api/v1/checklist').expect(200)).body.version).toBe('2031.1');
  });

  it('lists a failed background job and puts it back in its queue', async () => {
    const probe = testApp.app.get(FlakyProbe);
    const jobs = testApp.app.get(JobQueue);
    const marker = `admin-page-${process.pid}`;
    probe.failuresLeft.set(marker, 1);
    await jobs.enqueue(PROBE_QUEUE, { marker });
    const failed = await eventually(async () => {
      const job = (await jobs.failedJobs()).find((each) => (each.data as { marker?: string }).marker === marker);
      if (!job) throw new Error('not failed yet');
      return job;
    }, 20_000, 200);

    const page = await expectStatus(web.get(`${ADMIN}/job`), 200);
    expect(page.text).toContain(failed.id);
    expect(page.text).toContain(PROBE_QUEUE);
    expect(page.text).toContain(`probe failure for ${marker}`);
    const retried = await expectStatus(web.submit(`${ADMIN}/job/riprova`, { queue: failed.queue, id: failed.id }), 303);
    expect((await web.follow(retried)).text).toContain('Job rimesso in coda.');
    await eventually(() => Promise.resolve(expect(probe.handled).toContain(marker)), 20_000, 200);
    expect((await expectStatus(web.get(`${ADMIN}/job`), 200)).text).not.toContain(failed.id);
    await expectStatus(web.submit(`${ADMIN}/job/riprova`, { queue: 'Not a queue', id: failed.id }), 400);
  });

  it('checks the history chain and shows the latest changes', async () => {
    const latest = await expectStatus(web.get(`${ADMIN}/storico`), 200);
    // Events and things by name, in the page's language, never by their codes.
    expect(latest.text).toContain('<td>Utente creato</td>');
    expect(latest.text).not.toMatch(/user\.created|sanction\.recorded|<td>user /);
    expect(latest.text).toMatch(/<time datetime="[^"]+">[0-9]{2}\/[0-9]{2}\/[0-9]{4} [0-9]{2}:[0-9]{2}<\/time>/);
    expect((await expectStatus(web.get(`${ADMIN}/storico?lang=en`), 200)).text).toContain('<td>User created</td>');
    expect(latest.text).not.toContain('La catena è integra');
    const checked = await expectStatus(web.get(`${ADMIN}/storico/verifica`), 200);
    expect(checked.text).toMatch(/La catena è integra: \d+ eventi verificati\./);
  });

  it('refuses every admin page to auditors and firms, and sends visitors who are not signed in to sign in', async () => {
    const visitors: WebVisitor[] = [];
    for (const role of ['auditor', 'firm'] as const) {
      const user = await testApp.signIn(role);
      const visitor = new WebVisitor(testApp.app);
      await visitor.signIn(user.email, user.password);
      visitors.push(visitor);
    }
    const anonymous = new WebVisitor(testApp.app);
    for (const path of ADMIN_PAGES) {
      for (const visitor of visitors) await expectStatus(visitor.get(path), 403);
      const away = await expectStatus(anonymous.get(path), 303);
      expect(away.headers.location).toMatch(/^\/accedi/);
    }
    await expectStatus(visitors[0].submit(`${ADMIN}/utenti`, { displayName: 'X', email: 'x@example.it', password: 'una-password-lunga', role: 'admin' }), 403);
  });
});
