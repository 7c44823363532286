import { ChecklistModule } from '@app/checklist';
import { Module } from '@nestjs/common';
import { ApplicationDrafts } from './application-drafts';
import { ApplicationsService } from './applications.service';
import { AssignedAuditors } from './assigned-auditors';
import { EvidenceService } from './evidence.service';

@Module({
  imports: [ChecklistModule],
  providers: [ApplicationsService, EvidenceService, ApplicationDrafts, AssignedAuditors],
  exports: [ApplicationsService, EvidenceService, AssignedAuditors],
})
export class ApplicationsModule {}
