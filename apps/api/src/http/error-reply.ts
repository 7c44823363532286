import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

const logger = new Logger('Errors');

/** Answers an API request that failed with the platform's error shape; an unexpected error is logged with its stack. */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const response = toErrorResponse(error, request.id);
  if (response.unexpected) logger.error({ err: error, requestId: request.id }, 'Unexpected error');
  return reply.status(response.status).headers(response.headers).send(response.body);
}
