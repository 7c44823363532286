import { DomainError } from '@app/core';

export class RatingNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'rating_not_found', 'Rating not found');
  }
}

export class ReviewTaskNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'review_task_not_found', 'Review task not found, or already closed');
  }
}

/** A suspension may last from one day up to the configured maximum (SUSPENSION_MAX_DAYS). */
export class SuspensionLengthError extends DomainError {
  constructor(readonly maxDays: number) {
    const message = `days must be a whole number from 1 to ${maxDays}`;
    super('bad_request', 'invalid_suspension_length', message, { fields: { days: [message] }, maxDays });
  }
}
