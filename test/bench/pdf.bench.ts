/**
 * `npm run bench:pdf`: renders the same set of certificates (HTML made once, up front) four ways in
 * one run and prints PDFs/s, latency, and the memory of this process and of Chromium (all its
 * processes, from /proc): a new browser per PDF (the naive baseline), a bare loop on one page
 * (the floor), the CertificateRenderer pool one render at a time, and the pool under concurrent
 * callers. A last phase renders BENCH_RENDERS PDFs on one browser, recycling off, to measure
 * Chromium's memory growth. Asserts nothing; needs Chromium at CHROMIUM_PATH (default
 * /usr/bin/chromium). Sizes: BENCH_NAIVE_RENDERS (20), BENCH_FLOOR_RENDERS (200),
 * BENCH_POOL_RENDERS (300), BENCH_CONCURRENCY (4), BENCH_RENDERS (1000), BENCH_SIGNS (100 per round),
 * BENCH_SIGN_ROUNDS (5).
 */
import 'reflect-metadata';
import {
  CertificateRenderer,
  CertificateSigner,
  CertificateTemplate,
  certificateVerificationUrl,
  CertificateViewModel,
  CHROMIUM_FLAGS,
  processTreeMemory,
} from '@app/certificates';
import { formatCertificateNumber } from '@app/ratings';
import { AppConfig, loadConfig } from '@app/config';
import { SystemClock } from '@app/core';
import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser } from 'puppeteer-core';
import { median } from './statistics';

const count = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const NAIVE_RENDERS = count('BENCH_NAIVE_RENDERS', 20);
const FLOOR_RENDERS = count('BENCH_FLOOR_RENDERS', 200);
const POOL_RENDERS = count('BENCH_POOL_RENDERS', 300);
const CONCURRENCY = count('BENCH_CONCURRENCY', 4);
const GROWTH_RENDERS = count('BENCH_RENDERS', 1000);
const SIGNS = count('BENCH_SIGNS', 100);
const SIGN_ROUNDS = count('BENCH_SIGN_ROUNDS', 5);
const CERTIFICATE_SET = 25;
/** Memory is read every this many renders in the growth phase; the first reading comes after warm-up. */
const GROWTH_SAMPLE_EVERY = 50;
const MEMORY_POLL_MS = 1_000;
const MB = 1024 * 1024;

const FIRM_NAMES = ['Contact Italia Servizi S.p.A.', 'Teleassistenza Lombarda S.r.l.', 'Call & Care Società Cooperativa', 'Voce Diretta S.r.l.s.', 'Servizi Clienti Adriatico S.p.A.'];

function certificateSet(publicBaseUrl: string): CertificateViewModel[] {
  return Array.from({ length: CERTIFICATE_SET }, (_, index) => {
    const certificateNumber = formatCertificateNumber(2026, index + 1);
    const issuedAt = new Date(Date.UTC(2026, index % 12, 1 + index, 9));
    const validUntil = new Date(issuedAt);
    validUntil.setUTCFullYear(validUntil.getUTCFullYear() + 1);
    return {
      certificateNumber,
      firmLegalName: `${FIRM_NAMES[index % FIRM_NAMES.length]} ${index + 1}`,
      vatNumber: `IT0${String(1234567890 + index * 7919).padStart(10, '0')}`,
      registeredOffice: `Via dei Mille ${index + 1}, 20121 Milano (MI)`,
      issuedAt,
      validUntil,
      checklistVersion: '2026.1',
      verificationUrl: certificateVerificationUrl(publicBaseUrl, certificateNumber),
    };
  });
}

/** The highest memory seen while a phase runs, polled in the background (every phase pays the same). */
class MemoryWatch {
  chromiumPid: number | undefined;
  peakProcessBytes = 0;
  peakChromiumRssBytes = 0;
  peakChromiumPssBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = Promise.resolve();

  start(): void {
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.sample());
    }, MEMORY_POLL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sample();
    await this.polling;
  }

  async sample(): Promise<void> {
    this.peakProcessBytes = Math.max(this.peakProcessBytes, process.memoryUsage().rss);
    const pid = this.chromiumPid;
    const chromium = pid === undefined ? undefined : await processTreeMemory(pid);
    if (chromium === undefined) return;
    this.peakChromiumRssBytes = Math.max(this.peakChromiumRssBytes, chromium.residentBytes);
    this.peakChromiumPssBytes = Math.max(this.peakChromiumPssBytes, chromium.proportionalBytes ?? 0);
  }
}

interface PhaseResult {
  readonly name: string;
  readonly renders: number;
  readonly elapsedMs: number;
  readonly latenciesMs: number[];
  readonly memory: MemoryWatch;
}

async function phase(name: string, renders: number, run: (watch: MemoryWatch, timed: (work: () => Promise<unknown>) => Promise<void>) => Promise<void>): Promise<PhaseResult> {
  process.stdout.write(`${name}: ${renders} PDFs...\n`);
  const watch = new MemoryWatch();
  const latenciesMs: number[] = [];
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    latenciesMs.push(performance.now() - started);
  };
  watch.start();
  const started = performance.now();
  await run(watch, timed);
  const elapsedMs = performance.now() - started;
  await watch.stop();
  if (latenciesMs.length !== renders) throw new Error(`${name}: ${latenciesMs.length} renders instead of ${renders}`);
  return { name, renders, elapsedMs, latenciesMs, memory: watch };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const launch = (config: AppConfig): Promise<Browser> =>
  puppeteer.launch({ executablePath: config.renderer.chromiumPath, headless: true, pipe: true, args: [...CHROMIUM_FLAGS] });

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  Logger.overrideLogger(['error']);
  const dataDir = mkdtempSync(join(tmpdir(), 'aq-bench-pdf-'));
  const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://www.aziendaqualificata.it' });
  const template = new CertificateTemplate();
  const pages = await Promise.all(certificateSet(config.publicBaseUrl).map((viewModel) => template.render(viewModel)));
  const html = (index: number) => pages[index % pages.length];
  const results: PhaseResult[] = [];

  try {
    results.push(
      await phase('new browser per PDF (naive)', NAIVE_RENDERS, async (watch, timed) => {
        for (let index = 0; index < NAIVE_RENDERS; index++) {
          await timed(async () => {
            const browser = await launch(config);
            watch.chromiumPid = browser.process()?.pid;
            try {
              const page = await browser.newPage();
              await page.setContent(html(index), { waitUntil: 'load' });
              await page.pdf({ format: 'A4', printBackground: true });
            } finally {
              await browser.close();
            }
          });
        }
      }),
    );

    // The warm methods start their browser and print one PDF before the clock starts.
    const browser = await launch(config);
    try {
      const page = await browser.newPage();
      const print = async (index: number) => {
        await page.setContent(html(index), { waitUntil: 'load' });
        await page.pdf({ format: 'A4', printBackground: true });
      };
      await print(0);
      results.push(
        await phase('bare loop, one page (floor)', FLOOR_RENDERS, async (watch, timed) => {
          watch.chromiumPid = browser.process()?.pid;
          for (let index = 0; index < FLOOR_RENDERS; index++) await timed(() => print(index));
        }),
      );
    } finally {
      await browser.close();
    }

    const pool = new CertificateRenderer(config);
    let unsigned: Buffer;
    try {
      await pool.render(html(0));
      results.push(
        await phase(`CertificateRenderer pool (${config.renderer.pages} pages), one caller`, POOL_RENDERS, async (watch, timed) => {
          for (let index = 0; index < POOL_RENDERS; index++) {
            await timed(() => pool.render(html(index)));
            watch.chromiumPid = pool.browserPid;
          }
        }),
      );
      results.push(
        await phase(`CertificateRenderer pool (${config.renderer.pages} pages), ${CONCURRENCY} callers`, POOL_RENDERS, async (watch, timed) => {
          let next = 0;
          const caller = async () => {
            for (let index = next++; index < POOL_RENDERS; index = next++) {
              await timed(() => pool.render(html(index)));
              watch.chromiumPid = pool.browserPid;
            }
          };
          await Promise.all(Array.from({ length: CONCURRENCY }, caller));
        }),
      );
      unsigned = await pool.render(html(0));
    } finally {
      await pool.close();
    }

    process.stdout.write(`Memory growth: ${GROWTH_RENDERS} PDFs on one browser, recycling off...\n`);
    const unrecycled = new CertificateRenderer(config, { recycleAfterRenders: Number.MAX_SAFE_INTEGER, recycleAboveBytes: Number.MAX_SAFE_INTEGER });
    const samples: { renders: number; rss: number; pss: number }[] = [];
    try {
      for (let index = 0; index < GROWTH_RENDERS; index++) {
        await unrecycled.render(html(index));
        if ((index + 1) % GROWTH_SAMPLE_EVERY === 0) {
          const memory = await processTreeMemory(unrecycled.browserPid!);
          if (memory) samples.push({ renders: index + 1, rss: memory.residentBytes, pss: memory.proportionalBytes ?? 0 });
        }
      }
    } finally {
      await unrecycled.close();
    }

    const signer = new CertificateSigner(config, new SystemClock());
    // The first signature creates the demo key; it is not timed.
    await signer.sign(unsigned);
    // Rounds, so that one slow stretch on a shared machine does not decide the figure.
    const signRoundsMs: number[] = [];
    for (let round = 0; round < SIGN_ROUNDS; round++) {
      const signStarted = performance.now();
      for (let index = 0; index < SIGNS; index++) await signer.sign(unsigned);
      signRoundsMs.push((performance.now() - signStarted) / SIGNS);
    }

    report(results, samples, signRoundsMs, loadAtStart);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(results: PhaseResult[], samples: { renders: number; rss: number; pss: number }[], signRoundsMs: number[], loadAtStart: number): void {
  const throughput = (result: PhaseResult) => result.renders / (result.elapsedMs / 1000);
  const mb = (bytes: number) => (bytes > 0 ? Math.round(bytes / MB).toLocaleString('en') : 'n/a');
  const [naive, floor, pool, concurrent] = results;
  const lines = [
    '',
    // Other work on the machine slows every method, not always equally: the figures need it beside them.
    `Machine: load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
    '',
    '| method | PDFs | PDFs/s | p50 ms | p95 ms | peak RSS node MB | peak Chromium RSS MB (sum) | peak Chromium PSS MB |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.name} | ${result.renders} | ${throughput(result).toFixed(2)} | ${Math.round(percentile(result.latenciesMs, 0.5))} | ` +
        `${Math.round(percentile(result.latenciesMs, 0.95))} | ${mb(result.memory.peakProcessBytes)} | ${mb(result.memory.peakChromiumRssBytes)} | ${mb(result.memory.peakChromiumPssBytes)} |`,
    ),
    '',
  ];
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first && last) {
    const growth = (from: number, to: number) => (from > 0 ? ((to - from) / from) * 100 : Number.NaN);
    const pssGrowth = growth(first.pss, last.pss);
    lines.push(
      `Chromium memory, one browser, recycling off: after ${first.renders} PDFs RSS ${mb(first.rss)} MB / PSS ${mb(first.pss)} MB; ` +
        `after ${last.renders} PDFs RSS ${mb(last.rss)} MB / PSS ${mb(last.pss)} MB; peak PSS ${mb(Math.max(...samples.map((sample) => sample.pss)))} MB; ` +
        `growth RSS ${growth(first.rss, last.rss).toFixed(1)}%, PSS ${pssGrowth.toFixed(1)}% (target < 20%: ${pssGrowth < 20 ? 'met' : 'NOT met'})`,
    );
  }
  const poolVsNaive = throughput(pool) / throughput(naive);
  const poolVsFloor = throughput(pool) / throughput(floor);
  lines.push(
    `Pool vs naive: ${poolVsNaive.toFixed(1)}x (target >= 20x: ${poolVsNaive >= 20 ? 'met' : 'NOT met'}); ` +
      `pool vs bare loop: ${poolVsFloor.toFixed(2)}x (target >= 2x: ${poolVsFloor >= 2 ? 'met' : 'NOT met'}); ` +
      `pool with ${CONCURRENCY} callers vs one: ${(throughput(concurrent) / throughput(pool)).toFixed(2)}x`,
    `Signing (incremental update + CMS with node:crypto): median ${median(signRoundsMs).toFixed(2)} ms per PDF ` +
      `(target < 5 ms: ${median(signRoundsMs) < 5 ? 'met' : 'NOT met'}); rounds of ${SIGNS}: ${signRoundsMs.map((ms) => ms.toFixed(2)).join(', ')} ms`,
    '',
  );
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
