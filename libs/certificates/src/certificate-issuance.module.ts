import { RatingsModule } from '@app/ratings';
import { Module } from '@nestjs/common';
import { CertificateIssuanceService } from './certificate-issuance.service';
import { CertificatesModule } from './certificates.module';

/** Certificates of issued ratings: the render job, the stored PDF, verification by upload. */
@Module({
  imports: [CertificatesModule, RatingsModule],
  providers: [CertificateIssuanceService],
  exports: [CertificateIssuanceService],
})
export class CertificateIssuanceModule {}
