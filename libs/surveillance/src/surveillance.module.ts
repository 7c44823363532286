import { ChecklistModule } from '@app/checklist';
import { Module } from '@nestjs/common';
import { SurveillancePlansService } from './surveillance-plans.service';

@Module({
  imports: [ChecklistModule],
  providers: [SurveillancePlansService],
  exports: [SurveillancePlansService],
})
export class SurveillanceModule {}
