import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a reference read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;

/** `SGN-` and 10 base32 characters: 50 random bits, which nobody guesses within the public rate limit. */
export const REPORT_REFERENCE_PATTERN = /^SGN-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A new report reference; `random` is for tests. */
export function newReportReference(random: (size: number) => Buffer = randomBytes): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  const code = [...random(CODE_LENGTH)].map((byte) => ALPHABET[byte % 32]).join('');
  return `SGN-${code}`;
}

/**
 * A reference as people type it back (lower case, spaces around it, O for 0, I or L for 1) in its
 * canonical form, or null when it cannot be a reference.
 */
export function normalizeReportReference(input: string): string | null {
  const text = input.trim().toUpperCase();
  const match = /^SGN-?([0-9A-Z]{10})$/.exec(text);
  if (!match) return null;
  const reference = `SGN-${match[1].replace(/O/g, '0').replace(/[IL]/g, '1')}`;
  return REPORT_REFERENCE_PATTERN.test(reference) ? reference : null;
}
