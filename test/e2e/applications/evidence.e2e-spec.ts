import { createHash } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { openApplication, PDF_BYTES, uploadEvidence } from '../../factories/application.factory';
import { registerFirm, RegisteredFirm } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

const MAX_BYTES = 64 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120), Buffer.from('This program cannot be run in DOS mode.')]);

describe('evidence: upload, versions, download and abuse (HTTP, PostgreSQL server)', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let firm: RegisteredFirm;
  let applicationId: string;

  const blobCount = async () => Number((await dataSource.query<{ count: string }[]>('SELECT count(*) FROM stored_blob'))[0].count);
  const evidenceCount = async () => Number((await dataSource.query<{ count: string }[]>('SELECT count(*) FROM evidence'))[0].count);

  beforeAll(async () => {
    testApp = await startTestApp({ env: { EVIDENCE_MAX_BYTES: String(MAX_BYTES) } });
    testApp.clock.set(new Date('2026-03-02T10:00:00Z'));
    dataSource = testApp.app.get(DataSource);
    firm = await registerFirm(testApp);
    applicationId = await openApplication(testApp, firm);
  });
  afterAll(() => testApp.close());

  it('stores a document with its detected type, hash, dates and a safe name, and returns the exact bytes', async () => {
    const uploaded = await uploadEvidence(testApp, firm, applicationId, 'TR-01', {
      name: 'Attestato formazione GDPR – àè.PDF',
      fields: { effectiveDate: '2025-11-20', expiresOn: '2026-11-20', description: 'Corso di 8 ore' },
    }).expect(201);
    expect(uploaded.body).toMatchObject({
      itemCode: 'TR-01',
      fileName: 'Attestato formazione GDPR_àè.pdf',
      contentType: 'application/pdf',
      size: PDF_BYTES.length,
      sha256: sha256(PDF_BYTES),
      description: 'Corso di 8 ore',
      effectiveDate: '2025-11-20',
      expiresOn: '2026-11-20',
      supersedesId: null,
      uploadedBy: firm.owner.id,
      uploadedAt: '2026-03-02T10:00:00.000Z',
    });

    const download = await testApp.http
      .get(`/api/v1/applications/${applicationId}/evidence/${uploaded.body.id}/content`)
      .set(firm.owner.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF_BYTES)).toBe(0);
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="Attestato formazione GDPR_ae.pdf"; filename*=UTF-8''Attestato%20formazione%20GDPR_%C3%A0%C3%A8.pdf`,
      'x-content-type-options': 'nosniff',
      'content-length': String(PDF_BYTES.length),
    });
  });

  it('stores the same bytes once, however many times they are attached', async () => {
    const bytes = Buffer.from(`Registro formazione ${Date.now()}\n`);
    const before = await blobCount();
    await uploadEvidence(testApp, firm, applicationId, 'TR-02', { bytes, name: 'registro.txt' }).expect(201);
    await uploadEvidence(testApp, firm, applicationId, 'TR-03', { bytes, name: 'copia.txt' }).expect(201);
    expect(await blobCount()).toBe(before + 1);
  });

  it('keeps every version: a new one supersedes the older without deleting it', async () => {
    const first = await uploadEvidence(testApp, firm, applicationId, 'CP-01', { name: 'procedura-v1.pdf' }).expect(201);
    const second = await uploadEvidence(testApp, firm, applicationId, 'CP-01', { bytes: PNG, name: 'procedura-v2.png', fields: { effectiveDate: '2026-02-01', supersedesId: first.body.id } }).expect(201);
    expect(second.body).toMatchObject({ contentType: 'image/png', fileName: 'procedura-v2.png', supersedesId: first.body.id });

    const fork = await uploadEvidence(testApp, firm, applicationId, 'CP-01', { fields: { effectiveDate: '2026-02-01', supersedesId: first.body.id } }).expect(409);
    expect(fork.body.code).toBe('evidence_already_superseded');
    const elsewhere = await uploadEvidence(testApp, firm, applicationId, 'CP-02', { fields: { effectiveDate: '2026-02-01', supersedesId: second.body.id } }).expect(422);
    expect(elsewhere.body.code).toBe('superseded_evidence_mismatch');

    const list = await testApp.http.get(`/api/v1/applications/${applicationId}/evidence`).set(firm.owner.auth).expect(200);
    const versions = list.body.filter((e: { itemCode: string }) => e.itemCode === 'CP-01');
    expect(versions.map((e: { id: string; supersededById: string | null }) => [e.id, e.supersededById])).toEqual([
      [first.body.id, second.body.id],
      [second.body.id, null],
    ]);
    await testApp.http.get(`/api/v1/applications/${applicationId}/evidence/${first.body.id}/content`).set(firm.owner.auth).expect(200);
  });

  it('checks the dates and the fields sent beside the file', async () => {
    const future = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { fields: { effectiveDate: '2026-03-03' } }).expect(400);
    expect(future.body).toMatchObject({ code: 'invalid_evidence_dates', details: { fields: { effectiveDate: [expect.stringMatching(/in the future/)] } } });
    const backwards = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { fields: { effectiveDate: '2026-01-10', expiresOn: '2026-01-09' } }).expect(400);
    expect(backwards.body.details.fields.expiresOn).toEqual(['expiresOn must not be before effectiveDate']);
    const missing = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { fields: {} }).expect(400);
    expect(missing.body.details.fields.effectiveDate).toEqual(['effectiveDate must be a date like 2026-01-12']);
    const impossible = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { fields: { effectiveDate: '2026-02-30' } }).expect(400);
    expect(impossible.body.details.fields.effectiveDate).toEqual(['effectiveDate must be a real date']);
    const unknown = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { fields: { effectiveDate: '2026-01-10', path: '/etc' } }).expect(400);
    expect(unknown.body.details.fields.path).toEqual(['property path should not exist']);
    expect((await uploadEvidence(testApp, firm, applicationId, 'SA-01').expect(422)).body.code).toBe('computed_checklist_item');
  });

  describe('abuse: each a clear 4xx, nothing stored, and the server keeps serving', () => {
    let blobsBefore: number;
    let evidenceBefore: number;

    beforeEach(async () => {
      blobsBefore = await blobCount();
      evidenceBefore = await evidenceCount();
    });

    afterEach(async () => {
      expect(await blobCount()).toBe(blobsBefore);
      expect(await evidenceCount()).toBe(evidenceBefore);
      await testApp.http.get('/health').expect(200);
      await testApp.http.get(`/api/v1/applications/${applicationId}/evidence`).set(firm.owner.auth).expect(200);
    });

    it('an oversize file is a 413 naming the limit', async () => {
      const response = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(MAX_BYTES)]), name: 'big.pdf' }).expect(413);
      expect(response.body).toMatchObject({ code: 'file_too_large', message: 'The file is larger than the 0.1 MB limit', details: { maxBytes: MAX_BYTES } });
    });

    it('a renamed executable is a 415', async () => {
      const response = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { bytes: EXE, name: 'verbale.pdf' }).expect(415);
      expect(response.body).toMatchObject({ code: 'unsupported_evidence_type', message: expect.stringMatching(/^The file is not a PDF, PNG, JPEG, CSV or plain-text file/) });
    });

    it('an HTML file named .pdf is a 415', async () => {
      const html = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/v1/auth/me")</script></body></html>');
      const response = await uploadEvidence(testApp, firm, applicationId, 'CA-01', { bytes: html, name: 'verbale.pdf' }).expect(415);
      expect(response.body.message).toMatch(/HTML, XML and other markup files are not accepted/);
    });

    it('a path-traversal file name is a 400', async () => {
      for (const name of ['../../etc/passwd.pdf', '..\\..\\windows\\verbale.pdf']) {
        // Written by hand: form libraries reduce a file name to its last segment before sending it.
        const body = Buffer.concat([
          Buffer.from(`--B\r\nContent-Disposition: form-data; name="effectiveDate"\r\n\r\n2026-01-12\r\n`),
          Buffer.from(`--B\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/\\/g, '\\\\')}"\r\nContent-Type: application/pdf\r\n\r\n`),
          PDF_BYTES,
          Buffer.from('\r\n--B--\r\n'),
        ]);
        const response = await testApp.http
          .post(`/api/v1/applications/${applicationId}/items/CA-01/evidence`)
          .set(firm.owner.auth)
          .set('Content-Type', 'multipart/form-data; boundary=B')
          .send(body)
          .expect(400);
        expect(response.body).toMatchObject({ code: 'invalid_file_name', message: 'The file name must be a bare name, without a path' });
      }
    });

    it('a broken multipart body is a 400', async () => {
      const truncated = Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="effectiveDate"\r\n\r\n2026-01-12\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc');
      const cut = await testApp.http
        .post(`/api/v1/applications/${applicationId}/items/CA-01/evidence`)
        .set(firm.owner.auth)
        .set('Content-Type', 'multipart/form-data; boundary=XyZ')
        .send(truncated)
        .expect(400);
      expect(cut.body).toMatchObject({ code: 'malformed_multipart', message: 'The multipart body is malformed: it ends before the file does' });
      const noBoundary = await testApp.http
        .post(`/api/v1/applications/${applicationId}/items/CA-01/evidence`)
        .set(firm.owner.auth)
        .set('Content-Type', 'multipart/form-data')
        .send('garbage')
        .expect(400);
      expect(noBoundary.body.message).toMatch(/malformed/);
      const notMultipart = await testApp.http.post(`/api/v1/applications/${applicationId}/items/CA-01/evidence`).set(firm.owner.auth).send({ file: 'x' }).expect(415);
      expect(notMultipart.body.code).toBe('multipart_required');
    });

    it('a refused upload leaves a kept-alive connection usable', async () => {
      const server = testApp.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers, timeout: 10_000 }, (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          });
          request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
          request.on('error', reject);
          request.end(body);
        });
      const boundary = 'KeepAliveBoundary';
      const form = (field: string, fileBytes: Buffer) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n2026-01-12\r\n`),
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
          PDF_BYTES,
          fileBytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
      const upload = (body: Buffer) =>
        send('POST', `/api/v1/applications/${applicationId}/items/CA-01/evidence`, { ...firm.owner.auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, body);
      try {
        expect((await upload(form('effectiveDate', Buffer.alloc(MAX_BYTES * 3, 0x20)))).status).toBe(413);
        expect((await send('GET', '/health', {})).status).toBe(200);
        expect((await upload(form('unexpected', Buffer.alloc(MAX_BYTES - 1024, 0x20)))).status).toBe(400);
        expect((await send('GET', '/health', {})).status).toBe(200);
      } finally {
        agent.destroy();
      }
    });
  });
});
