import { ChecklistModule } from '@app/checklist';
import { FirmsModule } from '@app/firms';
import { IdentityModule } from '@app/identity';
import { RatingsModule } from '@app/ratings';
import { Module } from '@nestjs/common';
import { DueChecksScheduler } from './due-checks.scheduler';
import { SurveillanceChecksService } from './surveillance-checks.service';
import { SurveillancePlansService } from './surveillance-plans.service';

@Module({
  imports: [ChecklistModule, FirmsModule, IdentityModule, RatingsModule],
  providers: [SurveillancePlansService, SurveillanceChecksService, DueChecksScheduler],
  exports: [SurveillancePlansService, SurveillanceChecksService, DueChecksScheduler],
})
export class SurveillanceModule {}
