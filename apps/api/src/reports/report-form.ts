import { DomainError } from '@app/core';
// Brings the plugin's request decorations (isMultipart, parts) into the FastifyRequest type.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

export interface FormFields {
  readonly values: Readonly<Record<string, string>>;
  /** Fields longer than the multipart field limit, cut short by the parser: refused, never stored cut. */
  readonly truncated: ReadonlySet<string>;
}

const malformedForm = () => new DomainError('bad_request', 'malformed_form', 'The form is malformed: send it again from the page');

/**
 * The text fields of an HTML form sent as multipart/form-data (the encoding the app already parses,
 * so no other body parser is registered for the whole API). Fields not asked for are ignored, as
 * browsers may add some; a file, or a field sent twice, makes the form malformed.
 */
export async function readFormFields(request: FastifyRequest, names: readonly string[]): Promise<FormFields> {
  if (!request.isMultipart()) throw new DomainError('unsupported_media_type', 'multipart_required', 'Send the form as multipart/form-data');
  const wanted = new Set(names);
  const values: Record<string, string> = {};
  const truncated = new Set<string>();
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') throw malformedForm();
      if (!wanted.has(part.fieldname)) continue;
      if (Object.hasOwn(values, part.fieldname)) throw malformedForm();
      values[part.fieldname] = String(part.value);
      if (part.valueTruncated) truncated.add(part.fieldname);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw malformedForm();
  }
  return { values, truncated };
}
