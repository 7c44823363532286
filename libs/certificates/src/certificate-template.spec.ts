import { CertificateTemplate } from './certificate-template';
import type { CertificateViewModel } from './certificate-view-model';
import { InvalidCertificateError } from './certificates.errors';

const viewModel: CertificateViewModel = {
  certificateNumber: 'AQ-2026-000042',
  firmLegalName: 'Contact Italia S.p.A.',
  vatNumber: '01234567897',
  registeredOffice: 'Via dei Mille 12, 20121 Milano (MI)',
  issuedAt: new Date('2026-11-24T09:00:00Z'),
  validUntil: new Date('2027-11-24T09:00:00Z'),
  checklistVersion: '2026.1',
  verificationUrl: 'https://www.aziendaqualificata.it/verifica/AQ-2026-000042',
};

describe('CertificateTemplate', () => {
  const template = new CertificateTemplate();

  it('fills in every field, both date forms and a QR code of the verification URL', async () => {
    const html = await template.render(viewModel);
    for (const expected of ['Contact Italia S.p.A.', '01234567897', 'Via dei Mille 12, 20121 Milano (MI)', 'AQ-2026-000042', '24/11/2026', '24 novembre 2026', '24/11/2027', '24 novembre 2027', '2026.1']) {
      expect(html).toContain(expected);
    }
    expect(html).toContain('https://www.aziendaqualificata.it/verifica/AQ-2026-000042');
    expect(html).toMatch(/<div class="verification__qr" role="img" aria-label="QR code: https:\/\/www.aziendaqualificata.it\/verifica\/AQ-2026-000042"><svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"[^>]*><path /);
  });

  it('states when the period starts only for a renewal whose period begins after the issue', async () => {
    expect(await template.render(viewModel)).not.toContain('Valido dal');
    const renewal = await template.render({ ...viewModel, validFrom: new Date('2026-12-14T23:00:00Z'), validUntil: new Date('2027-12-14T22:59:59.999Z') });
    expect(renewal).toContain('Valido dal');
    expect(renewal).toContain('15/12/2026');
    expect(renewal).toContain('14/12/2027');
  });

  it('is self-contained: fonts inlined, nothing to fetch, a policy that forbids fetching', async () => {
    const html = await template.render(viewModel);
    expect(html.match(/src: url\(data:font\/woff2;base64,/g)).toHaveLength(7);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"`);
    expect(html).not.toMatch(/(src|href)="(https?:|file:|\/\/)/);
  });

  it('escapes markup in every field', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const html = await template.render({ ...viewModel, firmLegalName: hostile, registeredOffice: hostile, vatNumber: '"><b>1', checklistVersion: '<i>1</i>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><b>1');
    expect(html).not.toContain('<i>1</i>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;&quot;&#x27;&amp;');
  });

  it('refuses an invalid view model', async () => {
    await expect(template.render({ ...viewModel, validUntil: viewModel.issuedAt })).rejects.toThrow(InvalidCertificateError);
  });
});
