export { CorrectiveActionReviews } from './corrective-action-reviews';
export { RATING_EVENT_KINDS, RatingEvent, type RatingEventKind } from './rating-event.entity';
export { CERTIFICATE_NUMBER_PATTERN, effectiveRatingFacts, effectiveRatingStatus, effectiveRatingStatusSql, formatCertificateNumber, LAPSED_SUSPENSION_NOTE, parseCertificateNumber, RATING_STATUSES, RATING_TRANSITIONS, type RatingStatus, REVOCATION_REASONS, type RevocationReason } from './rating-lifecycle';
export { Rating } from './rating.entity';
export { type RatingView } from './rating.view';
export { RenewalNotOpenError, SuspensionLengthError } from './ratings.errors';
export { RatingsModule } from './ratings.module';
export { CERTIFICATE_RENDER_QUEUE, type CertificateRenderJob, RatingsService } from './ratings.service';
export { RenewalsService } from './renewals.service';
export { REVIEW_OUTCOMES, REVIEW_TASK_KINDS, type ReviewOutcome, ReviewTask } from './review-task.entity';
export { type ReviewedSanction, ReviewTasksService } from './review-tasks.service';

import { CertificateCounter } from './certificate-counter.entity';
import { RatingEvent } from './rating-event.entity';
import { Rating } from './rating.entity';
import { ReviewTask } from './review-task.entity';
export const RATINGS_ENTITIES = [Rating, RatingEvent, CertificateCounter, ReviewTask];
