import { ChecklistModule } from '@app/checklist';
import { FirmsModule } from '@app/firms';
import { IdentityModule } from '@app/identity';
import { RatingsModule } from '@app/ratings';
import { Module } from '@nestjs/common';
import { SurveillanceChecksService } from './surveillance-checks.service';
import { SurveillancePlansService } from './surveillance-plans.service';

@Module({
  imports: [ChecklistModule, FirmsModule, IdentityModule, RatingsModule],
  providers: [SurveillancePlansService, SurveillanceChecksService],
  exports: [SurveillancePlansService, SurveillanceChecksService],
})
export class SurveillanceModule {}
