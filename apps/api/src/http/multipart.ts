import { DomainError } from '@app/core';
// Brings the plugin's request decorations (isMultipart, parts) into the FastifyRequest type.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { validationPipe } from './validation';

export interface UploadedFile {
  readonly bytes: Buffer;
  /** As the client named it: untrusted, only ever sanitised for display. */
  readonly clientFileName: string;
}

export interface MultipartUpload<Fields> {
  readonly fields: Fields;
  readonly file: UploadedFile;
}

export interface MultipartOptions<Fields extends object> {
  readonly maxFileBytes: number;
  /** The text fields accepted beside the file, validated with the same messages as a JSON body; none when absent. */
  readonly fields?: { readonly dto: new () => Fields; readonly names: readonly (keyof Fields & string)[] };
}

export const FILE_FIELD = 'file';

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

function badMultipart(message: string, code = 'malformed_multipart'): DomainError {
  return new DomainError('bad_request', code, message);
}

/** What went wrong while reading a multipart body, as a clear 4xx; anything else is left to the error filter. */
export function multipartError(error: unknown, maxFileBytes: number): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DomainError('payload_too_large', 'file_too_large', `The file is larger than the ${megabytes(maxFileBytes)} limit`, { maxBytes: maxFileBytes });
    case 'FST_FILES_LIMIT':
      return badMultipart('Send one file per request', 'too_many_files');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return badMultipart('The form has more fields than this request accepts', 'too_many_fields');
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return badMultipart('The multipart body is malformed: it ends before the file does');
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return badMultipart('The form has a field that is not accepted');
    default:
      break;
  }
  if (error instanceof Error && typeof code !== 'string') {
    // busboy's own parse errors ("Unexpected end of form", "Malformed part header", ...) carry no code.
    return badMultipart(`The multipart body is malformed: ${error.message}`);
  }
  return error;
}

/**
 * Reads a multipart/form-data body holding one file (field `file`) and some text fields. The file
 * is read into memory up to `maxFileBytes`; over that, the upload is refused with 413. Every
 * malformed or unexpected body is a 4xx naming what is wrong.
 */
export async function readMultipartUpload<Fields extends object>(request: FastifyRequest, options: MultipartOptions<Fields>): Promise<MultipartUpload<Fields>> {
  if (!request.isMultipart()) {
    throw new DomainError('unsupported_media_type', 'multipart_required', `Send the file as multipart/form-data in the field "${FILE_FIELD}"`);
  }
  const allowed = new Set<string>(options.fields?.names ?? []);
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  try {
    // preservePath: the name exactly as sent, so that a crafted path is refused rather than silently trimmed.
    const parts = request.parts({ preservePath: true, limits: { fileSize: options.maxFileBytes, files: 1 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD) throw badMultipart(`The file must be sent in the field "${FILE_FIELD}", not "${part.fieldname}"`, 'unexpected_file_field');
        file = { bytes: await part.toBuffer(), clientFileName: part.filename };
        continue;
      }
      if (!allowed.has(part.fieldname)) {
        throw new DomainError('bad_request', 'validation_failed', `${part.fieldname}: property ${part.fieldname} should not exist`, {
          fields: { [part.fieldname]: [`property ${part.fieldname} should not exist`] },
        });
      }
      if (Object.hasOwn(fields, part.fieldname)) throw badMultipart(`The field "${part.fieldname}" is sent more than once`);
      fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    throw multipartError(error, options.maxFileBytes);
  }
  if (!file) throw badMultipart(`Attach the file in the form field "${FILE_FIELD}"`, 'file_missing');
  if (!options.fields) return { fields: {} as Fields, file };
  const validated = (await validationPipe().transform(fields, { type: 'body', metatype: options.fields.dto })) as Fields;
  return { fields: validated, file };
}
