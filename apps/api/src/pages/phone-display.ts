import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** An E.164 number grouped as people read it: +39 06 1234 5678. */
export function displayPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
