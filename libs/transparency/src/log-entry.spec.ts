import fc from 'fast-check';
import { decodeLogEntry, encodeLogEntry, LogEntry, LogEntryFormatError } from './log-entry';

const issued: LogEntry = {
  kind: 'rating.issued',
  time: new Date('2026-03-01T09:30:00.000Z'),
  certificateNumber: 'AQ-2026-000001',
  vatNumber: '01234567897',
  legalName: 'Contatti & Servizi S.r.l. — "Sede" Perugia',
  validFrom: new Date('2026-03-01T09:30:00.000Z'),
  validUntil: new Date('2027-03-01T09:30:00.000Z'),
  checklistVersion: '2026.1',
};

describe('log entries', () => {
  it('encode as canonical JSON: sorted keys, no spaces, UTF-8', () => {
    expect(encodeLogEntry(issued).toString('utf8')).toBe(
      '{"certificateNumber":"AQ-2026-000001","checklistVersion":"2026.1","kind":"rating.issued","legalName":"Contatti & Servizi S.r.l. — \\"Sede\\" Perugia",' +
        '"time":"2026-03-01T09:30:00.000Z","v":1,"validFrom":"2026-03-01T09:30:00.000Z","validUntil":"2027-03-01T09:30:00.000Z","vatNumber":"01234567897"}',
    );
    expect(encodeLogEntry({ kind: 'rating.revoked', time: new Date(0), certificateNumber: 'AQ-2026-000001', reason: 'firm_request' }).toString()).toBe(
      '{"certificateNumber":"AQ-2026-000001","kind":"rating.revoked","reason":"firm_request","time":"1970-01-01T00:00:00.000Z","v":1}',
    );
  });

  it('decode back to the same entry, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') }), (legalName, checklistVersion, when) => {
        const entry: LogEntry = { ...issued, legalName, checklistVersion, time: when };
        expect(decodeLogEntry(encodeLogEntry(entry))).toEqual(entry);
      }),
    );
  });

  it('refuse a non-canonical encoding, an unknown kind or a reason the registry does not publish', () => {
    const canonical = encodeLogEntry(issued).toString('utf8');
    expect(() => decodeLogEntry(Buffer.from(canonical.replace(':', ': ')))).toThrow(LogEntryFormatError);
    expect(() => decodeLogEntry(Buffer.from(JSON.stringify({ ...JSON.parse(canonical), extra: 1 })))).toThrow(LogEntryFormatError);
    expect(() => decodeLogEntry(Buffer.from('{"certificateNumber":"AQ-2026-000001","kind":"rating.deleted","time":"2026-03-01T09:30:00.000Z","v":1}'))).toThrow(/Unknown leaf kind/);
    expect(() => decodeLogEntry(Buffer.from('{"certificateNumber":"AQ-2026-000001","kind":"rating.revoked","reason":"whim","time":"2026-03-01T09:30:00.000Z","v":1}'))).toThrow(/reason/);
  });
});
