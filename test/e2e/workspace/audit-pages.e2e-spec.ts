import { AssignedAudit, assignedAudit, recordAllMet } from '../../factories/audit.factory';
import { declaredItems, openApplication, PDF_BYTES, uploadEvidence } from '../../factories/application.factory';
import { registerFirm } from '../../factories/firm.factory';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

/** The parts of the JSON audit screen these tests check. */
interface AuditScreenBody {
  readonly audit: { readonly status: string; readonly proposedOutcome: string | null };
  readonly items: { readonly item: { readonly code: string }; readonly result: unknown }[];
  readonly findings: { readonly itemCode: string | null; readonly severity: string }[];
  readonly informationRequests: { readonly id: string }[];
}

describe("workspace: the auditor's queue and audit screen, item by item, information requests and the proposal", () => {
  let testApp: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await testApp.signIn('admin');
  });
  afterAll(async () => {
    await testApp?.close();
  });

  const auditOf = async (audit: AssignedAudit): Promise<AuditScreenBody> =>
    (await testApp.http.get(`/api/v1/audits/${audit.auditId}`).set(audit.auditor.auth).expect(200)).body as AuditScreenBody;

  async function signedIn(user: SignedInUser): Promise<WebVisitor> {
    const web = new WebVisitor(testApp.app);
    await web.signIn(user.email, user.password);
    return web;
  }

  it('runs a whole audit through the pages: every item, a bad input first, a question to the firm, and the proposal', async () => {
    const firm = await registerFirm(testApp, { legalName: 'Verifiche Pagine S.r.l.' });
    const audit = await assignedAudit(testApp, { firm, admin });
    const web = await signedIn(audit.auditor);

    const queue = await expectStatus(web.get('/area/verifiche'), 200);
    expect(queue.text).toContain('Verifiche Pagine S.r.l.');
    expect(queue.text).toContain(`href="/area/verifiche/${audit.auditId}"`);
    expect((await expectStatus(web.get('/area/verifiche?stato=decided'), 200)).text).toContain('Nessuna verifica assegnata ancora.');

    const screen = await expectStatus(web.get(`/area/verifiche/${audit.auditId}`), 200);
    expect(screen.text).toContain('<h1>Verifica di Verifiche Pagine S.r.l.</h1>');
    expect(screen.text).toContain('Criterio soddisfatto');
    const ids = [...screen.text.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // An overview with a row and a page per item, not one form per item on one long page.
    const declared = Object.keys(audit.evidence).length;
    expect(screen.text).toContain(`0 di ${declared} voci valutate`);
    expect(screen.text).toContain(`href="/area/verifiche/${audit.auditId}/voci/CA-01"`);
    expect(screen.text).not.toContain('name="result"');
    const itemPage = await expectStatus(web.get(`/area/verifiche/${audit.auditId}/voci/CA-01`), 200);
    expect(itemPage.text).toContain('name="result"');
    expect(itemPage.text).toContain('In vigore');
    const download = `/area/verifiche/domande/${audit.applicationId}/documenti/${audit.evidence['CA-01']}`;
    expect(itemPage.text).toContain(`href="${download}"`);
    const file = await web.agent.get(download).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.body as Buffer, PDF_BYTES)).toBe(0);

    const noResult = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/voci/CA-01`, { result: '', note: 'Da vedere' }), 400);
    expect(noResult.text).toMatch(/<p class="error" id="CA-01-result-error">Scegli l’esito della voce.<\/p>/);
    expect(noResult.text).toContain('href="#CA-01-result"');
    expect(noResult.text).toContain('Da vedere');
    const idsWithErrors = [...noResult.text.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(idsWithErrors).size).toBe(idsWithErrors.length);
    const noEvidence = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/voci/CA-01`, { result: 'met' }), 422);
    expect(noEvidence.text).toContain('scegli almeno un documento');
    const badFinding = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/voci/CA-01`, { result: 'minor_nc', 'evidence-0': audit.evidence['CA-01'], severity: 'minor', description: 'x' }), 400);
    expect(badFinding.text).toContain('id="CA-01-description-error"');
    expect(badFinding.text).toContain('id="CA-01-correctiveAction-error"');
    expect((await auditOf(audit)).items.find((entry) => entry.item.code === 'CA-01')?.result).toBeNull();

    for (const [itemCode, evidenceId] of Object.entries(audit.evidence)) {
      const fields: Record<string, string> = { result: 'met', note: `Documento verificato per ${itemCode}`, 'evidence-0': evidenceId };
      if (itemCode === 'TR-03') Object.assign(fields, { result: 'minor_nc', severity: 'minor', description: 'Formazione incompleta per due operatori', correctiveAction: 'Completare la formazione entro 30 giorni' });
      const saved = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/voci/${itemCode}`, fields), 303);
      // Back to the same item, with the confirmation.
      expect(saved.headers.location).toBe(`/area/verifiche/${audit.auditId}/voci/${itemCode}`);
      if (itemCode === 'CA-01') expect((await web.follow(saved)).text).toContain('Esito della voce CA-01 salvato.');
    }
    const progressed = await expectStatus(web.get(`/area/verifiche/${audit.auditId}`), 200);
    expect(progressed.text).toContain(`${declared} di ${declared} voci valutate`);
    const worked = await auditOf(audit);
    expect(worked.items.filter((entry) => entry.result !== null)).toHaveLength(Object.keys(audit.evidence).length);
    expect(worked.findings).toEqual([expect.objectContaining({ itemCode: 'TR-03', severity: 'minor' })]);

    const emptyQuestion = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/richieste`, { itemCode: 'TR-01', question: '' }), 400);
    expect(emptyQuestion.text).toContain('id="request-question-error"');
    await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/richieste`, { itemCode: 'TR-01', question: 'Inviate il registro presenze del corso GDPR' }), 303);
    const waiting = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/proposta`, { outcome: 'approve' }), 409);
    expect(waiting.text).toContain('L’azienda non ha ancora risposto');

    const requestId = (await auditOf(audit)).informationRequests[0].id;
    await testApp.http
      .post(`/api/v1/audits/${audit.auditId}/information-requests/${requestId}/answer`)
      .set(firm.owner.auth)
      .send({ answer: 'Registro allegato alla domanda' })
      .expect(200);
    const answered = await expectStatus(web.get(`/area/verifiche/${audit.auditId}`), 200);
    expect(answered.text).toContain('Inviate il registro presenze del corso GDPR');
    expect(answered.text).toContain('Registro allegato alla domanda');

    const noReasons = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/proposta`, { outcome: 'refuse', reasons: '' }), 400);
    expect(noReasons.text).toContain('id="verdict-reasons-error"');
    const proposed = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/proposta`, { outcome: 'approve', reasons: 'Tutti i requisiti sono soddisfatti' }), 303);
    const after = await web.follow(proposed);
    expect(after.text).toContain('Hai proposto il rilascio');
    expect(after.text).toContain('Esito proposto');
    expect((await auditOf(audit)).audit).toMatchObject({ status: 'proposed', proposedOutcome: 'approve' });

    await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/proposta/ritiro`, {}), 303);
    expect((await auditOf(audit)).audit).toMatchObject({ status: 'in_progress', proposedOutcome: null });
    await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/proposta`, { outcome: 'approve' }), 303);
    const english = await expectStatus(web.get(`/area/verifiche/${audit.auditId}?lang=en`), 200);
    expect(english.text).toContain('<h1>Audit of Verifiche Pagine S.r.l.</h1>');
    expect(english.text).toContain('Withdraw the proposal');
    expect((await expectStatus(web.get('/area/verifiche?lang=en&stato=proposed'), 200)).text).toContain('Verifiche Pagine S.r.l.');
  });

  it("shows the auditor each document's own date, expiry, state, version and SHA-256, telling apart two versions with one file name; the reviewer reads them before the decision form", async () => {
    const firm = await registerFirm(testApp, { legalName: 'Versioni Documenti S.r.l.' });
    const applicationId = await openApplication(testApp, firm);
    const evidence: Record<string, string> = {};
    for (const item of await declaredItems(testApp)) {
      await testApp.http.put(`/api/v1/applications/${applicationId}/answers/${item.code}`).set(firm.owner.auth).send({ compliance: 'compliant' }).expect(200);
      evidence[item.code] = (await uploadEvidence(testApp, firm, applicationId, item.code, { name: `${item.code}.pdf` }).expect(201)).body.id as string;
    }
    const first = (await uploadEvidence(testApp, firm, applicationId, 'CA-01', { name: 'delibera.pdf', fields: { effectiveDate: '2025-01-12', expiresOn: '2025-12-31' } }).expect(201)).body as { id: string; sha256: string };
    const newerBytes = Buffer.concat([PDF_BYTES, Buffer.from('\n% seconda versione\n')]);
    const second = (
      await uploadEvidence(testApp, firm, applicationId, 'CA-01', { name: 'delibera.pdf', bytes: newerBytes, fields: { effectiveDate: '2026-06-15', expiresOn: '2027-12-31', supersedesId: first.id } }).expect(201)
    ).body as { id: string; sha256: string };
    await testApp.http.post(`/api/v1/applications/${applicationId}/submit`).set(firm.owner.auth).expect(200);
    const auditor = await testApp.signIn('auditor');
    const auditId = (await testApp.http.post(`/api/v1/applications/${applicationId}/audit`).set(admin.auth).send({ auditorId: auditor.id }).expect(201)).body.id as string;

    const web = await signedIn(auditor);
    const page = (await expectStatus(web.get(`/area/verifiche/${auditId}/voci/CA-01`), 200)).text;
    const rowOf = (id: string) => new RegExp(`<tr>\\s*<th scope="row"><a href="[^"]*/documenti/${id}" download>delibera.pdf</a></th>([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
    const older = rowOf(first.id);
    expect(older).toContain('12/01/2025');
    expect(older).toContain('31/12/2025');
    expect(older).toContain('Sostituito');
    expect(older).toMatch(/<td>1<\/td>/);
    expect(older).toContain(`<code>${first.sha256.slice(0, 12)}</code>`);
    expect(older).toContain(`title="${first.sha256}"`);
    expect(older).toContain(`SHA-256 completo: ${first.sha256}`);
    expect(older).toContain('tabindex="0"');
    const newer = rowOf(second.id);
    expect(newer).toContain('15/06/2026');
    expect(newer).toContain('31/12/2027');
    expect(newer).toContain('In vigore');
    expect(newer).toMatch(/<td>2<\/td>/);
    expect(newer).toContain(`<code>${second.sha256.slice(0, 12)}</code>`);
    expect(page).toContain('delibera.pdf · Versione 1 · Sostituito');
    expect(page).toContain('delibera.pdf · Versione 2 · In vigore');

    const audit = { firm, applicationId, evidence, admin, auditor, auditId };
    await recordAllMet(testApp, audit);
    await testApp.http.post(`/api/v1/audits/${auditId}/proposal`).set(auditor.auth).send({ outcome: 'approve' }).expect(204);
    const reviewer = await signedIn(await testApp.signIn('reviewer'));
    const review = (await expectStatus(reviewer.get(`/area/decisioni/verifiche/${auditId}`), 200)).text;
    const decisionForm = review.indexOf('action="/area/decisioni/verifiche/');
    expect(decisionForm).toBeGreaterThan(0);
    expect(review.indexOf('Documenti della voce CA-01')).toBeGreaterThan(0);
    expect(review.indexOf('Documenti della voce CA-01')).toBeLessThan(decisionForm);
    expect(review.indexOf(`${Object.keys(evidence).length} di ${Object.keys(evidence).length} voci valutate`)).toBeLessThan(decisionForm);
    expect(review.lastIndexOf('Verificato il documento per')).toBeLessThan(decisionForm);
  });

  it('refuses approval while required items have no result, and names them', async () => {
    const audit = await assignedAudit(testApp, { admin });
    const web = await signedIn(audit.auditor);
    const blocked = await expectStatus(web.submit(`/area/verifiche/${audit.auditId}/proposta`, { outcome: 'approve', lang: 'en' }), 422);
    expect(blocked.text).toContain('The rating cannot be issued');
    expect(blocked.text).toContain('required items without a result: CA-01');
  });

  it('keeps the pages to the assigned auditor: other roles get 403, another auditor is told the audit does not exist, strangers sign in first', async () => {
    const audit = await assignedAudit(testApp, { admin });
    const firmWeb = await signedIn(audit.firm.owner);
    await expectStatus(firmWeb.get('/area/verifiche'), 403);
    await expectStatus(firmWeb.get(`/area/verifiche/${audit.auditId}`), 403);
    await expectStatus(firmWeb.get(`/area/verifiche/domande/${audit.applicationId}/documenti/${audit.evidence['CA-01']}`), 403);

    const otherAuditor = await signedIn(await testApp.signIn('auditor'));
    expect((await expectStatus(otherAuditor.get('/area/verifiche'), 200)).text).toContain('Nessuna verifica assegnata ancora.');
    // Another auditor's audit is not found: neither its screen nor its forms confirm it exists.
    await expectStatus(otherAuditor.get(`/area/verifiche/${audit.auditId}`), 404);
    await expectStatus(otherAuditor.submit(`/area/verifiche/${audit.auditId}/voci/CA-01`, { result: 'met', 'evidence-0': audit.evidence['CA-01'] }), 404);
    await expectStatus(otherAuditor.get(`/area/verifiche/domande/${audit.applicationId}/documenti/${audit.evidence['CA-01']}`), 404);

    const auditorWeb = await signedIn(audit.auditor);
    const anyId = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/area/verifiche/${anyId}/voci/${anyId}`, `/area/verifiche/${audit.auditId}/voci/CA-01`, `/area/verifiche/${audit.auditId}/richieste`, `/area/verifiche/${audit.auditId}/proposta`]) {
      const forged = await auditorWeb.agent.post(path).set('accept', 'text/html').field('result', 'met');
      expect({ path, status: forged.status, csrf: forged.text.includes('Modulo scaduto') }).toEqual({ path, status: 403, csrf: true });
    }
    await auditorWeb.get(`/area/verifiche/${audit.auditId}`);
    await expectStatus(auditorWeb.submit(`/area/verifiche/${audit.auditId}/voci/non-una-voce`, { result: 'met' }), 404);

    const stranger = new WebVisitor(testApp.app);
    const away = await expectStatus(stranger.get(`/area/verifiche/${audit.auditId}`), 303);
    expect(away.headers.location).toBe(`/accedi?next=${encodeURIComponent(`/area/verifiche/${audit.auditId}`)}`);
    await expectStatus(new WebVisitor(testApp.app).get('/area/verifiche/non-un-id'), 303);
  });
});
