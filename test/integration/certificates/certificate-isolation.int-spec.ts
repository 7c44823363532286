import { CertificateRenderer, CertificateService } from '@app/certificates';
import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { certificateViewModel, CertificatesHarness, PdfWorkbench, startCertificates } from './certificate-fixtures';

const withoutSpaces = (text: string): string => text.replace(/\s+/g, '');

/** Records every request that reaches it: the renderer must never make one. */
class CanaryServer {
  readonly hits: string[] = [];
  private readonly server: Server = createServer((request, response) => {
    this.hits.push(request.url ?? '');
    response.end('tweet');
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('certificate rendering is isolated from the network and the file system', () => {
  const workbench = new PdfWorkbench();
  const canary = new CanaryServer();
  let canaryUrl: string;
  let harness: CertificatesHarness;

  beforeAll(async () => {
    canaryUrl = await canary.start();
    harness = await startCertificates();
  });
  afterAll(async () => {
    await harness.close();
    await canary.stop();
    rmSync(harness.dataDir, { recursive: true, force: true });
    workbench.remove();
  });

  it('prints markup in the firm data as text and loads nothing', async () => {
    const firmLegalName = `<img src=${canaryUrl}/canary-img><script>fetch('${canaryUrl}/canary-script')</script> file:///etc/passwd`;
    const registeredOffice = `<link rel="stylesheet" href="${canaryUrl}/canary-css"><iframe src="file:///etc/passwd"></iframe>`;
    const { pdf } = await harness.module.get(CertificateService).produce(
      certificateViewModel({ firmLegalName, registeredOffice, vatNumber: '"><b>IT0"' }),
    );
    // pdftotext breaks lines where the layout wraps them: compare without whitespace.
    const text = withoutSpaces(await workbench.text(pdf));
    expect(text).toContain(withoutSpaces(firmLegalName));
    expect(text).toContain(withoutSpaces(registeredOffice));
    expect(text).toContain('"><b>IT0"');
    expect(text).not.toMatch(/root:.*:0:0:/);
    expect(canary.hits).toEqual([]);
  });

  it('refuses every request but data: URIs even for raw HTML that asks for them', async () => {
    const hostile = `<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="${canaryUrl}/raw-css">
      <style>@import url(${canaryUrl}/raw-import); body { background: url(${canaryUrl}/raw-background); }
        @font-face { font-family: Canary; src: url(${canaryUrl}/raw-font); } p { font-family: Canary; }</style>
      </head><body>
      <p>page with hostile references</p>
      <img src="${canaryUrl}/raw-img"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <iframe src="file:///etc/passwd"></iframe><iframe src="${canaryUrl}/raw-frame"></iframe>
      <object data="file:///etc/passwd"></object>
      <script>fetch('${canaryUrl}/raw-script'); document.body.append('SCRIPT RAN');</script>
      </body></html>`;
    const pdf = await harness.module.get(CertificateRenderer).render(hostile);
    const text = await workbench.text(pdf);
    expect(text).toContain('page with hostile references');
    expect(text).not.toContain('SCRIPT RAN');
    expect(text).not.toMatch(/root:.*:0:0:/);
    expect(canary.hits).toEqual([]);
  });

  it('blocks a meta refresh; the disturbed page is discarded and the next render works', async () => {
    const renderer = harness.module.get(CertificateRenderer);
    const refreshing = `<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=${canaryUrl}/raw-refresh"></head><body><p>refresh</p></body></html>`;
    // Chromium may or may not finish printing once the refused navigation has disturbed the page.
    await renderer.render(refreshing).catch((error: unknown) => expect(error).toMatchObject({ code: 'renderer_failed', retryable: true }));
    const { pdf } = await harness.module.get(CertificateService).produce(certificateViewModel());
    expect(await workbench.text(pdf)).toContain('Contact Italia Servizi S.p.A.');
    // The refresh was refused when Chromium asked for it, before the next render began: no time to wait out.
    expect(canary.hits).toEqual([]);
  });
});
