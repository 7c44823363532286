import { ApplicationsModule } from '@app/applications';
import { ChecklistModule } from '@app/checklist';
import { FirmsModule } from '@app/firms';
import { RatingsModule } from '@app/ratings';
import { SanctionsModule } from '@app/sanctions';
import { Module } from '@nestjs/common';
import { AssignedAuditorSource } from './assigned-auditor-source';
import { AuditDecisionsService } from './audit-decisions.service';
import { AuditQueries } from './audit-queries';
import { AuditRecords } from './audit-records';
import { AuditWorkService } from './audit-work.service';
import { AuditsService } from './audits.service';

@Module({
  imports: [ApplicationsModule, ChecklistModule, FirmsModule, SanctionsModule, RatingsModule],
  providers: [AuditsService, AuditWorkService, AuditDecisionsService, AuditRecords, AuditQueries, AssignedAuditorSource],
  exports: [AuditsService, AuditWorkService, AuditDecisionsService],
})
export class AuditsModule {}
