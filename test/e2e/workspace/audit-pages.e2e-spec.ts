import { AssignedAudit, assignedAudit } from '../../factories/audit.factory';
import { PDF_BYTES } from '../../factories/application.factory';
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
    const download = `/area/verifiche/domande/${audit.applicationId}/documenti/${audit.evidence['CA-01']}`;
    expect(screen.text).toContain(`href="${download}"`);
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
      expect(saved.headers.location).toBe(`/area/verifiche/${audit.auditId}`);
    }
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
