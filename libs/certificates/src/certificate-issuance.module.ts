import { RatingsModule } from '@app/ratings';
import { Module } from '@nestjs/common';
import { CertificateIssuanceService } from './certificate-issuance.service';
import { CertificatesModule } from './certificates.module';
import { OrphanedRenderScheduler } from './orphaned-render.scheduler';

/** Certificates of issued ratings: the render job (and the sweep of orphaned ones), the stored PDF, verification by upload. */
@Module({
  imports: [CertificatesModule, RatingsModule],
  providers: [CertificateIssuanceService, OrphanedRenderScheduler],
  exports: [CertificateIssuanceService],
})
export class CertificateIssuanceModule {}
