import * as libphonenumber from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

/**
 * The fast path of `normalizePhoneNumber` for the numbers almost every list holds: Italian numbers
 * written with ASCII digits, spaces, dots, dashes, slashes and parentheses, bare, after `+39` or
 * after `0039`. libphonenumber-js builds a RegExp from the metadata's text at every match (about
 * 15 µs a number, most of an import's validation); here the same metadata patterns are compiled
 * once, and the text is read with char codes (under 1 µs).
 *
 * It answers only when it is certain that libphonenumber-js (`parsePhoneNumberFromString(text,
 * { defaultCountry: 'IT', extract: false })` then `isValid()`) would accept the number, with the
 * same E.164; for anything else (another country, other characters, an extension, a number it
 * would refuse, a case where libphonenumber-js reads the digits another way) it answers
 * `undefined` and the caller asks libphonenumber-js, so that the result, and every refusal's reason,
 * stays exactly libphonenumber-js's. The property test in italian-phone-number.spec.ts holds it to that.
 *
 * What it reproduces of libphonenumber-js 1.x for IT: the text is viable when it has at least three
 * digits and only these characters (none of them starts an extension); the digits are read in
 * order; `+39` and the IDD `0039` give the country code; a bare number starting with `39` keeps it
 * only when the whole matches IT's national pattern (otherwise libphonenumber-js may strip it, so
 * we defer); IT has no national prefix to strip; the number is valid when the national number
 * matches IT's national pattern and one of IT's number types (with that type's possible lengths),
 * which also makes IT, not VA, its country (IT is tried first).
 */

interface NumberType {
  readonly pattern: RegExp;
  readonly lengths: readonly number[] | undefined;
}

/** The part of libphonenumber-js's `Metadata` class used here (exported at run time, not typed). */
interface MetadataClass {
  new (json: unknown): {
    selectNumberingPlan(country: string): void;
    nationalNumberPattern(): string;
    numberingPlan: { callingCode(): string; type(type: string): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined };
  };
}

/** The order in which libphonenumber-js's getNumberType tries the types after FIXED_LINE; any one is enough to be valid. */
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** IT's patterns, compiled once; null (fast path off) if the metadata is not shaped as expected. */
function compileItalianPatterns(): { readonly national: RegExp; readonly types: readonly NumberType[] } | null {
  const Metadata = (libphonenumber as unknown as { Metadata?: MetadataClass }).Metadata;
  if (typeof Metadata !== 'function') return null;
  const plan = new Metadata(metadata);
  plan.selectNumberingPlan('IT');
  if (plan.numberingPlan.callingCode() !== '39') return null;
  const national = plan.nationalNumberPattern();
  if (!national) return null;
  const types: NumberType[] = [];
  for (const name of TYPES) {
    const type = plan.numberingPlan.type(name);
    const pattern = type?.pattern();
    if (!type || !pattern) continue;
    types.push({ pattern: new RegExp(`^(?:${pattern})$`), lengths: type.possibleLengths() });
  }
  return types.length > 0 ? { national: new RegExp(`^(?:${national})$`), types } : null;
}

const ITALY = compileItalianPatterns();

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const SPACE = 32;
const DASH = 45;
const DOT = 46;
const SLASH = 47;
const OPEN = 40;
const CLOSE = 41;

/** A valid Italian national number (without the country code), as libphonenumber-js's `isValid()` decides it. */
function isValidItalianNationalNumber(national: string): boolean {
  if (ITALY === null || !ITALY.national.test(national)) return false;
  for (const { pattern, lengths } of ITALY.types) {
    if (lengths !== undefined && !lengths.includes(national.length)) continue;
    if (pattern.test(national)) return true;
  }
  return false;
}

/**
 * The E.164 of an Italian number when libphonenumber-js would surely accept it, else `undefined`
 * (ask libphonenumber-js). `text` is already trimmed and at most 40 characters long.
 */
export function italianE164(text: string): string | undefined {
  if (ITALY === null) return undefined;
  let digits = '';
  const plus = text.charCodeAt(0) === PLUS;
  for (let i = plus ? 1 : 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= ZERO && code <= NINE) digits += text[i];
    else if (code !== SPACE && code !== DASH && code !== DOT && code !== SLASH && code !== OPEN && code !== CLOSE) return undefined;
  }
  if (digits.length < 3) return undefined;
  let national: string;
  if (plus) {
    if (!digits.startsWith('39')) return undefined;
    national = digits.slice(2);
  } else if (digits.startsWith('00')) {
    if (!digits.startsWith('0039')) return undefined;
    national = digits.slice(4);
  } else {
    // A bare number starting with 39 might be read as +39 and the rest: only the whole, when it is itself a national number, is certain.
    if (digits.startsWith('39') && !ITALY.national.test(digits)) return undefined;
    national = digits;
  }
  return isValidItalianNationalNumber(national) ? `+39${national}` : undefined;
}
