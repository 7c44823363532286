import { CertificateTemplate } from './certificate-template';
import type { CertificateViewModel } from './certificate-view-model';
import { documentParts } from './page-document';

const viewModel = (certificateNumber: string, firmLegalName: string): CertificateViewModel => ({
  certificateNumber,
  firmLegalName,
  vatNumber: '01234567897',
  registeredOffice: 'Via dei Mille 12, 20121 Milano (MI)',
  issuedAt: new Date('2026-11-24T09:00:00Z'),
  validUntil: new Date('2027-11-24T09:00:00Z'),
  checklistVersion: '2026.1',
  verificationUrl: `https://www.aziendaqualificata.it/verifica/${certificateNumber}`,
});

describe('documentParts', () => {
  const template = new CertificateTemplate();

  it('gives two certificates the same shell, and each its own title and body', async () => {
    const first = documentParts(await template.render(viewModel('AQ-2026-000001', 'Alfa & Beta S.r.l.')));
    const second = documentParts(await template.render(viewModel('AQ-2026-000002', '<script>Gamma</script> S.p.A.')));
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(first!.shell).toBe(second!.shell);
    expect(first!.shell).toContain('@font-face');
    expect(first!.shell).not.toContain('AQ-2026-000001');
    expect(first!.titleHtml).toBe('Attestato AQ-2026-000001 — Alfa &amp; Beta S.r.l.');
    expect(second!.bodyHtml).toContain('&lt;script&gt;Gamma&lt;/script&gt; S.p.A.');
    expect(second!.bodyHtml).not.toContain('AQ-2026-000001');
  });

  it('leaves any other document whole', () => {
    expect(documentParts('<p>no document</p>')).toBeNull();
    expect(documentParts('<html><head><title>t</title></head><body class="x"><p>b</p></body></html>')).toBeNull();
    expect(documentParts('<html><head><meta http-equiv="refresh" content="0"></head><body>b</body></html>')).toBeNull();
    expect(documentParts('<html><head><title>t</title></head><body>b</body></html>')).toEqual({ shell: '<html><head></head>', titleHtml: 't', bodyHtml: 'b' });
  });
});
