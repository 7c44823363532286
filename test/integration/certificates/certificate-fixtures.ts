import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { certificateVerificationUrl, CertificatesModule, CertificateViewModel } from '@app/certificates';
import { AdjustableClock, ClockModule } from '@app/core';
import { Test, TestingModule } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PUBLIC_BASE_URL = 'https://www.aziendaqualificata.example';

export function certificateViewModel(overrides: Partial<CertificateViewModel> = {}): CertificateViewModel {
  const certificateNumber = overrides.certificateNumber ?? 'AQ-2026-000042';
  return {
    certificateNumber,
    firmLegalName: 'Contact Italia Servizi S.p.A.',
    vatNumber: 'IT01234567897',
    registeredOffice: 'Via dei Mille 12, 20121 Milano (MI)',
    issuedAt: new Date('2026-11-24T09:00:00Z'),
    validUntil: new Date('2027-11-24T09:00:00Z'),
    checklistVersion: '2026.1',
    verificationUrl: certificateVerificationUrl(PUBLIC_BASE_URL, certificateNumber),
    ...overrides,
  };
}

export interface CertificatesHarness {
  readonly module: TestingModule;
  readonly config: AppConfig;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The certificates module alone, as the worker will run it: configuration, clock, no database. */
export async function startCertificates(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'aq-certificates-'))): Promise<CertificatesHarness> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_BASE_URL, ...env });
  const module = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), ClockModule.forRoot(new AdjustableClock(new Date('2026-11-24T10:00:00Z'))), CertificatesModule],
  }).compile();
  module.useLogger(false);
  return {
    module,
    config,
    dataDir,
    async close() {
      await module.close();
    },
  };
}

/** A scratch folder for PDFs handed to the poppler and qpdf command-line tools. */
export class PdfWorkbench {
  private readonly folder = mkdtempSync(join(tmpdir(), 'aq-pdf-'));
  private count = 0;

  file(pdf: Buffer): string {
    this.count += 1;
    const path = join(this.folder, `document-${this.count}.pdf`);
    writeFileSync(path, pdf);
    return path;
  }

  async text(pdf: Buffer): Promise<string> {
    return (await run('pdftotext', ['-enc', 'UTF-8', this.file(pdf), '-'])).stdout;
  }

  async info(pdf: Buffer): Promise<string> {
    return (await run('pdfinfo', [this.file(pdf)])).stdout;
  }

  async fonts(pdf: Buffer): Promise<string> {
    return (await run('pdffonts', [this.file(pdf)])).stdout;
  }

  /** pdfsig exits 0 even when the digest does not match: callers read its output. */
  async signature(pdf: Buffer): Promise<string> {
    const result = await run('pdfsig', [this.file(pdf)]).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
    return `${result.stdout}${result.stderr}`;
  }

  /** qpdf exits 0 only for a file without errors or warnings. */
  async check(pdf: Buffer): Promise<{ exitCode: number; output: string }> {
    try {
      const { stdout, stderr } = await run('qpdf', ['--check', this.file(pdf)]);
      return { exitCode: 0, output: `${stdout}${stderr}` };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: failure.code ?? -1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** pdftotext lays text out in columns; comparing on single spaces keeps assertions about content, not layout. */
export const normalizeSpaces = (text: string): string => text.replace(/\s+/g, ' ');

export { run as runCommand };
