import { Injectable } from '@nestjs/common';
import { sha256 } from './certificate-bytes';
import { CertificateRenderer } from './certificate-renderer';
import { CertificateSigner } from './certificate-signer';
import { CertificateTemplate } from './certificate-template';
import type { CertificateViewModel } from './certificate-view-model';

/** A finished certificate: the signed PDF and the SHA-256 that is recorded and published for it. */
export interface ProducedCertificate {
  readonly pdf: Buffer;
  readonly sha256: string;
}

@Injectable()
export class CertificateService {
  constructor(
    private readonly template: CertificateTemplate,
    private readonly renderer: CertificateRenderer,
    private readonly signer: CertificateSigner,
  ) {}

  /**
   * Renders, signs and fingerprints one certificate. Throws InvalidCertificateError for a bad view
   * model (do not retry) and RendererUnavailableError when Chromium failed (retry).
   */
  async produce(viewModel: CertificateViewModel): Promise<ProducedCertificate> {
    const html = await this.template.render(viewModel);
    const pdf = await this.signer.sign(await this.renderer.render(html));
    return { pdf, sha256: sha256(pdf) };
  }
}
