import { DomainError } from '@app/core';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';

/** The SQLSTATE of a failed query, if the error came from PostgreSQL. */
export function postgresErrorCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The constraint a failed query violated, if PostgreSQL named one. */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const constraint = (error.driverError as { constraint?: unknown } | undefined)?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const CHECK_VIOLATION = '23514';
export const SERIALIZATION_FAILURE = '40001';
export const LOCK_NOT_AVAILABLE = '55P03';

/** SQLSTATEs of a server that ended or refused the session: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const CONNECTION_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);
/** Class 08, connection exception. */
const CONNECTION_SQLSTATE_CLASS = '08';
/** The socket's own failures, on connecting or on a connection in use. */
const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What `pg` and `pg-pool` say, without a code, when a connection is lost or cannot be had in time. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * Whether an error means the database could not be reached or the connection was lost, rather than
 * that the query was wrong: the one place that decides it. Looks through TypeORM's wrapper
 * (`driverError`), a `cause` and the attempts of an `AggregateError` (one per address tried).
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (CONNECTION_SQLSTATES.has(code) || SOCKET_ERROR_CODES.has(code) || (code.length === 5 && code.startsWith(CONNECTION_SQLSTATE_CLASS)))) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((known) => message.startsWith(known))) return true;
  // TypeORM releases a transaction's connection when it fails; the transaction's next statement then finds it gone.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  if (Array.isArray(errors) && errors.some((attempt) => isConnectionError(attempt, depth + 1))) return true;
  return isConnectionError(driverError, depth + 1) || isConnectionError(cause, depth + 1);
}

/** Seconds a client is asked to wait (`Retry-After`) before asking again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The database could not be reached or a connection was lost while answering: the request may be retried. */
export class DatabaseUnavailableError extends DomainError {
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor() {
    super('unavailable', 'database_unavailable', `The database is unavailable for a moment; try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds`);
  }
}

/** A connection error as the one error the API answers for all of them (503, `database_unavailable`); anything else as it is. */
export function asDatabaseUnavailable(error: unknown): unknown {
  return isConnectionError(error) ? new DatabaseUnavailableError() : error;
}
