import { ApplicationsModule } from '@app/applications';
import { SanctionsModule } from '@app/sanctions';
import { Module } from '@nestjs/common';
import { RatingLapseScheduler } from './rating-lapse.scheduler';
import { RatingsService } from './ratings.service';
import { RenewalsService } from './renewals.service';
import { ReviewTasksService } from './review-tasks.service';
import { SanctionReviewListener } from './sanction-review.listener';

@Module({
  imports: [SanctionsModule, ApplicationsModule],
  providers: [RatingsService, RenewalsService, ReviewTasksService, RatingLapseScheduler, SanctionReviewListener],
  exports: [RatingsService, RenewalsService, ReviewTasksService],
})
export class RatingsModule {}
