import { normalizePhoneNumber } from './phone-number';

const e164 = (input: string) => {
  const result = normalizePhoneNumber(input);
  return result.ok ? result.e164 : `refused: ${result.reason}`;
};

describe('calling numbers as E.164', () => {
  it('reads the common Italian writings of a landline', () => {
    for (const written of ['06 1234567', '061234567', '06-1234567', '06/1234567', '(06) 1234567', '+39 06 1234567', '+39061234567', '0039 06 1234567', '0039061234567', '+39 (0)6 1234567', ' 06 1234567 ']) {
      expect({ written, e164: e164(written) }).toEqual({ written, e164: '+39061234567' });
    }
    expect(e164('02 12345678')).toBe('+390212345678');
  });

  it('reads mobile numbers with or without the country code', () => {
    for (const written of ['347 123 4567', '3471234567', '+39 347 123 4567', '+39 347-123-4567', '0039 347 1234567', '+393471234567']) {
      expect({ written, e164: e164(written) }).toEqual({ written, e164: '+393471234567' });
    }
  });

  it('reads toll-free and foreign numbers', () => {
    expect(e164('800 123456')).toBe('+39800123456');
    expect(e164('+44 20 7946 0958')).toBe('+442079460958');
    expect(e164('00 44 20 7946 0958')).toBe('+442079460958');
    expect(e164('+1 650 253 0000')).toBe('+16502530000');
  });

  it('refuses what cannot be a number, with the reason', () => {
    expect(e164('')).toBe('refused: empty');
    expect(e164('abc')).toBe('refused: not a phone number');
    expect(e164('123')).toBe('refused: too short for a phone number of its country');
    expect(e164('0612345678901234')).toBe('refused: too long for a phone number of its country');
    expect(e164('+999 1234567')).toBe('refused: the country code is not valid');
    expect(e164('06 1234567 ext. 5')).toBe('refused: a calling number has no extension');
    expect(e164('1'.repeat(41))).toBe('refused: longer than 40 characters');
  });
});
