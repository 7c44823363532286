import { ApplicationsModule } from '@app/applications';
import { AuditsModule } from '@app/audits';
import { FirmsModule } from '@app/firms';
import { RatingsModule } from '@app/ratings';
import { SanctionsModule } from '@app/sanctions';
import { Module } from '@nestjs/common';
import { AuditDecisionsService } from './audit-decisions.service';

@Module({
  imports: [ApplicationsModule, AuditsModule, FirmsModule, RatingsModule, SanctionsModule],
  providers: [AuditDecisionsService],
  exports: [AuditDecisionsService],
})
export class DecisionsModule {}
