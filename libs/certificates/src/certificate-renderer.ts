import { AppConfig } from '@app/config';
import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { access, constants } from 'node:fs/promises';
import puppeteer, { Browser, Page, TimeoutError } from 'puppeteer-core';
import { RendererUnavailableError } from './certificates.errors';
import { errorMessage } from './error-facts';
import { documentParts, replaceTitleAndBody } from './page-document';
import { processTreeMemory } from './process-memory';

/** Flags that keep a headless Chromium quiet and working as root in a container (see ../shared/toolchain.md). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** When a browser is replaced by a fresh one: Chromium's memory grows with use and never shrinks. */
export interface RendererLimits {
  readonly recycleAfterRenders: number;
  /** Proportional set size (PSS) of the browser and all its processes; a fresh one holds about 400 MB. */
  readonly recycleAboveBytes: number;
  /** Reading `/proc` costs a few milliseconds, so the memory is checked only every this many renders. */
  readonly memoryCheckEvery: number;
}

export const DEFAULT_RENDERER_LIMITS: RendererLimits = {
  recycleAfterRenders: 500,
  recycleAboveBytes: 1024 * 1024 * 1024,
  memoryCheckEvery: 25,
};

/** Optional provider overriding some of DEFAULT_RENDERER_LIMITS. */
export const RENDERER_LIMITS = Symbol('RENDERER_LIMITS');

export interface RendererHealth {
  readonly ok: boolean;
  readonly detail?: string;
}

const HEALTH_CHECK_TIMEOUT_MS = 3_000;
/**
 * Bounds starting Chromium and every DevTools call (at least RENDER_TIMEOUT_MS), so a wedged browser
 * cannot hold a pool slot forever. The caller's deadline is RENDER_TIMEOUT_MS; this one frees the slot.
 */
export const MIN_BROWSER_PROTOCOL_TIMEOUT_MS = 30_000;

interface BrowserSession {
  readonly browser: Browser;
  readonly pid: number | undefined;
  /**
   * Rejects when the browser goes. Every DevTools step of a render races it: opening a page or
   * evaluating on one of a killed browser waits for a target or an execution context that never comes.
   */
  readonly disconnection: Promise<never>;
  readonly idlePages: Page[];
  inFlight: number;
  renders: number;
  /** Set when this browser is being replaced or closed on purpose: its exit is expected. */
  retiring: boolean;
  closing?: Promise<void>;
}

/** What one render holds, so a timeout can close the page it was stuck on. */
interface RenderAttempt {
  page?: Page;
  timedOut: boolean;
}

/** A counting semaphore with a FIFO queue. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}

function withTimeout<T>(promise: Promise<T>, milliseconds: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), milliseconds);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Prints HTML to an A4 PDF with one warm Chromium per process, started on the first render.
 * Up to `config.renderer.pages` renders run at once, each on a page of its own that is reused
 * afterwards; pages run no JavaScript and load nothing but data: URIs. A browser that crashes or
 * disconnects fails the renders it was running with a RendererUnavailableError (retryable) and is
 * replaced on the next render; a browser is also replaced after RendererLimits' renders or memory.
 */
@Injectable()
export class CertificateRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(CertificateRenderer.name);
  private readonly limits: RendererLimits;
  private readonly slots: Slots;
  private readonly sessions = new Set<BrowserSession>();
  private launching: Promise<BrowserSession> | undefined;
  private current: BrowserSession | undefined;
  private closed = false;
  /** The unchanging part of the document each page holds (see `loadDocument`). */
  private readonly loadedShells = new WeakMap<Page, string>();

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(RENDERER_LIMITS) limits?: Partial<RendererLimits>,
  ) {
    this.limits = { ...DEFAULT_RENDERER_LIMITS, ...limits };
    this.slots = new Slots(config.renderer.pages);
  }

  /** The pid of the running browser, if one is running (for memory readings and tests). */
  get browserPid(): number | undefined {
    return this.current?.pid;
  }

  /**
   * The PDF bytes of a self-contained HTML page. The time limit counts from when a page is free and
   * the browser runs; starting Chromium has a limit of its own (MIN_BROWSER_PROTOCOL_TIMEOUT_MS).
   */
  async render(html: string): Promise<Buffer> {
    if (this.closed) throw new RendererUnavailableError('renderer_closed', 'The certificate renderer is shut down');
    const release = await this.slots.acquire();
    let session: BrowserSession;
    try {
      session = await this.liveSession();
    } catch (error) {
      release();
      throw error;
    }
    const attempt: RenderAttempt = { timedOut: false };
    const rendering = this.renderOnPage(session, html, attempt);
    // The slot frees when Chromium is done with the page, not at the deadline, so the bound holds.
    rendering.then(release, release);
    const timeoutMs = this.config.renderer.timeoutMs;
    return withTimeout(rendering, timeoutMs, () => {
      attempt.timedOut = true;
      void attempt.page?.close().catch(() => undefined);
      // A browser that let a render overrun may still be busy or stuck: later renders get a fresh one.
      this.retire(session, 'a render timed out');
      return new RendererUnavailableError('renderer_timeout', `Rendering the certificate took longer than ${timeoutMs} ms`);
    });
  }

  /** For readiness: Chromium is installed and, when running, answers. Never starts a browser. */
  async check(): Promise<RendererHealth> {
    const path = this.config.renderer.chromiumPath;
    try {
      await access(path, constants.X_OK);
    } catch {
      return { ok: false, detail: `Chromium is not an executable file at ${path}` };
    }
    const session = this.current;
    if (!session?.browser.connected) return { ok: true, detail: 'Chromium starts on the next render' };
    try {
      const version = await withTimeout(session.browser.version(), HEALTH_CHECK_TIMEOUT_MS, () => new Error('timeout'));
      return { ok: true, detail: `${version} (pid ${session.pid}, ${session.renders} renders)` };
    } catch (error) {
      return { ok: false, detail: `Chromium does not answer: ${errorMessage(error)}` };
    }
  }

  /** Closes every browser; later renders fail. Called when the module is destroyed. */
  async close(): Promise<void> {
    this.closed = true;
    const launching = this.launching;
    this.forget(this.current);
    await launching?.catch(() => undefined);
    await Promise.all([...this.sessions].map((session) => this.closeSession(session)));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private async renderOnPage(session: BrowserSession, html: string, attempt: RenderAttempt): Promise<Buffer> {
    session.inFlight += 1;
    let page: Page | undefined;
    try {
      page = session.idlePages.pop() ?? (await Promise.race([this.openPage(session.browser), session.disconnection]));
      attempt.page = page;
      if (attempt.timedOut) throw new Error('timed out before the page was ready');
      const pdf = await Promise.race([this.print(page, html), session.disconnection]);
      if (!attempt.timedOut) {
        session.idlePages.push(page);
        page = undefined;
      }
      session.renders += 1;
      return Buffer.from(pdf);
    } catch (error) {
      throw this.describeFailure(session, error);
    } finally {
      // A page that failed may be stuck or crashed: never hand it to the next render.
      if (page) void page.close().catch(() => undefined);
      session.inFlight -= 1;
      this.afterRender(session);
    }
  }

  private async print(page: Page, html: string): Promise<Uint8Array> {
    const timeout = this.config.renderer.timeoutMs;
    await this.loadDocument(page, html, timeout);
    return page.pdf({ format: 'A4', printBackground: true, timeout });
  }

  /**
   * Loads the HTML on the page. When the page already holds a document with the same styles and
   * fonts, only its title and body are replaced: a new document would decode every inlined font
   * again, which is about a third of a render. (A reused document keeps every bitmap it decoded,
   * which is why the certificate's QR code is vector paths; the browser's recycling limits bound the rest.)
   */
  private async loadDocument(page: Page, html: string, timeout: number): Promise<void> {
    const parts = documentParts(html);
    if (parts !== null && this.loadedShells.get(page) === parts.shell) {
      await page.evaluate(replaceTitleAndBody, parts.titleHtml, parts.bodyHtml);
      return;
    }
    this.loadedShells.delete(page);
    await page.setContent(html, { waitUntil: 'load', timeout });
    if (parts !== null) this.loadedShells.set(page, parts.shell);
  }

  private describeFailure(session: BrowserSession, error: unknown): RendererUnavailableError {
    if (error instanceof RendererUnavailableError) return error;
    if (this.closed) return new RendererUnavailableError('renderer_closed', 'The certificate renderer shut down during the render', { cause: error });
    if (!session.browser.connected) {
      return new RendererUnavailableError('renderer_crashed', `Chromium exited during the render: ${errorMessage(error)}`, { cause: error });
    }
    if (error instanceof TimeoutError) {
      return new RendererUnavailableError('renderer_timeout', `Chromium timed out: ${errorMessage(error)}`, { cause: error });
    }
    return new RendererUnavailableError('renderer_failed', `Chromium failed to render: ${errorMessage(error)}`, { cause: error });
  }

  private async openPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    // The HTML is self-contained; anything else (a link smuggled into data, a file:// URL) is refused.
    page.on('request', (request) => {
      const handled = request.url().startsWith('data:') ? request.continue() : request.abort('blockedbyclient');
      void handled.catch(() => undefined);
    });
    return page;
  }

  /** The running browser, or a new one when there is none or the last one died. */
  private async liveSession(): Promise<BrowserSession> {
    const session = await this.currentOrLaunch();
    if (session.browser.connected) return session;
    this.retire(session, 'it disconnected');
    const fresh = await this.currentOrLaunch();
    if (!fresh.browser.connected) throw new RendererUnavailableError('renderer_crashed', 'Chromium exited right after starting');
    return fresh;
  }

  private currentOrLaunch(): Promise<BrowserSession> {
    if (this.closed) return Promise.reject(new RendererUnavailableError('renderer_closed', 'The certificate renderer is shut down'));
    if (this.current) return Promise.resolve(this.current);
    this.launching ??= this.launch().finally(() => {
      this.launching = undefined;
    });
    return this.launching;
  }

  private async launch(): Promise<BrowserSession> {
    const { chromiumPath, timeoutMs } = this.config.renderer;
    const protocolTimeout = Math.max(MIN_BROWSER_PROTOCOL_TIMEOUT_MS, timeoutMs);
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath: chromiumPath,
        headless: true,
        pipe: true,
        args: [...CHROMIUM_FLAGS],
        timeout: protocolTimeout,
        protocolTimeout,
        // Nest's shutdown hooks close the browser; puppeteer's own signal handlers would race them.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      throw new RendererUnavailableError('renderer_failed', `Chromium could not start from ${chromiumPath}: ${errorMessage(error)}`, { cause: error });
    }
    let disconnected = (): void => undefined;
    const disconnection = new Promise<never>((_, reject) => {
      disconnected = () => reject(new Error('Chromium disconnected'));
    });
    disconnection.catch(() => undefined);
    const session: BrowserSession = { browser, pid: browser.process()?.pid, disconnection, idlePages: [], inFlight: 0, renders: 0, retiring: false };
    this.sessions.add(session);
    browser.on('disconnected', () => {
      disconnected();
      this.onDisconnected(session);
    });
    if (this.closed) {
      await this.closeSession(session);
      throw new RendererUnavailableError('renderer_closed', 'The certificate renderer is shut down');
    }
    this.current = session;
    this.logger.log(`Chromium started (pid ${session.pid})`);
    return session;
  }

  private onDisconnected(session: BrowserSession): void {
    this.sessions.delete(session);
    this.forget(session);
    if (!session.retiring) {
      this.logger.warn(`Chromium (pid ${session.pid}) exited unexpectedly after ${session.renders} renders; the next render starts a new one`);
    }
  }

  private afterRender(session: BrowserSession): void {
    if (session.retiring) {
      if (session.inFlight === 0) void this.closeSession(session);
    } else if (session.renders >= this.limits.recycleAfterRenders) {
      this.retire(session, `${session.renders} renders`);
    } else if (session.pid !== undefined && session.renders > 0 && session.renders % this.limits.memoryCheckEvery === 0) {
      void this.retireIfTooLarge(session, session.pid);
    }
  }

  private async retireIfTooLarge(session: BrowserSession, pid: number): Promise<void> {
    const memory = await processTreeMemory(pid);
    const footprint = memory?.proportionalBytes ?? memory?.residentBytes;
    if (footprint !== undefined && footprint > this.limits.recycleAboveBytes) {
      this.retire(session, `reaching ${Math.round(footprint / 1024 / 1024)} MB`);
    }
  }

  /** No new render goes to this browser; it closes once its renders in flight are done. */
  private retire(session: BrowserSession, reason: string): void {
    this.forget(session);
    if (session.retiring) return;
    session.retiring = true;
    this.logger.log(`Replacing Chromium (pid ${session.pid}) after ${reason}`);
    if (session.inFlight === 0) void this.closeSession(session);
  }

  private forget(session: BrowserSession | undefined): void {
    if (session !== undefined && this.current === session) this.current = undefined;
  }

  private closeSession(session: BrowserSession): Promise<void> {
    session.retiring = true;
    session.closing ??= session.browser.close().catch(() => {
      session.browser.process()?.kill('SIGKILL');
    });
    return session.closing;
  }
}
