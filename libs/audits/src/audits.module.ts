import { ApplicationsModule } from '@app/applications';
import { ChecklistModule } from '@app/checklist';
import { FirmsModule } from '@app/firms';
import { IdentityModule } from '@app/identity';
import { SanctionsModule } from '@app/sanctions';
import { StorageModule } from '@app/storage';
import { Module } from '@nestjs/common';
import { AssignedAuditorSource } from './assigned-auditor-source';
import { AuditQueries } from './audit-queries';
import { AuditRecords } from './audit-records';
import { AuditWorkService } from './audit-work.service';
import { AuditsService } from './audits.service';
import { CorrectiveActionsService } from './corrective-actions.service';
import { DecidableAuditsService } from './decidable-audits.service';

@Module({
  imports: [ApplicationsModule, ChecklistModule, FirmsModule, IdentityModule, SanctionsModule, StorageModule],
  providers: [AuditsService, AuditWorkService, CorrectiveActionsService, DecidableAuditsService, AuditRecords, AuditQueries, AssignedAuditorSource],
  exports: [AuditsService, AuditWorkService, CorrectiveActionsService, DecidableAuditsService],
})
export class AuditsModule {}
