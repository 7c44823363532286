import fc from 'fast-check';
import { normalizeVatNumber, vatCheckDigit, vatNumberProblem } from './vat-number';

describe('Italian VAT numbers (Partita IVA)', () => {
  // Published VAT numbers of TIM, Poste Italiane, Eni and Mediobanca.
  const REAL = ['00488410010', '01114601006', '00905811006', '00714490158'];

  it('accepts real VAT numbers', () => {
    for (const vat of REAL) expect(vatNumberProblem(vat)).toBeNull();
  });

  it('refuses each real number with its last digit one off, naming the check digit', () => {
    for (const vat of REAL) {
      const last = Number(vat[10]);
      for (const wrong of [(last + 1) % 10, (last + 9) % 10]) {
        expect(vatNumberProblem(`${vat.slice(0, 10)}${wrong}`)).toMatch(/fails its check digit/);
      }
    }
  });

  it('catches any single mistyped digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
        const valid = `${body}${vatCheckDigit(body)}`;
        fc.pre(!/^0+$/.test(valid));
        const digits = valid.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        expect(vatNumberProblem(valid)).toBeNull();
        expect(vatNumberProblem(digits.join(''))).not.toBeNull();
      }),
    );
  });

  it('says what is wrong with the shape', () => {
    expect(vatNumberProblem('0048841001')).toBe('vatNumber must have exactly 11 digits, not 10');
    expect(vatNumberProblem('0048841001A')).toMatch(/digits only/);
    expect(vatNumberProblem('00000000000')).toMatch(/all zeros/);
  });

  it('normalizes what people paste', () => {
    expect(normalizeVatNumber(' IT 00488410010 ')).toBe('00488410010');
    expect(normalizeVatNumber('it004.884.100.10')).toBe('00488410010');
  });
});
