import fc from 'fast-check';
import { parseRegistrySearch, REGISTRY_MAX_PAGE, searchableLength } from './registry-search';

const parsed = (input: Parameters<typeof parseRegistrySearch>[0]) => {
  const result = parseRegistrySearch(input);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.fields)}`);
  return result.search;
};
const refused = (input: Parameters<typeof parseRegistrySearch>[0]) => {
  const result = parseRegistrySearch(input);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.search)}`);
  return result.fields;
};

describe('reading a registry search', () => {
  it('lists everything on page 1 when nothing is asked', () => {
    expect(parsed({})).toEqual({ criteria: { kind: 'all' }, status: null, province: null, page: 1, pageSize: 20 });
    expect(parsed({ q: '   ', status: '', province: '' })).toEqual({ criteria: { kind: 'all' }, status: null, province: null, page: 1, pageSize: 20 });
  });

  it('recognises a VAT number however it is written', () => {
    for (const q of ['00488410010', ' IT 00488410010 ', '004 884 100 10', 'it00488410010', '004.884.100.10']) {
      expect({ q, criteria: parsed({ q }).criteria }).toEqual({ q, criteria: { kind: 'vat', vatNumber: '00488410010' } });
    }
    expect(refused({ q: '00488410011' }).q[0]).toMatch(/check digit/);
  });

  it('recognises a certificate number in any case', () => {
    expect(parsed({ q: ' aq-2026-000042 ' }).criteria).toEqual({ kind: 'certificate', certificateNumber: 'AQ-2026-000042' });
  });

  it('reads anything else as part of a name or a city, of at least three letters or digits', () => {
    expect(parsed({ q: 'Società' }).criteria).toEqual({ kind: 'text', text: 'Società' });
    expect(parsed({ q: 'àèì' }).criteria).toEqual({ kind: 'text', text: 'àèì' });
    expect(refused({ q: 'ab' }).q).toEqual(['q must contain at least 3 letters or digits']);
    expect(refused({ q: "%_'" }).q).toEqual(['q must contain at least 3 letters or digits']);
    expect(refused({ q: 'x'.repeat(101) }).q).toEqual(['q must be at most 100 characters long']);
  });

  it('counts letters and digits as the database normalises them', () => {
    expect(searchableLength('S.r.l.')).toBe(3);
    expect(searchableLength("L'Àncora")).toBe(7);
    expect(searchableLength(' - / ')).toBe(0);
  });

  it('checks status, province and page, naming the field', () => {
    expect(parsed({ status: 'revoked', province: 'mi', page: '3' })).toMatchObject({ status: 'revoked', province: 'MI', page: 3 });
    expect(refused({ status: 'valid' }).status[0]).toBe('status must be one of: active, suspended, revoked, expired');
    expect(refused({ province: 'Milano' }).province).toBeDefined();
    expect(refused({ page: '0' }).page).toBeDefined();
    expect(refused({ page: String(REGISTRY_MAX_PAGE + 1) }).page).toBeDefined();
    expect(refused({ page: '1e3' }).page).toBeDefined();
  });

  it('takes pages of 1 to 100 firms, 20 unless asked, no deeper than 5,000 firms', () => {
    expect(parsed({ pageSize: '1' }).pageSize).toBe(1);
    expect(parsed({ pageSize: '100', page: '50' })).toMatchObject({ pageSize: 100, page: 50 });
    expect(parsed({ pageSize: ' ' }).pageSize).toBe(20);
    for (const pageSize of ['0', '101', '-5', 'dieci', '2.5']) {
      expect({ pageSize, fields: refused({ pageSize }) }).toEqual({ pageSize, fields: { pageSize: ['pageSize must be a whole number from 1 to 100'] } });
    }
    expect(refused({ pageSize: ['10', '20'] })).toEqual({ pageSize: ['pageSize must be a single text value'] });
    expect(refused({ pageSize: '100', page: '51' })).toEqual({ page: ['page must be a whole number from 1 to 50'] });
  });

  it('refuses repeated parameters and control characters instead of guessing', () => {
    expect(refused({ q: ['rossi', 'bianchi'] }).q).toEqual(['q must be a single text value']);
    expect(refused({ q: 'rossi\u0000' }).q).toEqual(['q must not contain control characters']);
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.record({ q: fc.anything(), status: fc.anything(), province: fc.anything(), page: fc.anything(), pageSize: fc.anything() }, { requiredKeys: [] }), (input) => {
        const result = parseRegistrySearch(input);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
