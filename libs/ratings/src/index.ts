export * from './certificate-counter.entity';
export * from './rating-event.entity';
export * from './rating-lifecycle';
export * from './rating.entity';
export * from './rating.view';
export * from './ratings.errors';
export * from './ratings.module';
export * from './ratings.service';
export * from './renewal-rules';
export * from './renewals.service';
export * from './review-task.entity';
export * from './review-tasks.service';

import { CertificateCounter } from './certificate-counter.entity';
import { RatingEvent } from './rating-event.entity';
import { Rating } from './rating.entity';
import { ReviewTask } from './review-task.entity';
export const RATINGS_ENTITIES = [Rating, RatingEvent, CertificateCounter, ReviewTask];
