import { countryChoices, countryCodeOf, countryName, isKnownCountry, isOutsideEu } from './countries';

describe('countries of operating sites', () => {
  it('flags sites outside the EU', () => {
    for (const country of ['IT', 'RO', 'GR', 'MT', 'DE']) expect({ country, outside: isOutsideEu(country) }).toEqual({ country, outside: false });
    for (const country of ['AL', 'TN', 'GB', 'CH', 'MA', 'RS']) expect({ country, outside: isOutsideEu(country) }).toEqual({ country, outside: true });
  });

  it('knows real country codes only, in capitals', () => {
    expect(isKnownCountry('AL')).toBe(true);
    expect(isKnownCountry('XX')).toBe(false);
    expect(isKnownCountry('it')).toBe(false);
    expect(isKnownCountry('ITA')).toBe(false);
  });
});

describe('countries as people write them', () => {
  it('reads codes in any case and names in Italian or English, giving the ISO code', () => {
    const cases: [string, string][] = [
      ['IT', 'IT'],
      ['it', 'IT'],
      ['Italia', 'IT'],
      ['italy', 'IT'],
      ['  ITALIA ', 'IT'],
      ['Albania', 'AL'],
      ['Regno Unito', 'GB'],
      ['United Kingdom', 'GB'],
      ['UK', 'GB'],
      ["Costa d'Avorio", 'CI'],
      ['Côte d’Ivoire', 'CI'],
      ['cote d ivoire'.replace(' d ', " d'"), 'CI'],
      ['Città del Vaticano', 'VA'],
      ['citta del vaticano', 'VA'],
      ['Repubblica Ceca', 'CZ'],
      ['Tunisia', 'TN'],
      ['Svizzera', 'CH'],
      ['Switzerland', 'CH'],
    ];
    for (const [input, code] of cases) expect({ input, code: countryCodeOf(input) }).toEqual({ input, code });
  });

  it('matches nothing else', () => {
    for (const input of ['', 'XX', 'ITA', 'Italiano', 'Atlantide', 'Italia, Roma']) expect({ input, code: countryCodeOf(input) }).toEqual({ input, code: null });
  });

  it('offers every known country by name, sorted for the language, each name leading back to its code', () => {
    const choices = countryChoices('it');
    expect(choices.length).toBeGreaterThan(200);
    expect(choices.find((choice) => choice.code === 'IT')?.name).toBe('Italia');
    for (const choice of choices) expect({ name: choice.name, code: countryCodeOf(choice.name) }).toEqual({ name: choice.name, code: choice.code });
    for (const choice of countryChoices('en')) expect({ name: choice.name, code: countryCodeOf(choice.name) }).toEqual({ name: choice.name, code: choice.code });
    expect(countryName('AL', 'en')).toBe('Albania');
  });
});
