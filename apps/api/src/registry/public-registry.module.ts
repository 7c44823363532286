import { CertificateIssuanceModule } from '@app/certificates';
import { ChecklistModule } from '@app/checklist';
import { FirmsModule } from '@app/firms';
import { RegistryModule } from '@app/registry';
import { ReportsModule } from '@app/reports';
import { StatisticsModule } from '@app/statistics';
import { TransparencyModule } from '@app/transparency';
import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { PublicPagesController } from '../pages/public-pages.controller';
import { RegistryPagesController } from './registry-pages.controller';
import { PublicFilesController } from './public-files.controller';
import { PublicRateLimiter, PublicRateLimitGuard } from './public-rate-limit.guard';
import { RegistryFastPath } from './registry-fast-path';
import { RegistryController } from './registry.controller';

/** The public registry over HTTP: JSON, files and pages (the front door's too), under one per-IP rate limit. */
@Module({
  imports: [RegistryModule, PagesModule, FirmsModule, ReportsModule, CertificateIssuanceModule, ChecklistModule, StatisticsModule, TransparencyModule],
  controllers: [RegistryController, PublicFilesController, RegistryPagesController, PublicPagesController],
  providers: [PublicRateLimiter, PublicRateLimitGuard, RegistryFastPath],
  exports: [PublicRateLimiter, PublicRateLimitGuard],
})
export class PublicRegistryModule {}
