import { CertificateIssuanceService } from '@app/certificates';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ratedFirm } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

async function eventually<T>(read: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

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

  it('renders the certificate once, serves the same bytes, and verifies them by upload', async () => {
    const { firm, rating, reviewer } = await ratedFirm(testApp, { legalName: 'Società <b>Chiamate</b> & Figli S.p.A.' });
    const sha256 = await eventually(certificateHash(rating.id));

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
});
