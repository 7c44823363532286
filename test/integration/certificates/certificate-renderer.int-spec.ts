import { loadConfig } from '@app/config';
import { CertificateRenderer, CertificateTemplate, RendererLimits, RendererUnavailableError } from '@app/certificates';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { certificateViewModel, normalizeSpaces, PdfWorkbench } from './certificate-fixtures';
import { until } from '../../support/eventually';

const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', ...env });

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('CertificateRenderer', () => {
  const workbench = new PdfWorkbench();
  const template = new CertificateTemplate();
  let html: string;
  const renderers: CertificateRenderer[] = [];
  const renderer = (env: Record<string, string> = {}, limits?: Partial<RendererLimits>) => {
    const created = new CertificateRenderer(config(env), limits);
    renderers.push(created);
    return created;
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    html = await template.render(certificateViewModel());
  });
  afterAll(async () => {
    await Promise.all(renderers.map((created) => created.close()));
    workbench.remove();
  });

  describe('one warm browser', () => {
    let shared: CertificateRenderer;

    beforeAll(() => {
      shared = renderer();
    });

    it('starts Chromium on the first render only, and reuses it', async () => {
      await expect(shared.check()).resolves.toEqual({ ok: true, detail: 'Chromium starts on the next render' });
      expect(shared.browserPid).toBeUndefined();
      const first = await shared.render(html);
      const pid = shared.browserPid;
      expect(pid).toBeDefined();
      await shared.render(html);
      expect(shared.browserPid).toBe(pid);
      expect(first.subarray(0, 5).toString()).toBe('%PDF-');
      const health = await shared.check();
      expect(health.ok).toBe(true);
      expect(health.detail).toMatch(/Chrome\/\d+.*2 renders/);
    });

    it('prints each certificate on a reused page with its own text, title, fonts and QR code', async () => {
      const other = await template.render(certificateViewModel({ certificateNumber: 'AQ-2026-000043', firmLegalName: 'Voce & Ascolto S.r.l.' }));
      const reference = await renderer({ RENDER_PAGES: '1' }).render(other);
      const single = renderer({ RENDER_PAGES: '1' });
      await single.render(html);
      const reused = await single.render(other);
      const text = normalizeSpaces(await workbench.text(reused));
      expect(text).toContain('Voce & Ascolto S.r.l.');
      expect(text).toContain('AQ-2026-000043');
      expect(text).not.toContain('AQ-2026-000042');
      expect(await workbench.info(reused)).toMatch(/Title: +Attestato AQ-2026-000043 — Voce & Ascolto S\.r\.l\./);
      expect(await workbench.fonts(reused)).toBe(await workbench.fonts(reference));
      // Same content, same bytes apart from the creation date: the QR code and the seal were decoded before printing.
      expect(reused.length).toBe(reference.length);
    });

    it('renders concurrently beyond its pool size by queueing', async () => {
      const pdfs = await Promise.all(Array.from({ length: 6 }, () => shared.render(html)));
      for (const pdf of pdfs) expect(await workbench.text(pdf)).toContain('AQ-2026-000042');
    });

    it('starts a new browser on the next render when Chromium was killed between renders', async () => {
      await shared.render(html);
      const killed = shared.browserPid!;
      process.kill(killed, 'SIGKILL');
      await until(() => shared.browserPid === undefined, 'the renderer notices the exit');
      const pdf = await shared.render(html);
      expect(await workbench.text(pdf)).toContain('Contact Italia Servizi S.p.A.');
      expect(shared.browserPid).toBeDefined();
      expect(shared.browserPid).not.toBe(killed);
    });

    it('fails renders in flight with a retryable error when Chromium dies, then recovers', async () => {
      await shared.render(html);
      const killed = shared.browserPid!;
      const inFlight = Promise.allSettled([shared.render(html), shared.render(html)]);
      await new Promise((resolve) => setTimeout(resolve, 30));
      process.kill(killed, 'SIGKILL');
      const killedAt = Date.now();
      const outcomes = await inFlight;
      // At once, not at the render's time limit, whatever DevTools call each render was waiting on.
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        const error = (outcome as PromiseRejectedResult).reason as RendererUnavailableError;
        expect(error).toBeInstanceOf(RendererUnavailableError);
        expect(error).toMatchObject({ kind: 'unavailable', code: 'renderer_crashed', retryable: true });
      }
      const pdf = await shared.render(html);
      expect(await workbench.text(pdf)).toContain('AQ-2026-000042');
      expect(shared.browserPid).not.toBe(killed);
    });

    it('closes Chromium and refuses renders once closed', async () => {
      const pid = shared.browserPid!;
      await shared.close();
      expect(processExists(pid)).toBe(false);
      await expect(shared.render(html)).rejects.toMatchObject({ code: 'renderer_closed' });
    });
  });

  it('replaces the browser after the configured number of renders', async () => {
    const recycling = renderer({}, { recycleAfterRenders: 2 });
    await recycling.render(html);
    const first = recycling.browserPid!;
    await recycling.render(html);
    await until(() => !processExists(first), 'the retired browser exits');
    await recycling.render(html);
    expect(recycling.browserPid).not.toBe(first);
  });

  it('replaces the browser when its memory is above the limit', async () => {
    const recycling = renderer({}, { recycleAboveBytes: 1, memoryCheckEvery: 1 });
    await recycling.render(html);
    const first = recycling.browserPid!;
    await until(() => !processExists(first), 'the oversized browser exits');
    await recycling.render(html);
    expect(recycling.browserPid).not.toBe(first);
  });

  it('gives up on a render that takes longer than RENDER_TIMEOUT_MS and replaces that browser', async () => {
    // Long enough for a normal render on a busy machine, far too short for the enormous page.
    const impatient = renderer({ RENDER_TIMEOUT_MS: '8000' });
    await impatient.render(html);
    // Printing fifty thousand paragraphs takes Chromium well over half a minute.
    const enormous = `<!DOCTYPE html><html><body>${'<p>Una riga di un documento molto lungo.</p>'.repeat(50_000)}</body></html>`;
    const stuck = impatient.browserPid!;
    const started = Date.now();
    await expect(impatient.render(enormous)).rejects.toMatchObject({ code: 'renderer_timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    const pdf = await impatient.render(html);
    expect(await workbench.text(pdf)).toContain('AQ-2026-000042');
    expect(impatient.browserPid).not.toBe(stuck);
    await until(() => !processExists(stuck), 'the overrun browser exits');
  });

  it('reports a missing Chromium as not ready and fails renders with a clear error', async () => {
    const missing = '/nonexistent/chromium';
    expect(existsSync(missing)).toBe(false);
    const broken = renderer({ CHROMIUM_PATH: missing });
    await expect(broken.check()).resolves.toEqual({ ok: false, detail: `Chromium is not an executable file at ${missing}` });
    await expect(broken.render(html)).rejects.toMatchObject({ code: 'renderer_failed', message: expect.stringContaining(missing) });
  });
});
