import { ApplicationsModule } from '@app/applications';
import { AuditsModule } from '@app/audits';
import { SanctionsModule } from '@app/sanctions';
import { Module } from '@nestjs/common';
import { CorrectiveActionReviewScheduler } from './corrective-action-review.scheduler';
import { CorrectiveActionReviews } from './corrective-action-reviews';
import { RatingLapseScheduler } from './rating-lapse.scheduler';
import { RatingsService } from './ratings.service';
import { RenewalsService } from './renewals.service';
import { ReviewTasksService } from './review-tasks.service';
import { SanctionReviewListener } from './sanction-review.listener';

@Module({
  imports: [SanctionsModule, ApplicationsModule, AuditsModule],
  providers: [RatingsService, RenewalsService, ReviewTasksService, RatingLapseScheduler, SanctionReviewListener, CorrectiveActionReviews, CorrectiveActionReviewScheduler],
  exports: [RatingsService, RenewalsService, ReviewTasksService, CorrectiveActionReviews],
})
export class RatingsModule {}
