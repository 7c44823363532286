import { DomainError } from '@app/core';
import fc from 'fast-check';
import { findHostileText, MAX_NESTING_DEPTH, refuseHostileText, textProblem } from './hostile-text';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('textProblem', () => {
  it('finds NUL and lone surrogates, and accepts surrogate pairs', () => {
    expect(textProblem('a\u0000b')).toBe('nul');
    expect(textProblem('\ud800')).toBe('lone_surrogate');
    expect(textProblem('x\udc00')).toBe('lone_surrogate');
    expect(textProblem('\udc00\ud800')).toBe('lone_surrogate');
    expect(textProblem('a\ud83d')).toBe('lone_surrogate');
    expect(textProblem('ok 😀 \ufeff\uffff')).toBeNull();
  });

  it('accepts every well-formed string without NUL', () => {
    // Any code point but NUL and the surrogates, which only ever come in pairs when a code point needs them.
    const codePoint = fc.oneof(fc.integer({ min: 1, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff })).map((code) => String.fromCodePoint(code));
    fc.assert(fc.property(fc.string({ unit: codePoint }), (text) => textProblem(text) === null));
  });
});

describe('findHostileText', () => {
  it('names the path of the value or field name at fault', () => {
    expect(findHostileText({ registeredOffice: { city: 'Ro\u0000ma' } })).toEqual({ path: 'registeredOffice.city', problem: 'nul' });
    expect(findHostileText({ items: ['fine', { note: '\udfff' }] })).toEqual({ path: 'items.1.note', problem: 'lone_surrogate' });
    expect(findHostileText({ ['a\u0000b']: 1 })).toEqual({ path: 'a\\u0000b', problem: 'nul' });
    expect(findHostileText('\u0000', 'id')).toEqual({ path: 'id', problem: 'nul' });
  });

  it('names the first problem in field order', () => {
    expect(findHostileText({ first: '\u0000', second: '\ud800' })?.path).toBe('first');
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels of nesting and refuses one more`, () => {
    expect(findHostileText(nested(MAX_NESTING_DEPTH))).toBeNull();
    expect(findHostileText(nested(MAX_NESTING_DEPTH + 1))?.problem).toBe('too_deep');
  });

  it('looks through nesting far past what a recursive walk survives', () => {
    expect(findHostileText({ password: nested(200_000) })).toEqual({ path: expect.stringMatching(/^password\.(0|a)\./), problem: 'too_deep' });
  });

  it('ignores numbers, booleans, null, dates and bytes', () => {
    expect(findHostileText({ n: 1, b: true, z: null, when: new Date(0), bytes: Buffer.from([0, 0xed, 0xa0, 0x80]) })).toBeNull();
  });

  it('looks into objects without the usual prototype, as query strings are parsed', () => {
    const query = Object.assign(Object.create(Object.create(null) as object) as Record<string, unknown>, { search: '\u0000' });
    expect(findHostileText(query)).toEqual({ path: 'search', problem: 'nul' });
  });
});

describe('refuseHostileText', () => {
  it('throws the validation error of the field', () => {
    const refusal = (() => {
      try {
        refuseHostileText({ email: 'a\u0000@b.it' });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'bad_request', code: 'validation_failed', details: { fields: { email: [expect.stringContaining('NUL')] } } });
    expect((refusal as DomainError).message).toMatch(/^email: /);
  });

  it('names the body itself when it is a bare string', () => {
    expect(() => refuseHostileText('\ud800')).toThrow(/^body: /);
  });
});
