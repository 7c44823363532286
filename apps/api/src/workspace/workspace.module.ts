import { ApplicationsModule } from '@app/applications';
import { AuditsModule } from '@app/audits';
import { CertificateIssuanceModule } from '@app/certificates';
import { ChecklistModule } from '@app/checklist';
import { FirmsModule } from '@app/firms';
import { HistoryModule } from '@app/history';
import { IdentityModule } from '@app/identity';
import { RatingsModule } from '@app/ratings';
import { ReportsModule } from '@app/reports';
import { SanctionsModule } from '@app/sanctions';
import { StorageModule } from '@app/storage';
import { Module } from '@nestjs/common';
import { AccountPagesController } from '../identity/account-pages.controller';
import { PagesModule } from '../pages/pages.module';
import { PublicRegistryModule } from '../registry/public-registry.module';

/**
 * The web workspace: server-rendered pages for firms, auditors, reviewers and admins, on the same
 * services as the JSON API. Each page controller lives beside its domain's API controller.
 */
@Module({
  imports: [
    PagesModule,
    HistoryModule,
    IdentityModule,
    StorageModule,
    ChecklistModule,
    FirmsModule,
    ApplicationsModule,
    SanctionsModule,
    RatingsModule,
    CertificateIssuanceModule,
    AuditsModule,
    ReportsModule,
    PublicRegistryModule,
  ],
  controllers: [AccountPagesController],
})
export class WorkspaceModule {}
