import fc from 'fast-check';
import { italianE164 } from './italian-phone-number';
import { normalizePhoneNumber, normalizeWithLibphonenumber } from './phone-number';

/** Ways the country code is written, right and wrong. */
const PREFIXES = ['', '', '', '+39', '+39 ', '+39-', '+39.', '0039', '0039 ', '00 39 ', '39', '39 ', '+', '+ 39 ', '00', '0', '+390', '(+39) ', '+(39) ', '+3 9', '0 039 ', '+39 (0)', '+44 ', '0044 ', '+1 ', '3939'];
/** Starts of national numbers: landlines (incl. Rome, Milan, the Vatican's 06698), mobiles, toll-free, premium, shared cost, and some that are no Italian number. */
const STARTS = ['0', '02', '06', '06698', '0669', '010', '011', '0471', '0831', '0878', '3', '31', '32', '33', '34', '36', '38', '39', '30', '4', '43', '55', '70', '1', '178', '199', '144', '8', '800', '803', '84', '840', '848', '89', '892', '894', '895', '899', '5', '7', '9', '2', '6', '00'];
/** Between digits: nothing mostly, the usual separators, and what must send the text to libphonenumber-js. */
const SEPARATORS = ['', '', '', '', '', '', ' ', ' ', '-', '.', '/', '(', ')', '  ', ' - ', 'x', 'a', '#', ',', ';', '~', '\t', '+', '\u00a0', '\uff11', 'ext. '];

const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
const writing = (separators: string[], ends: string[], maxLength: number) =>
  fc
    .tuple(
      fc.constantFrom(...PREFIXES),
      fc.constantFrom(...STARTS),
      fc.array(fc.tuple(fc.constantFrom(...separators), digit), { minLength: 3, maxLength }),
      fc.constantFrom(...ends),
    )
    .map(([prefix, start, rest, end]) => `${prefix}${start}${rest.map(([separator, d]) => separator + d).join('')}${end}`);
/** Mostly plausible writings (the usual separators, lengths near the real ones), and some with anything in them. */
const italianLooking = fc.oneof(
  { arbitrary: writing(['', '', '', '', '', '', '', '', ' ', '-', '.', '/', '(', ')'], ['', '', '', ' ', ')'], 10), weight: 3 },
  { arbitrary: writing(SEPARATORS, ['', '', '', ' ', ')', '-', 'x', ' int. 3'], 13), weight: 1 },
);

describe('the Italian fast path', () => {
  it('gives exactly what libphonenumber-js gives, on Italian-looking writings', () => {
    let fast = 0;
    fc.assert(
      fc.property(italianLooking, (text) => {
        const e164 = italianE164(text.trim());
        if (e164 !== undefined) fast++;
        expect(normalizePhoneNumber(text)).toEqual(normalizeWithLibphonenumber(text));
        if (e164 !== undefined) expect(normalizeWithLibphonenumber(text)).toEqual({ ok: true, e164 });
      }),
      { numRuns: 20_000 },
    );
    // The generator must exercise the fast path itself, not only the fallback.
    expect(fast).toBeGreaterThan(2_000);
  });

  it('gives exactly what libphonenumber-js gives, on any short text of digits and separators', () => {
    const character = fc.constantFrom('0', '1', '2', '3', '3', '4', '5', '6', '7', '8', '9', '0', ' ', '-', '.', '(', ')', '+', '/');
    fc.assert(
      fc.property(fc.array(character, { maxLength: 20 }), (characters) => {
        const text = characters.join('');
        expect(normalizePhoneNumber(text)).toEqual(normalizeWithLibphonenumber(text));
      }),
      { numRuns: 10_000 },
    );
  });

  it('takes the common writings itself', () => {
    for (const [written, e164] of [
      ['06 1234567', '+39061234567'],
      ['(06) 1234567', '+39061234567'],
      ['06/1234567', '+39061234567'],
      ['+39 (0)6 1234567', '+39061234567'],
      ['0039 06 1234567', '+39061234567'],
      ['02 12345678', '+390212345678'],
      ['347 123 4567', '+393471234567'],
      ['+39 347-123-4567', '+393471234567'],
      ['0039 347 123 4567', '+393471234567'],
      ['347.123.4567', '+393471234567'],
      ['3911234567', '+393911234567'],
      ['+39 391 1234567', '+393911234567'],
      ['800 123456', '+39800123456'],
    ]) {
      expect({ written, e164: italianE164(written) }).toEqual({ written, e164 });
      expect(normalizeWithLibphonenumber(written)).toEqual({ ok: true, e164 });
    }
  });

  it('leaves to libphonenumber-js what it cannot be sure of', () => {
    for (const written of [
      '+44 20 7946 0958', // another country
      '00 44 20 7946 0958',
      '06698 12345', // the Vatican's numbers share +39
      '393471234567', // a bare 39 that libphonenumber-js reads as the country code
      '06 1234567 ext. 5', // an extension
      '06 1234567 #5',
      '０６ 1234567', // digits other than ASCII
      '06\t1234567',
      '06 + 1234567', // a plus sign not at the start
      '123', // refusals keep libphonenumber-js's reasons
      '0612345678901234',
      '347 123',
      '+39',
      '+39 0',
      '0000 1234567',
    ]) {
      expect({ written, e164: italianE164(written) }).toEqual({ written, e164: undefined });
      expect(normalizePhoneNumber(written)).toEqual(normalizeWithLibphonenumber(written));
    }
    expect(normalizePhoneNumber('393471234567')).toEqual({ ok: true, e164: '+393471234567' });
    expect(normalizePhoneNumber('06698 12345')).toEqual({ ok: true, e164: '+390669812345' });
  });
});
