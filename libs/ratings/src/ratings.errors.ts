import { DomainError, UnprocessableError } from '@app/core';
import type { RenewalRefusal } from './renewal-rules';

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

export class RenewalNotOpenError extends UnprocessableError {
  constructor(reason: RenewalRefusal, opensOn: string | null) {
    super(
      'renewal_not_open',
      reason === 'too_early'
        ? `The renewal of this rating opens on ${opensOn ?? ''}: ask again from that day`
        : 'This rating cannot be renewed: it was revoked or already renewed; apply afresh instead',
      { reason, opensOn },
    );
  }
}

/** A suspension may last from one day up to the configured maximum (SUSPENSION_MAX_DAYS). */
export class SuspensionLengthError extends DomainError {
  constructor(readonly maxDays: number) {
    const message = `days must be a whole number from 1 to ${maxDays}`;
    super('bad_request', 'invalid_suspension_length', message, { fields: { days: [message] }, maxDays });
  }
}
