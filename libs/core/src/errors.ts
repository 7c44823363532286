/**
 * The kinds of failure a caller can act on. Each kind maps to exactly one HTTP status
 * in the API's error filter; `code` on the error is the stable, more specific name.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

/** A failure the domain anticipates. Libraries throw these; only the API turns them into HTTP. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, details?: Record<string, unknown>) {
    super('not_found', 'not_found', `${what} not found`, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this', code = 'forbidden') {
    super('forbidden', code, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in to continue', code = 'unauthenticated') {
    super('unauthenticated', code, message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('conflict', code, message, details);
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('unprocessable', code, message, details);
  }
}

export class RateLimitedError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('rate_limited', 'rate_limited', message, { retryAfterSeconds });
  }
}

/** A state machine refused a transition; the current state wins, so this is a conflict. */
export class InvalidTransitionError extends DomainError {
  constructor(entity: string, from: string, to: string) {
    super('conflict', 'invalid_transition', `${entity} cannot go from ${from} to ${to}`, { from, to });
  }
}
