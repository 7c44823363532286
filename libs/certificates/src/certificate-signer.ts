import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cadesDetachedSignature, SigningKey } from './cades-signature';
import { SigningKeyError } from './certificates.errors';
import { errorMessage, hasErrorCode } from './error-facts';
import { appendSignaturePlaceholder, insertSignature } from './pdf-incremental-signature';
import { createDemoP12, signerCommonName, signingKeyFromP12 } from './signing-key';

/** Where the self-signed demo key lives inside `DATA_DIR` when no CERTIFICATE_P12_PATH is configured. */
export const DEMO_SIGNING_KEY_FILE = 'certificate-signing.p12';

const SIGNATURE_SUBFILTER = 'ETSI.CAdES.detached';
/** Room for the CMS structure around the certificates: attributes, signature value, DER headers. */
const SIGNATURE_OVERHEAD_BYTES = 2048;

/**
 * Signs certificate PDFs (PAdES baseline B: an invisible ETSI.CAdES.detached signature over the whole
 * file) with the key in CERTIFICATE_P12_PATH, or with a self-signed demo key created on first use in
 * `DATA_DIR/certificate-signing.p12` and reused afterwards. The key is read once per process.
 */
/** The Creator and Producer of every certificate PDF. */
export const PDF_AUTHORING_APPLICATION = 'Azienda Qualificata';

@Injectable()
export class CertificateSigner {
  private readonly logger = new Logger(CertificateSigner.name);
  private key: Promise<SigningKey> | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The signed PDF: Chromium's bytes unchanged, then an incremental update with the signature, its
   * field, and the document information naming the platform as Creator and Producer (Chromium
   * writes its user agent and Skia), keeping the title and dates.
   */
  async sign(pdf: Buffer): Promise<Buffer> {
    const key = await this.signingKey();
    const prepared = appendSignaturePlaceholder(pdf, {
      reason: 'Attestato Azienda Qualificata / Azienda Qualificata certificate',
      contactInfo: this.config.publicBaseUrl,
      name: signerCommonName(key) ?? 'Azienda Qualificata',
      location: 'Italia',
      signingTime: this.clock.now(),
      subFilter: SIGNATURE_SUBFILTER,
      signatureBytes: key.certificates.reduce((total, certificate) => total + certificate.length, SIGNATURE_OVERHEAD_BYTES),
      authoringApplication: PDF_AUTHORING_APPLICATION,
    });
    return insertSignature(prepared, cadesDetachedSignature(prepared.signedRanges, key));
  }

  private signingKey(): Promise<SigningKey> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<SigningKey> {
    const { p12Path, p12Password } = this.config.certificateSigning;
    if (p12Path === undefined) return this.demoKey(p12Password);
    let bytes: Buffer;
    try {
      bytes = await readFile(p12Path);
    } catch (error) {
      throw new SigningKeyError(`Cannot read CERTIFICATE_P12_PATH ${p12Path}: ${errorMessage(error)}`, { cause: error });
    }
    return signingKeyFromP12(bytes, p12Password);
  }

  private async demoKey(password: string): Promise<SigningKey> {
    const path = join(this.config.database.dataDir, DEMO_SIGNING_KEY_FILE);
    try {
      return signingKeyFromP12(await readFile(path), password);
    } catch (error) {
      if (!hasErrorCode(error, 'ENOENT')) throw error;
    }
    await mkdir(this.config.database.dataDir, { recursive: true });
    const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(draft, createDemoP12(password, this.clock.now()), { mode: 0o600 });
    try {
      // link() never overwrites: when the API and the worker start together, the first key wins and both use it.
      await link(draft, path);
      this.logger.warn(`Created a self-signed demo key for signing certificates in ${path}; set CERTIFICATE_P12_PATH for real use`);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
    } finally {
      await unlink(draft);
    }
    return signingKeyFromP12(await readFile(path), password);
  }
}
