import fc from 'fast-check';
import { newReportReference, normalizeReportReference, REPORT_REFERENCE_PATTERN } from './report-reference';

describe('report reference', () => {
  it('is SGN- and ten Crockford base32 characters', () => {
    for (let i = 0; i < 200; i += 1) expect(newReportReference()).toMatch(REPORT_REFERENCE_PATTERN);
    expect(newReportReference(() => Buffer.from([0, 1, 10, 17, 18, 20, 21, 26, 31, 32]))).toBe('SGN-01AHJMNTZ0');
  });

  it('uses every character of the alphabet equally: 256 byte values map 8 to each of 32 characters', () => {
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte += 1) {
      const character = newReportReference((size) => Buffer.alloc(size, byte)).slice(4, 5);
      counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect([...counts.values()].every((count) => count === 8)).toBe(true);
  });

  it('reads back what people type: case, spaces, a missing dash, O for 0 and I or L for 1', () => {
    expect(normalizeReportReference('  sgn-01ahjmntz0 ')).toBe('SGN-01AHJMNTZ0');
    expect(normalizeReportReference('SGN01AHJMNTZ0')).toBe('SGN-01AHJMNTZ0');
    expect(normalizeReportReference('SGN-O1AHJMNTZO')).toBe('SGN-01AHJMNTZ0');
    expect(normalizeReportReference('SGN-IL23456789')).toBe('SGN-1123456789');
  });

  it('refuses what cannot be a reference', () => {
    for (const text of ['', 'SGN-', 'SGN-12345', 'SGN-12345678901', 'ABC-0123456789', 'SGN-01234567U9', 'SGN 0123456789', "SGN-0123456'89"]) {
      expect(normalizeReportReference(text)).toBeNull();
    }
  });

  it('normalises every generated reference to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const reference = newReportReference(() => Buffer.from(bytes));
        expect(normalizeReportReference(reference)).toBe(reference);
        expect(normalizeReportReference(reference.toLowerCase())).toBe(reference);
      }),
    );
  });
});
