import { DomainError } from '@app/core';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { refuseHostileText } from './hostile-text';

function collect(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    if (error.children?.length) Object.assign(fields, collect(error.children, path));
  }
  return fields;
}

/**
 * A field that may be left out but, when sent, must be valid: unlike `@IsOptional()`, which lets `null`
 * through to services that only expect a value or `undefined`.
 */
export const IsOmittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** The inputs a client writes: bodies (JSON, multipart fields, page forms), query strings and path parameters. */
const CLIENT_INPUTS = new Set<ArgumentMetadata['type']>(['body', 'query', 'param']);

/**
 * Every input passes here before a DTO is built from it, so this is the one place that refuses what no
 * field may hold (NUL, lone surrogates, nesting that would overflow class-transformer's recursion),
 * whatever the route and whether or not its DTO declares the field.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (CLIENT_INPUTS.has(metadata.type)) refuseHostileText(value, metadata.data ?? '');
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** 400 with one list of messages per field; unknown fields are refused, not silently dropped. */
export function validationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      const message = Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; ');
      return new DomainError('bad_request', 'validation_failed', message || 'The request is not valid', { fields });
    },
  });
}
