import { DomainError, ErrorKind, RateLimitedError } from '@app/core';
import { asDatabaseUnavailable, DatabaseUnavailableError, postgresErrorCode, UNIQUE_VIOLATION } from '@app/database';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorBody } from './error-body';

const STATUS_OF_KIND: { readonly [K in ErrorKind]: number } = {
  bad_request: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Fastify's own client errors (bad JSON, wrong content type, body too large) keep their status but get our shape. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but the content type says JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
};

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
  /** Unexpected: log it with its stack; the client sees only an opaque 500. */
  readonly unexpected: boolean;
}

function messageOf(response: string | object): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : 'The request could not be processed';
}

/**
 * Maps anything thrown while serving a request to the platform's single error shape. A lost or
 * unreachable database, however it surfaced, is one 503 `database_unavailable` with `Retry-After`.
 */
export function toErrorResponse(thrown: unknown, requestId: string): ErrorResponse {
  const error = asDatabaseUnavailable(thrown);
  const respond = (status: number, code: string, message: string, details?: Record<string, unknown>, headers: Record<string, string> = {}): ErrorResponse => ({
    status,
    body: { statusCode: status, code, message, ...(details ? { details } : {}), requestId },
    headers,
    unexpected: false,
  });

  if (error instanceof DomainError) {
    const headers: Record<string, string> =
      error instanceof RateLimitedError || error instanceof DatabaseUnavailableError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return respond(STATUS_OF_KIND[error.kind], error.code, error.message, error.details, headers);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) return respond(status, CODE_OF_STATUS[status] ?? 'bad_request', messageOf(error.getResponse()));
  }
  if (postgresErrorCode(error) === UNIQUE_VIOLATION) {
    return respond(HttpStatus.CONFLICT, 'conflict', 'This would duplicate something that already exists');
  }
  const fastifyError = error as { code?: unknown; statusCode?: unknown };
  if (typeof fastifyError.code === 'string' && fastifyError.code.startsWith('FST_') && typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return respond(status, CODE_OF_STATUS[status] ?? 'bad_request', FASTIFY_MESSAGES[fastifyError.code] ?? 'The request is malformed');
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { statusCode: 500, code: 'internal_error', message: 'Something went wrong on our side; the request id identifies it in our logs', requestId },
    headers: {},
    unexpected: true,
  };
}
