import { Module } from '@nestjs/common';
import { ComplaintRetentionScheduler } from './complaint-retention.scheduler';
import { ComplaintsService } from './complaints.service';

/** Complaints about the scheme: filing, handling, closing, and the contact's retention. Needs the global config, clock, database and history. */
@Module({
  providers: [ComplaintsService, ComplaintRetentionScheduler],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
