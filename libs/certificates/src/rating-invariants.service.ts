import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { formatCertificateNumber } from '@app/ratings';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import {
  CERTIFICATE_PROBLEMS,
  CERTIFICATE_PROBLEMS_WITHOUT_JOBS,
  CertificateProblemRow,
  COUNTER_MISMATCHES,
  CounterMismatchRow,
  HAS_JOB_TABLE,
  MISSING_NUMBERS,
  MissingNumberRow,
  SEVERAL_CURRENT_RATINGS,
  SeveralCurrentRatingsRow,
} from './rating-invariants.queries';

/** Render job states after which a render will still happen without anyone's help. */
const PENDING_RENDER_STATES = new Set(['created', 'retry', 'active']);
const MISSING_NUMBERS_LISTED = 20;

export interface InvariantReport {
  /** Broken invariants, one sentence each; empty when the database is sound. */
  readonly failures: readonly string[];
  /** Not broken, but not finished either: certificates whose render job is still to run. */
  readonly warnings: readonly string[];
  readonly historyEvents: number;
}

/**
 * Checks, in one read-only snapshot, what the registry promises whatever happened to the process that
 * wrote it (a crash, a restore): certificate numbers gapless within each year, at most one rating in
 * force per firm, an intact history chain, and every issued rating's PDF stored under its hash.
 *
 * A rating whose PDF is not rendered yet is a warning, not a failure, while its render job is queued
 * or running (`created`, `retry`, `active`): a backup taken while decisions run holds such ratings, and
 * their jobs are in the same dump, so the worker renders them after the restore (an `active` one,
 * orphaned by the dump, within seconds of the worker's start). Without such a job (dead-lettered, or
 * none) nothing will render it: that is a failure.
 */
@Injectable()
export class RatingInvariantsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
  ) {}

  @Transactional<TransactionAdapter>({ isolationLevel: 'REPEATABLE READ' })
  async check(): Promise<InvariantReport> {
    await this.txHost.tx.query('SET TRANSACTION READ ONLY');
    const failures: string[] = [...(await this.certificateNumberFailures()), ...(await this.currentRatingFailures())];
    const chain = await this.history.verifyChain();
    if (!chain.valid) failures.push(`History chain broken at event ${chain.firstBrokenSeq}: ${chain.problem}`);
    const certificates = await this.certificateProblems();
    return { failures: [...failures, ...certificates.failures], warnings: certificates.warnings, historyEvents: chain.checkedEvents };
  }

  private async certificateNumberFailures(): Promise<string[]> {
    const failures = (await this.txHost.tx.query<CounterMismatchRow[]>(COUNTER_MISMATCHES)).map(
      (row) =>
        `Certificate numbers of ${row.year}: the counter is at ${row.counter ?? 'nothing (no counter row)'}, ` +
        `${row.issued} ratings hold numbers, the highest is ${row.highest ?? 'none'}`,
    );
    const missing = await this.txHost.tx.query<MissingNumberRow[]>(MISSING_NUMBERS, [MISSING_NUMBERS_LISTED]);
    for (const { year, sequence } of missing) failures.push(`Certificate number ${formatCertificateNumber(year, sequence)} was taken but no rating holds it`);
    return failures;
  }

  private async currentRatingFailures(): Promise<string[]> {
    const rows = await this.txHost.tx.query<SeveralCurrentRatingsRow[]>(SEVERAL_CURRENT_RATINGS);
    return rows.map((row) => `Firm ${row.vatNumber} has ${row.certificateNumbers.length} ratings in force: ${row.certificateNumbers.join(', ')}`);
  }

  private async certificateProblems(): Promise<{ failures: string[]; warnings: string[] }> {
    const [{ hasJobTable }] = await this.txHost.tx.query<{ hasJobTable: boolean }[]>(HAS_JOB_TABLE);
    const rows = await this.txHost.tx.query<CertificateProblemRow[]>(hasJobTable ? CERTIFICATE_PROBLEMS : CERTIFICATE_PROBLEMS_WITHOUT_JOBS);
    const failures: string[] = [];
    const warnings: string[] = [];
    for (const row of rows) {
      if (row.sha256 === null && row.renderJob !== null && PENDING_RENDER_STATES.has(row.renderJob)) {
        warnings.push(`Certificate ${row.certificateNumber} is not rendered yet (its render job is ${row.renderJob})`);
      } else if (row.sha256 === null) {
        failures.push(`Certificate ${row.certificateNumber} has no PDF and no render job will make one (${row.renderJob === null ? 'no render job' : `render job ${row.renderJob}`})`);
      } else if (!row.blobStored) {
        failures.push(`Certificate ${row.certificateNumber}: its PDF ${row.sha256} is missing from storage`);
      } else if (!row.blobIntact) {
        failures.push(`Certificate ${row.certificateNumber}: the stored PDF does not match its hash ${row.sha256}`);
      }
    }
    return { failures, warnings };
  }
}
