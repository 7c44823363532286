import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
import { italianE164 } from './italian-phone-number';

export type PhoneNumberResult = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: string };

const LENGTH_REASONS: Record<string, string> = {
  NOT_A_NUMBER: 'not a phone number',
  INVALID_COUNTRY: 'the country code is not valid',
  TOO_SHORT: 'too short for a phone number of its country',
  TOO_LONG: 'too long for a phone number of its country',
  INVALID_LENGTH: 'its length does not match any phone number of its country',
};

const MAX_INPUT_LENGTH = 40;

/**
 * A calling number written the way people write them (`06 1234567`, `+39 06 1234567`,
 * `0039 06 1234567`, `(06) 1234567`, `347-123-4567`, `+44 20 7946 0958`), as E.164; numbers
 * without a country code are read as Italian. A number is refused with the reason when it
 * cannot be a real number of its country. Plain Italian numbers take a fast path that gives exactly
 * what libphonenumber-js gives, at a twentieth of the cost (italian-phone-number.ts); the rest, and
 * every refusal, go through libphonenumber-js.
 */
export function normalizePhoneNumber(input: string): PhoneNumberResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: `longer than ${MAX_INPUT_LENGTH} characters` };
  const italian = italianE164(text);
  if (italian !== undefined) return { ok: true, e164: italian };
  return withLibphonenumber(text);
}

/** `normalizePhoneNumber` without the Italian fast path: the reference its tests hold the fast path to. */
export function normalizeWithLibphonenumber(input: string): PhoneNumberResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: `longer than ${MAX_INPUT_LENGTH} characters` };
  return withLibphonenumber(text);
}

function withLibphonenumber(text: string): PhoneNumberResult {
  // `extract: false` parses the whole text as one number, which is both stricter and twice as fast.
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: 'IT', extract: false });
  if (!parsed) {
    const lengthProblem = validatePhoneNumberLength(text, 'IT');
    return { ok: false, reason: LENGTH_REASONS[lengthProblem ?? 'NOT_A_NUMBER'] ?? 'not a phone number' };
  }
  if (parsed.ext !== undefined) return { ok: false, reason: 'a calling number has no extension' };
  if (!parsed.isValid()) {
    const lengthProblem = validatePhoneNumberLength(text, 'IT');
    return { ok: false, reason: lengthProblem ? (LENGTH_REASONS[lengthProblem] ?? 'not a valid number') : 'not a valid number for its country' };
  }
  return { ok: true, e164: parsed.number };
}
