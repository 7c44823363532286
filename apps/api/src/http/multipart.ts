import { DomainError } from '@app/core';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
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

/** The longest text field of any form or upload; longer values are refused, never stored cut. */
export const MAX_FIELD_BYTES = 10_000;
/** For a reader that does not say; `readMultipartUpload` and `readWebForm` allow what their form has. */
const DEFAULT_MAX_FIELDS = 10;
const MAX_HEADER_PAIRS = 50;
/**
 * A body refused before its end is read on and thrown away, so that a kept-alive connection can carry
 * the next request, but only up to this much (at least): past it, or after the time below, the answer
 * closes the connection instead. Enough for a client that sent a file a little over the limit.
 */
const MIN_DISCARDED_BYTES = 1024 * 1024;
const DISCARD_WITHIN_MS = 10_000;

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
      return tooLarge(maxFileBytes);
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
 * The multipart parser for the whole API, and what keeps a refused upload from holding its connection.
 * Routes read the parts themselves (`readMultipartUpload`, `readWebForm`) and may stop at the first bad
 * one; the parser then stops reading too, and the rest of the body would stay in the socket, where the
 * next request of a kept-alive connection waits behind it until the connection times out (Node drains
 * only the bodies nobody started to read). So before the answer goes, whatever of a multipart body is
 * still unread is read and thrown away, up to a bound; past it, the answer closes the connection.
 */
export async function registerMultipart(fastify: FastifyInstance, maxFileBytes: number): Promise<void> {
  await fastify.register(multipart, {
    limits: { fileSize: maxFileBytes, files: 1, fields: DEFAULT_MAX_FIELDS, parts: DEFAULT_MAX_FIELDS + 1, fieldSize: MAX_FIELD_BYTES, headerPairs: MAX_HEADER_PAIRS },
  });
  const maxDiscardedBytes = Math.max(maxFileBytes, MIN_DISCARDED_BYTES);
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.isMultipart() && !(await discardUnreadBody(request.raw, maxDiscardedBytes))) void reply.header('connection', 'close');
    return payload;
  });
}

/**
 * Reads the rest of a request's body into nothing: true once it is all read, false when that is too
 * much or too slow. Then it goes on discarding until the connection, which the answer closes, ends:
 * data left unread when a socket closes makes it a reset, which can lose the answer on its way.
 */
async function discardUnreadBody(body: IncomingMessage, maxBytes: number): Promise<boolean> {
  if (body.readableEnded || body.destroyed) return true;
  // Detached from the parser, which may be paused on a part nobody reads.
  body.unpipe();
  return new Promise<boolean>((resolve) => {
    let discarded = 0;
    const giveUp = setTimeout(() => resolve(false), DISCARD_WITHIN_MS);
    giveUp.unref();
    const discard = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > maxBytes) resolve(false);
    };
    body.on('data', discard);
    body.once('end', () => {
      clearTimeout(giveUp);
      resolve(true);
    });
    body.once('close', () => {
      clearTimeout(giveUp);
      resolve(body.readableEnded);
    });
    body.resume();
  });
}

/**
 * A file part read into memory, stopping at the limit: over it, the upload is refused at once (413)
 * rather than after the whole of what the client chose to send.
 */
export async function readFilePart(part: MultipartFile, maxFileBytes: number): Promise<Buffer> {
  // The parser drops what is over the limit but reads on to the part's end, however far that is.
  if (part.file.truncated) throw tooLarge(maxFileBytes);
  part.file.once('limit', () => part.file.destroy(tooLarge(maxFileBytes)));
  const chunks: Buffer[] = [];
  for await (const chunk of part.file as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const tooLarge = (maxFileBytes: number) =>
  new DomainError('payload_too_large', 'file_too_large', `The file is larger than the ${megabytes(maxFileBytes)} limit`, { maxBytes: maxFileBytes });

/** A text field longer than the limit arrives cut short: refused, since the cut value is not what was sent. */
export function fieldTooLong(name: string): DomainError {
  const message = `${name} must be shorter than ${MAX_FIELD_BYTES} bytes`;
  return new DomainError('bad_request', 'field_too_long', `${name}: ${message}`, { fields: { [name]: [message] } });
}

/**
 * A body is read as sent: a compressed one (Content-Encoding) would have to be inflated, into no
 * known size, so it is refused, whatever the route.
 */
export function refuseEncodedBody(request: FastifyRequest): void {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new DomainError('unsupported_media_type', 'unsupported_content_encoding', `Send the form uncompressed: Content-Encoding "${encoding.slice(0, 40)}" is not accepted`);
  }
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
  refuseEncodedBody(request);
  const allowed = new Set<string>(options.fields?.names ?? []);
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  try {
    // preservePath: the name exactly as sent, so that a crafted path is refused rather than silently trimmed.
    // One field more than the route takes, to name the first unexpected one; the parser stops a flood of them.
    const parts = request.parts({ preservePath: true, limits: { fileSize: options.maxFileBytes, files: 1, fields: allowed.size + 1, parts: allowed.size + 2 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD) throw badMultipart(`The file must be sent in the field "${FILE_FIELD}", not "${part.fieldname}"`, 'unexpected_file_field');
        file = { bytes: await readFilePart(part, options.maxFileBytes), clientFileName: part.filename };
        continue;
      }
      if (!allowed.has(part.fieldname)) {
        throw new DomainError('bad_request', 'validation_failed', `${part.fieldname}: property ${part.fieldname} should not exist`, {
          fields: { [part.fieldname]: [`property ${part.fieldname} should not exist`] },
        });
      }
      if (Object.hasOwn(fields, part.fieldname)) throw badMultipart(`The field "${part.fieldname}" is sent more than once`);
      if (part.valueTruncated) throw fieldTooLong(part.fieldname);
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
