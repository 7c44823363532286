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
