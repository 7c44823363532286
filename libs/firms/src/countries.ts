import { getCountries, isSupportedCountry } from 'libphonenumber-js/max';

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

export type CountryLanguage = 'it' | 'en';

const DISPLAY_NAMES: { readonly [L in CountryLanguage]: Intl.DisplayNames } = {
  it: new Intl.DisplayNames(['it'], { type: 'region' }),
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
};
const SHORT_NAMES: { readonly [L in CountryLanguage]: Intl.DisplayNames } = {
  it: new Intl.DisplayNames(['it'], { type: 'region', style: 'short' }),
  en: new Intl.DisplayNames(['en'], { type: 'region', style: 'short' }),
};

/** Names people still write that the standard lists call otherwise. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  'repubblica ceca': 'CZ',
  'czech republic': 'CZ',
  inghilterra: 'GB',
  'gran bretagna': 'GB',
  'great britain': 'GB',
  england: 'GB',
  olanda: 'NL',
  holland: 'NL',
  usa: 'US',
  "stati uniti d'america": 'US',
  'united states of america': 'US',
  vaticano: 'VA',
  macedonia: 'MK',
};

/** Case, accents, curly apostrophes and extra spaces do not matter when matching a name. */
function comparable(name: string): string {
  return name.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The country's name in the language: Italia, Albania; Italy, Albania. */
export function countryName(code: string, language: CountryLanguage): string {
  return DISPLAY_NAMES[language].of(code) ?? code;
}

/** Every country a site can be in, by name in the language, for a list to choose from. */
export function countryChoices(language: CountryLanguage): { code: string; name: string }[] {
  const collator = new Intl.Collator(language);
  return getCountries()
    .map((code) => ({ code, name: countryName(code, language) }))
    .sort((left, right) => collator.compare(left.name, right.name));
}

const CODES_BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(OTHER_NAMES),
  ...getCountries().flatMap((code) =>
    (['it', 'en'] as const).flatMap((language) => [
      [comparable(countryName(code, language)), code] as const,
      [comparable(SHORT_NAMES[language].of(code) ?? code), code] as const,
    ]),
  ),
]);

/**
 * The ISO 3166-1 alpha-2 code of a country as people write it: the code in any case (`it`, `AL`),
 * or its name in Italian or English (`Italia`, `Albania`, `United Kingdom`, `Côte d’Ivoire`).
 * Null when nothing matches.
 */
export function countryCodeOf(input: string): string | null {
  const written = comparable(input);
  if (/^[a-z]{2}$/.test(written) && isKnownCountry(written.toUpperCase())) return written.toUpperCase();
  return CODES_BY_NAME.get(written) ?? null;
}
