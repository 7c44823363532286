import { CertificateIssuanceService, sha256 as sha256Of } from '@app/certificates';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ratedFirm } from '../../factories/rating.factory';
import { until } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

describe('certificate issuance: the render job, download and verification by upload', () => {
  let testApp: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { WORKER_IN_PROCESS: 'true', PUBLIC_BASE_URL: 'https://registro.example.it' } });
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  const certificateHash = (ratingId: string) => async () =>
    (await dataSource.query<{ certificate_sha256: string | null }[]>(`SELECT certificate_sha256 FROM rating WHERE id = $1`, [ratingId]))[0].certificate_sha256;

  const downloaded = (path: string) =>
    testApp.http.get(path).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

  /** The registry page and JSON of the firm once the cache has heard of the rendered PDF (a notification away). */
  const publishedCertificate = (vatNumber: string, hash: string) =>
    until(async () => {
      const json = (await testApp.http.get(`/api/v1/registry/firms/${vatNumber}`).expect(200)).body as { rating: { certificateSha256: string | null }; links: { certificatePdf: string | null } };
      if (json.rating.certificateSha256 !== hash) return null;
      return { json, page: (await testApp.http.get(`/registro/${vatNumber}`).expect(200)).text };
    }, 'the registry shows the rendered certificate', 10_000);

  it('renders the certificate once, serves the same bytes, and verifies them by upload', async () => {
    const { firm, rating, reviewer } = await ratedFirm(testApp, { legalName: 'Società <b>Chiamate</b> & Figli S.p.A.' });
    const sha256 = await until(certificateHash(rating.id), 'the certificate is rendered', 60_000, 250);

    const pdf = await testApp.http.get(`/api/v1/certificates/${rating.certificateNumber}/pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers.etag).toBe(`"${sha256}"`);
    const bytes = pdf.body as Buffer;
    await testApp.http.get(`/api/v1/certificates/${rating.certificateNumber}/pdf`).set('If-None-Match', `"${sha256}"`).expect(304);

    const file = join(mkdtempSync(join(tmpdir(), 'aq-cert-')), 'certificate.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Società <b>Chiamate</b> & Figli S.p.A.');
    expect(text).toContain(firm.vatNumber);
    expect(text).toContain(rating.certificateNumber);
    expect(text).toContain(`registro.example.it/verifica/${rating.certificateNumber}`);

    await testApp.app.get(CertificateIssuanceService).renderFor(rating.id);
    expect(await certificateHash(rating.id)()).toBe(sha256);

    const verified = await testApp.http.post('/api/v1/verify/document').attach('file', bytes, 'certificato.pdf').expect(200);
    expect(verified.body).toMatchObject({ issued: true, sha256, certificateNumber: rating.certificateNumber, status: 'active' });

    await testApp.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(reviewer.auth).send({ reason: 'irregularities', publicNote: 'Irregolarità accertate' }).expect(200);
    const revoked = await testApp.http.post('/api/v1/verify/document').attach('file', bytes, 'certificato.pdf').expect(200);
    expect(revoked.body).toMatchObject({ issued: true, status: 'revoked' });

    const altered = Buffer.from(bytes);
    altered[Math.floor(altered.length / 2)] ^= 0xff;
    const forged = await testApp.http.post('/api/v1/verify/document').attach('file', altered, 'certificato.pdf').expect(200);
    expect(forged.body).toMatchObject({ issued: false, certificateNumber: null, status: null });
  });

  it('answers clearly for a random file, an oversize file, no file, and an unknown or malformed number', async () => {
    const random = await testApp.http.post('/api/v1/verify/document').attach('file', Buffer.from('%PDF-1.4 not ours'), 'x.pdf').expect(200);
    expect(random.body.issued).toBe(false);
    const oversize = await testApp.http.post('/api/v1/verify/document').attach('file', Buffer.alloc(6 * 1024 * 1024, 1), 'big.pdf').expect(413);
    expect(oversize.body.code).toBe('file_too_large');
    await testApp.http.post('/api/v1/verify/document').send({}).expect(415);
    await testApp.http.get('/api/v1/certificates/AQ-2026-999999/pdf').expect(404);
    const malformed = await testApp.http.get('/api/v1/certificates/AQ-2026-1/pdf').expect(400);
    expect(malformed.body.details.fields.certificateNumber).toEqual(['certificateNumber must look like AQ-YYYY-NNNNNN']);
  });

  it('publishes the SHA-256 and the link of the rendered PDF on the registry firm page and in its JSON', async () => {
    const { firm, rating } = await ratedFirm(testApp, { legalName: 'Attestato Pubblicato S.r.l.' });
    const hash = await until(certificateHash(rating.id), 'the certificate is rendered', 60_000, 250);
    const { json, page } = await publishedCertificate(firm.vatNumber, hash);
    const pdfPath = `/api/v1/certificates/${rating.certificateNumber}/pdf`;
    expect(json.links.certificatePdf).toBe(`https://registro.example.it${pdfPath}`);
    expect(page).toContain(`<code class="hash">${hash}</code>`);
    expect(page).toContain(`href="${pdfPath}"`);
    expect(page).not.toContain('in preparazione');
    expect(sha256Of((await downloaded(pdfPath).expect(200)).body as Buffer)).toBe(hash);
  });

  describe('the public page that verifies a certificate PDF', () => {
    it('is linked from /verifica and says whether an uploaded PDF is a certificate the registry issued, and its status now', async () => {
      const { firm, rating, reviewer } = await ratedFirm(testApp, { legalName: 'Documento Verificato S.r.l.' });
      const hash = await until(certificateHash(rating.id), 'the certificate is rendered', 60_000, 250);
      const bytes = (await downloaded(`/api/v1/certificates/${rating.certificateNumber}/pdf`).expect(200)).body as Buffer;
      expect((await testApp.http.get('/verifica').expect(200)).text).toContain('href="/verifica/documento"');

      const web = new WebVisitor(testApp.app);
      const form = await expectStatus(web.get('/verifica/documento'), 200);
      expect(form.text).toContain('<label for="file">');
      expect(form.text).toContain('enctype="multipart/form-data"');
      const genuine = await expectStatus(web.submit('/verifica/documento', {}, { name: 'attestato.pdf', bytes, contentType: 'application/pdf' }), 200);
      expect(genuine.text).toContain('Documento autentico: attestato valido');
      expect(genuine.text).toContain(`Il file è identico all&#x27;attestato ${rating.certificateNumber} rilasciato dal registro.`);
      expect(genuine.text).toContain('Documento Verificato S.r.l.');
      expect(genuine.text).toContain(firm.vatNumber);
      expect(genuine.text).toContain(`<code class="hash">${hash}</code>`);
      expect(genuine.text).toContain(`href="/verifica/${rating.certificateNumber}"`);

      await testApp.http.post(`/api/v1/ratings/${rating.id}/revoke`).set(reviewer.auth).send({ reason: 'irregularities', publicNote: 'Chiamate senza consenso' }).expect(200);
      const revoked = await until(async () => {
        const response = await expectStatus(web.submit('/verifica/documento', { lang: 'en' }, { name: 'attestato.pdf', bytes }), 200);
        return response.text.includes('Genuine document: revoked certificate') ? response : null;
      }, 'verification by upload says revoked', 5_000);
      expect(revoked.text).toContain('Chiamate senza consenso');

      const altered = Buffer.from(bytes);
      altered[Math.floor(altered.length / 2)] ^= 0xff;
      const forged = await expectStatus(web.submit('/verifica/documento', {}, { name: 'attestato.pdf', bytes: altered }), 200);
      expect(forged.text).toContain('Documento non rilasciato dal registro');
      expect(forged.text).toContain(`<code class="hash">${sha256Of(altered)}</code>`);
      expect(forged.text).not.toContain(rating.certificateNumber);
    });

    it('explains a missing, non-PDF or oversize file next to the field, with a 4xx status', async () => {
      const web = new WebVisitor(testApp.app);
      await web.get('/verifica/documento');
      const missing = await expectStatus(web.submit('/verifica/documento', {}), 400);
      expect(missing.text).toMatch(/<p class="error" id="file-error">Scegli il file PDF dell&#x27;attestato da verificare.<\/p>/);
      expect(missing.text).toMatch(/id="file"[^>]*aria-invalid="true"/);
      expect(missing.text).toContain('<a href="#file">');

      const text = await expectStatus(web.submit('/verifica/documento', {}, { name: 'attestato.pdf', bytes: Buffer.from('Attestato di qualità, non firmato') }), 415);
      expect(text.text).toContain('Il file non è un PDF');
      expect(text.text).not.toContain('id="verify-outcome"');

      const oversize = await expectStatus(web.submit('/verifica/documento', {}, { name: 'attestato.pdf', bytes: Buffer.alloc(6 * 1024 * 1024, 0x25) }), 413);
      expect(oversize.text).toContain('Il file è più grande di 5 MB');
      expect(oversize.text).toContain('id="file-error"');

      const english = await expectStatus(web.submit('/verifica/documento', { lang: 'en' }), 400);
      expect(english.text).toContain('Choose the PDF file of the certificate to verify.');
    });

    it('refuses a form without its token', async () => {
      const response = await testApp.http.post('/verifica/documento').set('accept', 'text/html').attach('file', Buffer.from('%PDF-1.7\n%%EOF'), 'attestato.pdf');
      expect(response.status).toBe(403);
      expect(response.text).toContain('Modulo scaduto');
    });
  });
});
