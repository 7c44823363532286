import { isKnownCountry, isOutsideEu } from './countries';

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
