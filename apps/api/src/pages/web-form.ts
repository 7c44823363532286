import { DomainError, type Language } from '@app/core';
// Brings the plugin's request decorations (isMultipart, parts) into the FastifyRequest type.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { refuseHostileText } from '../http/hostile-text';
import { FILE_FIELD, multipartError, readFilePart, refuseEncodedBody, UploadedFile } from '../http/multipart';
import { validationPipe } from '../http/validation';
import { languageOf } from './i18n';
import { CSRF_FIELD, verifyCsrf } from './web-session';

export interface WebForm {
  readonly values: Readonly<Record<string, string>>;
  /** Fields longer than the multipart field limit, cut short by the parser: refused, never stored cut. */
  readonly truncated: ReadonlySet<string>;
  /** The file of the field `file`, when the form accepts one and the visitor chose one. */
  readonly file: UploadedFile | null;
  /** The form's `lang` field when the form asks for it, else the page's `?lang=`: the answer's language. */
  readonly language: Language;
}

export interface WebFormOptions {
  /** The form has a file field `file`, read into memory up to this size (over it: 413). */
  readonly maxFileBytes?: number;
  /** The longest text field, when a form carries more than any typed text (a confirmed upload's content). */
  readonly maxFieldBytes?: number;
}

/** Never stricter than the multipart plugin's own limit, and room for what browsers add (submit buttons). */
const MIN_FIELD_LIMIT = 10;
const EXTRA_BROWSER_FIELDS = 5;

const malformedForm = () => new DomainError('bad_request', 'malformed_form', 'The form is malformed: send it again from the page');

/**
 * An HTML form of the site, sent as multipart/form-data (the one encoding the app parses, so no other
 * body parser is registered for the whole API). Its CSRF token is checked before anything is used.
 * Fields not asked for are ignored, as browsers may add some; a field sent twice makes the form
 * malformed. A file input left empty arrives as a file part with no name, and counts as no file.
 */
export async function readWebForm(request: FastifyRequest, names: readonly string[], options: WebFormOptions = {}): Promise<WebForm> {
  if (!request.isMultipart()) throw new DomainError('unsupported_media_type', 'multipart_required', 'Send the form as multipart/form-data');
  refuseEncodedBody(request);
  const wanted = new Set([...names, CSRF_FIELD]);
  const values: Record<string, string> = {};
  const truncated = new Set<string>();
  let file: UploadedFile | null = null;
  const maxFileBytes = options.maxFileBytes ?? 0;
  try {
    // The plugin's field limit is sized for the API's uploads; a page's form may ask for more fields.
    const maxFields = Math.max(MIN_FIELD_LIMIT, wanted.size + EXTRA_BROWSER_FIELDS);
    // preservePath: browsers send a bare name, so a name with a path is a crafted request, refused like the API's.
    for await (const part of request.parts({ preservePath: true, limits: { fileSize: maxFileBytes, fields: maxFields, parts: maxFields + 1, ...(options.maxFieldBytes === undefined ? {} : { fieldSize: options.maxFieldBytes }) } })) {
      if (part.type === 'file') {
        if (options.maxFileBytes === undefined || part.fieldname !== FILE_FIELD || file !== null) throw malformedForm();
        const bytes = await readFilePart(part, maxFileBytes);
        if (part.filename !== '' || bytes.length > 0) file = { bytes, clientFileName: part.filename };
        continue;
      }
      if (!wanted.has(part.fieldname)) continue;
      if (Object.hasOwn(values, part.fieldname)) throw malformedForm();
      values[part.fieldname] = String(part.value);
      if (part.valueTruncated) truncated.add(part.fieldname);
    }
  } catch (error) {
    const mapped = multipartError(error, maxFileBytes);
    throw mapped instanceof DomainError ? mapped : malformedForm();
  }
  verifyCsrf(request, values[CSRF_FIELD]);
  // Pages use some fields without a DTO (the sign-in form): NUL would otherwise reach PostgreSQL.
  refuseHostileText(values);
  const language = languageOf(values.lang ?? (request.query as Record<string, unknown> | undefined)?.lang);
  return { values: Object.fromEntries(Object.entries(values).filter(([name]) => name !== CSRF_FIELD)), truncated, file, language };
}

export type ValidatedForm<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly invalid: ReadonlySet<string> };

/**
 * A form's fields checked by the same DTO (and so the same rules) as the JSON API: the value, or the
 * names of the fields that are wrong, for the page to explain next to each field in its own words.
 */
export async function validateForm<T extends object>(dto: new () => T, body: object): Promise<ValidatedForm<T>> {
  try {
    return { ok: true, value: (await validationPipe().transform(body, { type: 'body', metatype: dto })) as T };
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'bad_request') throw error;
    const fields = (error.details?.fields ?? {}) as Record<string, unknown>;
    return { ok: false, invalid: new Set(Object.keys(fields).map((path) => path.split('.')[0])) };
  }
}

/** One message per field, in the page's order, for the error summary; `field` is the input's id. */
export interface FormError {
  readonly field: string | null;
  readonly message: string;
}

/** A form's errors: per field (next to the input) and as the summary list at the top. */
export class FormErrors {
  private readonly byField = new Map<string, string>();

  add(field: string, message: string): this {
    if (!this.byField.has(field)) this.byField.set(field, message);
    return this;
  }

  has(field?: string): boolean {
    return field === undefined ? this.byField.size > 0 : this.byField.has(field);
  }

  /** `{ field: message | null }` for every field named, and `summary` for the partial `error-summary`. */
  view(fields: readonly string[]): { readonly field: Record<string, string | null>; readonly summary: FormError[] | null } {
    const field = Object.fromEntries(fields.map((name) => [name, this.byField.get(name) ?? null]));
    const summary = [...this.byField].map(([name, message]) => ({ field: fields.includes(name) ? name : null, message }));
    return { field, summary: summary.length > 0 ? summary : null };
  }
}
