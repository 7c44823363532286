import fc from 'fast-check';
import { formatEuroAmount, MAX_EURO_CENTS, parseEuroAmount } from './euro-amount';

describe('euro amounts as people type them', () => {
  it('reads the ways Italians and English readers write an amount', () => {
    const cases: [string, number][] = [
      ['50000', 5_000_000],
      ['50.000', 5_000_000],
      ['50.000,50', 5_000_050],
      ['50.000,5', 5_000_050],
      ['50000,50', 5_000_050],
      ['50000.50', 5_000_050],
      ['50,000.50', 5_000_050],
      ['50,000', 5_000_000],
      ['1.234.567,89', 123_456_789],
      ['1,234,567.89', 123_456_789],
      ['€ 50.000', 5_000_000],
      ['50.000,00 €', 5_000_000],
      ['50 000', 5_000_000],
      ['15000,5', 1_500_050],
      ['0,99', 99],
      ['7', 700],
    ];
    for (const [input, cents] of cases) expect({ input, cents: parseEuroAmount(input) }).toEqual({ input, cents });
  });

  it('refuses what is not an amount', () => {
    for (const input of ['', '€', 'abc', '-50', '50,000,5', '5.0000', '50.00.00,5', '1,234.567', '12,345,6', '50,123.4.5', '.50', '50.', '50,', '1.2345,00', '50e3', '1,2,3'])
      expect({ input, cents: parseEuroAmount(input) }).toEqual({ input, cents: null });
    expect(parseEuroAmount(String(MAX_EURO_CENTS))).toBeNull();
  });

  it('shows amounts as Italians write them, thousands grouped', () => {
    expect(formatEuroAmount(5_000_000, 'it')).toBe('50.000,00\u00a0€');
    expect(formatEuroAmount(500_000, 'it')).toBe('5.000,00\u00a0€');
    expect(formatEuroAmount(5_000_050, 'en')).toBe('€50,000.50');
  });

  it('reads back every amount it shows, in both languages, and the plain forms people type', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_00 }), (cents) => {
        expect(parseEuroAmount(formatEuroAmount(cents, 'it'))).toBe(cents);
        expect(parseEuroAmount(formatEuroAmount(cents, 'en'))).toBe(cents);
        const euros = Math.floor(cents / 100);
        const decimals = String(cents % 100).padStart(2, '0');
        expect(parseEuroAmount(`${euros},${decimals}`)).toBe(cents);
        expect(parseEuroAmount(`${euros}.${decimals}`)).toBe(cents);
        expect(parseEuroAmount(String(euros))).toBe(euros * 100);
      }),
    );
  });
});
