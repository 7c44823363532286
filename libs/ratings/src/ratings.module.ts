import { SanctionsModule } from '@app/sanctions';
import { Module } from '@nestjs/common';
import { RatingLapseScheduler } from './rating-lapse.scheduler';
import { RatingsService } from './ratings.service';
import { ReviewTasksService } from './review-tasks.service';
import { SanctionReviewListener } from './sanction-review.listener';

@Module({
  imports: [SanctionsModule],
  providers: [RatingsService, ReviewTasksService, RatingLapseScheduler, SanctionReviewListener],
  exports: [RatingsService, ReviewTasksService],
})
export class RatingsModule {}
