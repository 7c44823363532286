import { DomainError } from '@app/core';

/**
 * Deeper than any body the API accepts (its DTOs nest three or four levels), far shallower than what
 * overflows the stack of class-transformer and class-validator, which recurse once per level.
 */
export const MAX_NESTING_DEPTH = 32;

export type HostileTextProblem = 'nul' | 'lone_surrogate' | 'too_deep';

/** What is wrong in a request's input, and where: a field path like `registeredOffice.city` or `items.2`. */
export interface HostileText {
  readonly path: string;
  readonly problem: HostileTextProblem;
}

// Not `String.prototype.isWellFormed`: the project's TypeScript lib (ES2023) does not declare it yet.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Field names are echoed in error messages: long ones are cut, unprintable ones are escaped. */
const MAX_SHOWN_KEY_LENGTH = 80;

/**
 * The problem with a text, if any. PostgreSQL stores neither NUL (`invalid byte sequence`) nor a lone
 * UTF-16 surrogate (`invalid input syntax for type json`), and `encodeURIComponent` throws on one:
 * such text can only be refused, never stored or echoed in a URL.
 */
export function textProblem(text: string): Exclude<HostileTextProblem, 'too_deep'> | null {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return null;
}

function shownKey(key: string): string {
  const cut = key.length > MAX_SHOWN_KEY_LENGTH ? `${key.slice(0, MAX_SHOWN_KEY_LENGTH)}…` : key;
  const unprintable = (code: number) => code < 0x20 || (code >= 0xd800 && code <= 0xdfff);
  // By code point: a surrogate pair (an emoji) stays as it is, a lone half is escaped.
  return Array.from(cut, (character) => {
    const code = character.codePointAt(0) ?? 0;
    return unprintable(code) ? `\\u${code.toString(16).padStart(4, '0')}` : character;
  }).join('');
}

const childPath = (parent: string, key: string) => (parent ? `${parent}.${shownKey(key)}` : shownKey(key));

/** Objects and arrays, whatever their prototype (Fastify's query strings have their own, empty one); bytes are not text. */
function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);
}

/**
 * The first NUL, lone surrogate (in a value or a field name) or nesting deeper than `maxDepth` in
 * parsed input (a JSON body, a query string's object, form fields), or null when there is none.
 * Iterative, so that the nesting it refuses cannot overflow the stack while it looks.
 */
export function findHostileText(input: unknown, root = '', maxDepth = MAX_NESTING_DEPTH): HostileText | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: input, path: root, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { path, problem };
      continue;
    }
    if (!isContainer(value)) continue;
    if (depth >= maxDepth) return { path, problem: 'too_deep' };
    // Pushed last to first, so that fields are looked at (and the first problem named) in their order.
    for (const key of Object.keys(value).reverse()) {
      const problem = textProblem(key);
      if (problem) return { path: childPath(path, key), problem };
      pending.push({ value: (value as Record<string, unknown>)[key], path: childPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}

const MESSAGES: { readonly [P in HostileTextProblem]: string } = {
  nul: 'must not contain the NUL character (\\u0000)',
  lone_surrogate: 'must be valid Unicode: it contains half of a surrogate pair',
  too_deep: `is nested more than ${MAX_NESTING_DEPTH} levels deep`,
};

/**
 * Refuses input holding NUL, lone surrogates or deep nesting with the same 400 as any invalid field
 * (`validation_failed`, the field named in `details.fields`), so clients and pages handle it alike.
 * `root` names the input when it is not an object of fields (a path parameter, a whole body).
 */
export function refuseHostileText(input: unknown, root = ''): void {
  const found = findHostileText(input, root);
  if (!found) return;
  const field = found.path || 'body';
  const message = MESSAGES[found.problem];
  throw new DomainError('bad_request', 'validation_failed', `${field}: ${message}`, { fields: { [field]: [message] } });
}
