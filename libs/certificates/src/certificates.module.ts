import { Module } from '@nestjs/common';
import { CertificateRenderer } from './certificate-renderer';
import { CertificateSigner } from './certificate-signer';
import { CertificateTemplate } from './certificate-template';
import { CertificateService } from './certificate.service';

/** Certificate PDFs: template, Chromium renderer, signer. Needs the global ConfigModule and ClockModule. */
@Module({
  providers: [CertificateTemplate, CertificateRenderer, CertificateSigner, CertificateService],
  exports: [CertificateService, CertificateRenderer, CertificateTemplate, CertificateSigner],
})
export class CertificatesModule {}
