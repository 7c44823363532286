import { AppConfig } from '@app/config';
import type { TransactionAdapter } from '@app/database';
import { PeriodicTask, RUN_JOB_WORKERS } from '@app/jobs';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { CertificateIssuanceService } from './certificate-issuance.service';
import { ORPHANED_RENDERS, OrphanedRenderRow } from './certificate-render.queries';
import { MIN_BROWSER_PROTOCOL_TIMEOUT_MS } from './certificate-renderer';

const SWEEP_INTERVAL_MS = 15_000;
const SWEEP_BATCH = 100;
/** Signing, storing and a loaded machine, on top of what the renderer itself bounds. */
const LEASE_MARGIN_SECONDS = 30;

/**
 * The longest a render job run by a live process can stay `active`: starting Chromium, waiting for a
 * page behind one other render, its own render, then signing and storing.
 */
export function renderLeaseSeconds(renderTimeoutMs: number): number {
  const launch = Math.max(MIN_BROWSER_PROTOCOL_TIMEOUT_MS, renderTimeoutMs);
  return Math.ceil((launch + 2 * renderTimeoutMs) / 1000) + LEASE_MARGIN_SECONDS;
}

/**
 * Renders the certificates whose render job a dead process left `active`. pg-boss cannot tell a job
 * whose worker died from one still running: it waits for the queue's expiry (minutes) plus its next
 * maintenance, so a kill -9 during a render left the PDF missing for almost six minutes. Shortening the
 * expiry would not do: a render may legitimately take a launch and a timeout, and the expiry is only
 * checked every two minutes.
 *
 * Instead, in every process that runs workers, at start and then every 15 s, a render job is presumed
 * orphaned when it has been active since before this process started (on a restart, that is the job the
 * previous process died with) or for longer than a live render can take (`renderLeaseSeconds`: a
 * worker that died and was not restarted, with others still running). Its rating is rendered here,
 * directly. A guess that is wrong costs one wasted render, never a second certificate: rendering is
 * idempotent, as the attach takes the rating's row lock and keeps the first hash (and the database
 * refuses to change a hash once set). The orphaned job itself finishes as a no-op when pg-boss
 * retries it. Dead-lettered renders (`failed`) are left to an admin's retry, so a certificate that
 * cannot be rendered is not retried forever.
 */
@Injectable()
export class OrphanedRenderScheduler extends PeriodicTask {
  private readonly log = new Logger(OrphanedRenderScheduler.name);
  private readonly leaseSeconds: number;
  /** Before this instance's own workers fetched anything (monotonic, unaffected by clock changes). */
  private readonly startedAt = performance.now();
  /** A sweep still rendering when the timer fires again would pick the same orphans. */
  private sweeping = false;

  constructor(
    @Inject(RUN_JOB_WORKERS) runWorkers: boolean,
    cls: ClsService,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly issuance: CertificateIssuanceService,
    private readonly config: AppConfig,
  ) {
    super({ name: OrphanedRenderScheduler.name, intervalMs: SWEEP_INTERVAL_MS, runAtStart: true, failure: 'Rendering orphaned certificates failed' }, runWorkers, cls);
    this.leaseSeconds = renderLeaseSeconds(config.renderer.timeoutMs);
  }

  protected async runOnce(): Promise<string | null> {
    if (this.sweeping) return null;
    this.sweeping = true;
    try {
      return await this.sweep();
    } finally {
      this.sweeping = false;
    }
  }

  private async sweep(): Promise<string | null> {
    // A duration, compared with the database's clock: pg-boss stamps `started_on` with it.
    const activeForSeconds = Math.min((performance.now() - this.startedAt) / 1000, this.leaseSeconds);
    const orphans = await this.txHost.tx.query<OrphanedRenderRow[]>(ORPHANED_RENDERS, [activeForSeconds, SWEEP_BATCH]);
    if (orphans.length === 0) return null;
    const pending = [...orphans];
    let rendered = 0;
    const renderNext = async (): Promise<void> => {
      for (let orphan = pending.shift(); orphan; orphan = pending.shift()) {
        try {
          await this.issuance.renderFor(orphan.ratingId);
          rendered += 1;
        } catch (error) {
          this.log.warn({ err: error }, `Certificate ${orphan.certificateNumber}: its orphaned render failed; the next sweep or the job's retry tries again`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.config.renderer.pages) }, renderNext));
    return `Rendered ${rendered} of ${orphans.length} certificates whose render job was orphaned`;
  }
}
