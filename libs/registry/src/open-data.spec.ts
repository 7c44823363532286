import { csvField, openDataCsv, OpenDataRecord, openDataJson } from './open-data';

const record: OpenDataRecord = {
  vatNumber: '00488410010',
  legalName: 'Rossi, Bianchi & "Figli" S.r.l.',
  city: 'Forlì',
  province: 'FC',
  website: null,
  status: 'revoked',
  certificateNumber: 'AQ-2026-000007',
  issuedAt: new Date('2026-01-10T09:00:00Z'),
  validUntil: new Date('2027-01-10T09:00:00Z'),
  suspendedAt: null,
  suspensionDeadline: null,
  endedAt: new Date('2026-11-24T10:00:00Z'),
  revocationReason: 'irregularities',
  publicNote: 'Prima riga\nseconda riga',
  certificateSha256: null,
  callingNumbers: ['+390612345678', '+393471234567'],
};

describe('open data', () => {
  it('writes RFC 4180 CSV with a header line', () => {
    const csv = openDataCsv([record]);
    const [header, line, end] = csv.split('\r\n');
    expect(header).toBe(
      'vat_number,legal_name,city,province,website,status,certificate_number,issued_at,valid_until,suspended_at,suspension_deadline,ended_at,revocation_reason,public_note,certificate_sha256,calling_numbers',
    );
    expect(line).toBe(
      '00488410010,"Rossi, Bianchi & ""Figli"" S.r.l.",Forlì,FC,,revoked,AQ-2026-000007,2026-01-10T09:00:00.000Z,2027-01-10T09:00:00.000Z,,,2026-11-24T10:00:00.000Z,irregularities,"Prima riga\nseconda riga",,+390612345678 +393471234567',
    );
    expect(end).toBe('');
  });

  it('quotes only what needs quoting', () => {
    expect([csvField(null), csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('x\ry')]).toEqual(['', 'plain', '"a,b"', '"say ""hi"""', '"x\ry"']);
  });

  it('states the licence in the JSON', () => {
    const json = JSON.parse(openDataJson([record], new Date('2026-11-24T12:00:00Z')));
    expect(json.licence).toEqual({ name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(json.firms[0]).toMatchObject({ vatNumber: '00488410010', status: 'revoked', callingNumbers: ['+390612345678', '+393471234567'] });
  });
});
