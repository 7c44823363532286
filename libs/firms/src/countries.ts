import { isSupportedCountry } from 'libphonenumber-js/max';

/** The 27 member states (ISO 3166-1 alpha-2; Greece is GR). */
const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/**
 * Since 2017 moving service outside the EU needs notice to the Garante and the ministries,
 * so such a site is flagged for the auditor.
 */
export function isOutsideEu(country: string): boolean {
  return !EU_MEMBER_STATES.has(country);
}

/** A country code the world's numbering plans know, which covers every country a site can be in. */
export function isKnownCountry(country: string): boolean {
  return /^[A-Z]{2}$/.test(country) && isSupportedCountry(country);
}
