import {
  CERTIFICATE_TEXT_LIMITS,
  certificateDate,
  certificateLayout,
  certificateVerificationUrl,
  CertificateViewModel,
  certificateViewModelProblems,
  formatItalianLongDate,
} from './certificate-view-model';

const valid: CertificateViewModel = {
  certificateNumber: 'AQ-2026-000042',
  firmLegalName: 'Contact Italia S.p.A.',
  vatNumber: '01234567897',
  registeredOffice: 'Via dei Mille 12, 20121 Milano (MI)',
  issuedAt: new Date('2026-11-24T09:00:00Z'),
  validUntil: new Date('2027-11-24T09:00:00Z'),
  checklistVersion: '2026.1',
  verificationUrl: 'https://www.aziendaqualificata.it/verifica/AQ-2026-000042',
};

describe('certificateVerificationUrl', () => {
  it('joins the public address and the number, ignoring trailing slashes', () => {
    expect(certificateVerificationUrl('https://aq.example.it/', 'AQ-2026-000042')).toBe('https://aq.example.it/verifica/AQ-2026-000042');
    expect(certificateVerificationUrl('http://localhost:3000', 'AQ-2026-000042')).toBe('http://localhost:3000/verifica/AQ-2026-000042');
  });
});

describe('certificateViewModelProblems', () => {
  it('accepts a complete view model', () => {
    expect(certificateViewModelProblems(valid)).toEqual([]);
  });

  it('names every problem at once', () => {
    const problems = certificateViewModelProblems({
      ...valid,
      certificateNumber: 'AQ-26-42',
      firmLegalName: '   ',
      vatNumber: '1'.repeat(CERTIFICATE_TEXT_LIMITS.vatNumber + 1),
      issuedAt: new Date('not a date'),
      verificationUrl: 'javascript:alert(1)',
    });
    expect(problems).toEqual([
      'certificateNumber must look like AQ-YYYY-NNNNNN',
      'firmLegalName must not be empty',
      `vatNumber must be at most ${CERTIFICATE_TEXT_LIMITS.vatNumber} characters`,
      'issuedAt must be a valid date',
      'verificationUrl must be an http(s) URL',
    ]);
  });

  it('refuses a period start that is not before the expiry', () => {
    expect(certificateViewModelProblems({ ...valid, validFrom: valid.validUntil })).toEqual(['validFrom must be a valid date before validUntil']);
  });

  it('refuses an expiry that is not after the issue', () => {
    expect(certificateViewModelProblems({ ...valid, validUntil: valid.issuedAt })).toEqual(['validUntil must be after issuedAt']);
  });

  it('refuses a verification URL that points at another certificate', () => {
    expect(certificateViewModelProblems({ ...valid, verificationUrl: 'https://www.aziendaqualificata.it/verifica/AQ-2026-000043' })).toEqual([
      'verificationUrl must end with /verifica/<certificateNumber>',
    ]);
  });
});

describe('certificate dates', () => {
  it('prints the calendar date in Rome, numeric and in words', () => {
    expect(certificateDate(new Date('2026-11-24T09:00:00Z'))).toEqual({ numeric: '24/11/2026', long: '24 novembre 2026' });
    // 23:30 UTC on 31 December is already New Year's Day in Rome.
    expect(formatItalianLongDate(new Date('2026-12-31T23:30:00Z'))).toBe('1 gennaio 2027');
    expect(formatItalianLongDate(new Date('2027-03-01T12:00:00Z'))).toBe('1 marzo 2027');
  });
});

describe('certificateLayout', () => {
  it('shrinks the firm name as it grows', () => {
    const size = (length: number) => certificateLayout({ ...valid, firmLegalName: 'x'.repeat(length) }).firmNameSize;
    expect([size(40), size(41), size(80), size(81), size(140), size(141)]).toEqual(['xl', 'lg', 'lg', 'md', 'md', 'sm']);
  });

  it('tightens the page for long texts only', () => {
    expect(certificateLayout(valid)).toEqual({ firmNameSize: 'xl', compact: false, longOffice: false });
    expect(certificateLayout({ ...valid, registeredOffice: 'x'.repeat(111) })).toMatchObject({ compact: true, longOffice: true });
    expect(certificateLayout({ ...valid, registeredOffice: 'x'.repeat(71) }).compact).toBe(true);
    expect(certificateLayout({ ...valid, firmLegalName: 'x'.repeat(121) }).compact).toBe(true);
    expect(certificateLayout({ ...valid, checklistVersion: 'x'.repeat(13) }).compact).toBe(true);
  });
});
