import {
  CERTIFICATE_TEXT_LIMITS,
  CertificateService,
  DEMO_SIGNING_KEY_FILE,
  InvalidCertificateError,
  looksLikePdf,
  sha256,
  SigningKeyError,
} from '@app/certificates';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { certificateViewModel, CertificatesHarness, normalizeSpaces, PdfWorkbench, runCommand, startCertificates } from './certificate-fixtures';

const workbench = new PdfWorkbench();
afterAll(() => workbench.remove());

describe('a produced certificate (self-signed demo key)', () => {
  let harness: CertificatesHarness;
  let certificates: CertificateService;
  let produced: { pdf: Buffer; sha256: string };

  beforeAll(async () => {
    harness = await startCertificates();
    certificates = harness.module.get(CertificateService);
    produced = await certificates.produce(certificateViewModel());
  });
  afterAll(async () => {
    await harness.close();
    rmSync(harness.dataDir, { recursive: true, force: true });
  });

  it('is one A4 page that says who, what and until when, in Italian and English', async () => {
    const info = await workbench.info(produced.pdf);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
    expect(info).toMatch(/^Title:\s+Attestato AQ-2026-000042 — Contact Italia Servizi S\.p\.A\.$/m);
    // The platform made it, not a browser: no HeadlessChrome user agent, no Skia.
    expect(info).toMatch(/^Creator:\s+Azienda Qualificata$/m);
    expect(info).toMatch(/^Producer:\s+Azienda Qualificata$/m);
    expect(info).not.toMatch(/HeadlessChrome|Skia/);
    const text = normalizeSpaces(await workbench.text(produced.pdf));
    for (const expected of [
      'Attestato di Qualificazione',
      'NUMERO ATTESTATO',
      'Certificate of Qualification',
      'Contact Italia Servizi S.p.A.',
      'IT01234567897',
      'Via dei Mille 12, 20121 Milano (MI)',
      'AQ-2026-000042',
      '24/11/2026',
      '24 novembre 2026',
      '24/11/2027',
      '24 novembre 2027',
      '2026.1',
      'https://www.aziendaqualificata.example/verifica/AQ-2026-000042',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('embeds its own fonts', async () => {
    const fonts = await workbench.fonts(produced.pdf);
    expect(fonts).toMatch(/SourceSerif4\S*\s.*\byes\b/);
    expect(fonts).toMatch(/SourceSans3\S*\s.*\byes\b/);
  });

  it('passes qpdf --check without errors or warnings', async () => {
    const check = await workbench.check(produced.pdf);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.exitCode).toBe(0);
  });

  it('carries a valid PAdES signature over the whole file', async () => {
    const report = await workbench.signature(produced.pdf);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signer Certificate Common Name: Azienda Qualificata - firma degli attestati (demo)');
  });

  it('reports a digest mismatch when one signed byte changes', async () => {
    const reason = produced.pdf.indexOf('Attestato Azienda Qualificata');
    expect(reason).toBeGreaterThan(0);
    const tampered = Buffer.from(produced.pdf);
    tampered[reason] = 'a'.charCodeAt(0);
    const report = await workbench.signature(tampered);
    expect(report).toContain('Digest Mismatch');
    expect(report).not.toContain('Signature is Valid.');
  });

  it('returns the SHA-256 of exactly the bytes it returns', () => {
    expect(produced.sha256).toBe(sha256(produced.pdf));
    expect(looksLikePdf(produced.pdf)).toBe(true);
  });

  it('keeps the longest allowed texts on one page', async () => {
    const longest = (phrase: string, length: number) => phrase.repeat(Math.ceil(length / phrase.length)).slice(0, length).trimEnd() + 'Z';
    const viewModel = certificateViewModel({
      firmLegalName: longest('Società Cooperativa di Servizi Telefonici Integrati Lombardia ', CERTIFICATE_TEXT_LIMITS.firmLegalName - 1),
      registeredOffice: longest('Via del Commercio e della Cooperazione Internazionale 123, ', CERTIFICATE_TEXT_LIMITS.registeredOffice - 1),
      checklistVersion: longest('2026.1-rev', CERTIFICATE_TEXT_LIMITS.checklistVersion - 1),
      // A renewal's certificate has one line more: the start of its period.
      validFrom: new Date('2027-11-24T23:00:00Z'),
      validUntil: new Date('2028-11-24T22:59:59.999Z'),
    });
    const { pdf } = await certificates.produce(viewModel);
    expect(await workbench.info(pdf)).toMatch(/^Pages:\s+1$/m);
    expect(normalizeSpaces(await workbench.text(pdf))).toContain(viewModel.verificationUrl);
  });

  it('refuses an invalid view model before rendering, naming every problem', async () => {
    const attempt = certificates.produce(certificateViewModel({ certificateNumber: 'AQ-1', firmLegalName: '' }));
    await expect(attempt).rejects.toBeInstanceOf(InvalidCertificateError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'invalid_certificate',
      problems: ['certificateNumber must look like AQ-YYYY-NNNNNN', 'firmLegalName must not be empty'],
    });
  });

  it('keeps the demo key in DATA_DIR and reuses it after a restart', async () => {
    const keyFile = join(harness.dataDir, DEMO_SIGNING_KEY_FILE);
    const before = readFileSync(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const restarted = await startCertificates({}, harness.dataDir);
    try {
      const { pdf } = await restarted.module.get(CertificateService).produce(certificateViewModel());
      expect(await workbench.signature(pdf)).toContain('Signature is Valid.');
      expect(readFileSync(keyFile)).toEqual(before);
    } finally {
      await restarted.close();
    }
  });
});

describe('a certificate signed with a configured PKCS#12 key', () => {
  let scratch: CertificatesHarness;

  beforeAll(async () => {
    scratch = await startCertificates();
  });
  afterAll(async () => {
    await scratch.close();
    rmSync(scratch.dataDir, { recursive: true, force: true });
  });

  /** A key and certificate made by OpenSSL, exported as PKCS#12 with OpenSSL 3's defaults (AES-256, PBKDF2). */
  async function opensslP12(name: string, keyArguments: string[]): Promise<string> {
    const key = join(scratch.dataDir, `${name}.key.pem`);
    const certificate = join(scratch.dataDir, `${name}.crt.pem`);
    const p12 = join(scratch.dataDir, `${name}.p12`);
    await runCommand('openssl', ['req', '-x509', ...keyArguments, '-nodes', '-keyout', key, '-out', certificate, '-days', '30', '-subj', `/CN=${name}/O=Firma di prova/C=IT`]);
    await runCommand('openssl', ['pkcs12', '-export', '-inkey', key, '-in', certificate, '-out', p12, '-passout', 'pass:segreto']);
    return p12;
  }

  it.each([
    ['RSA key', 'Firma RSA di prova', ['-newkey', 'rsa:2048']],
    ['EC key', 'Firma EC di prova', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
  ])('signs with an %s', async (_, name, keyArguments) => {
    const p12 = await opensslP12(name.replace(/ /g, '-'), keyArguments);
    const harness = await startCertificates({ CERTIFICATE_P12_PATH: p12, CERTIFICATE_P12_PASSWORD: 'segreto' }, scratch.dataDir);
    try {
      const { pdf } = await harness.module.get(CertificateService).produce(certificateViewModel());
      const report = await workbench.signature(pdf);
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain(`Signer Certificate Common Name: ${name.replace(/ /g, '-')}`);
    } finally {
      await harness.close();
    }
  });

  it('fails with a clear error on a wrong password, and never falls back to the demo key', async () => {
    const p12 = await opensslP12('Firma-password', ['-newkey', 'rsa:2048']);
    const harness = await startCertificates({ CERTIFICATE_P12_PATH: p12, CERTIFICATE_P12_PASSWORD: 'sbagliata' }, scratch.dataDir);
    try {
      await expect(harness.module.get(CertificateService).produce(certificateViewModel())).rejects.toThrow(SigningKeyError);
      expect(() => statSync(join(scratch.dataDir, DEMO_SIGNING_KEY_FILE))).toThrow(/ENOENT/);
    } finally {
      await harness.close();
    }
  });

  it('fails with a clear error when the key file is missing', async () => {
    const harness = await startCertificates({ CERTIFICATE_P12_PATH: join(scratch.dataDir, 'missing.p12') }, scratch.dataDir);
    try {
      await expect(harness.module.get(CertificateService).produce(certificateViewModel())).rejects.toThrow(/Cannot read CERTIFICATE_P12_PATH/);
    } finally {
      await harness.close();
    }
  });
});
