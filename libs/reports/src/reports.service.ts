import { Clock, monthsEndingWith, NotFoundError, PUBLIC_ACTOR, romeCalendarDate, romeMonthStart } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { InvalidPhoneNumberError, normalizePhoneNumber } from '@app/firms';
import { HistoryService } from '@app/history';
import { normalizeEmail } from '@app/identity';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { callTimeProblem } from './call-time';
import { ConsumerReport } from './consumer-report.entity';
import { newReportReference, normalizeReportReference } from './report-reference';
import { monthlyReportStats, MonthlyReportStats, ReportCountRow } from './report-stats';
import { reportOutcome } from './report-lifecycle';
import { REPORT_KINDS, ReportKind, ReportStatus } from './report.vocabulary';
import { PublicReportStatus, toPublicReportStatus } from './report.views';
import { reporterIdentity } from './reporter-identity';
import { ReporterKeys } from './reporter-keys';
import { ConsentWithoutEmailError, InvalidCallTimeError, ReportNotFoundError } from './reports.errors';

export interface NewReport {
  /** As the consumer wrote it; normalised to E.164. */
  readonly number: string;
  readonly calledAt: Date;
  readonly kind: ReportKind;
  readonly description: string;
  readonly email: string | null;
  /** The consent text the consumer agreed to (CONTACT_CONSENT_TEXT in their language), or null. */
  readonly contactConsentText: string | null;
  /** The client address as the HTTP layer resolved it; only its keyed hash is kept, and only without an e-mail. */
  readonly clientIp: string;
}

export interface SubmittedReport {
  readonly reference: string;
  readonly status: ReportStatus;
  /** True when this submission collapsed into an earlier report of the same reporter, number and day. */
  readonly duplicate: boolean;
  readonly duplicateCount: number;
  readonly numberDeclared: boolean;
}

/** Substantiated reports against a firm, for its public page: counts only, never texts or reporters. */
export interface PublicReportCounts {
  /** The start of the period counted: twelve months before now. */
  readonly since: Date;
  readonly substantiated: number;
  readonly byKind: Readonly<Record<ReportKind, number>>;
}

export interface FirmReportStats {
  readonly firmId: string;
  readonly months: MonthlyReportStats[];
}

const PUBLIC_COUNT_MONTHS = 12;

/** Consumer reports as the public makes them and reads them, and their statistics. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly keys: ReporterKeys,
    private readonly clock: Clock,
  ) {}

  /**
   * Files a report, linked to the firm that declared the number at the time of the call (or holds it
   * now), or to none. A second submission of the same number by the same reporter for the same call
   * day, even a concurrent one, only increments the first report's counter.
   */
  @Transactional()
  async submit(input: NewReport): Promise<SubmittedReport> {
    const normalized = normalizePhoneNumber(input.number);
    if (!normalized.ok) throw new InvalidPhoneNumberError(input.number, normalized.reason);
    const now = this.clock.now();
    const problem = callTimeProblem(input.calledAt, now);
    if (problem !== null) throw new InvalidCallTimeError(problem);
    const email = input.email === null || input.email.trim() === '' ? null : normalizeEmail(input.email);
    if (input.contactConsentText !== null && email === null) throw new ConsentWithoutEmailError();

    const e164 = normalized.e164;
    const callDay = romeCalendarDate(input.calledAt);
    const firmId = await this.declaringFirm(e164, input.calledAt);
    const [row] = await this.txHost.tx.query<{ id: string; reference: string; status: ReportStatus; duplicate_count: number; inserted: boolean }[]>(
      `INSERT INTO consumer_report (reference, e164, firm_id, called_at, call_day, kind, description, reporter_email, reporter_key,
                                    contact_consent_text, received_at, last_submitted_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 'new')
       ON CONFLICT (e164, reporter_key, call_day)
       DO UPDATE SET duplicate_count = consumer_report.duplicate_count + 1, last_submitted_at = EXCLUDED.last_submitted_at
       RETURNING id, reference, status, duplicate_count, (xmax = 0) AS inserted`,
      [
        newReportReference(),
        e164,
        firmId,
        input.calledAt,
        callDay,
        input.kind,
        input.description.trim(),
        email,
        this.keys.keyOf(reporterIdentity(email, input.clientIp)),
        input.contactConsentText,
        now,
      ],
    );
    if (row.inserted) {
      // No personal data and no free text: the history is kept forever, the reporter's data is not.
      await this.history.record(PUBLIC_ACTOR, {
        action: 'report.submitted',
        entityType: 'consumer_report',
        entityId: row.id,
        after: { reference: row.reference, e164, firmId, kind: input.kind, callDay },
      });
    }
    return { reference: row.reference, status: row.status, duplicate: !row.inserted, duplicateCount: row.duplicate_count, numberDeclared: firmId !== null };
  }

  /** Where a report stands, for whoever holds its reference. */
  async publicStatus(reference: string): Promise<PublicReportStatus> {
    const canonical = normalizeReportReference(reference);
    const report = canonical === null ? null : await this.txHost.tx.getRepository(ConsumerReport).findOneBy({ reference: canonical });
    if (!report) throw new ReportNotFoundError();
    return toPublicReportStatus(report);
  }

  /**
   * Substantiated reports of calls in the last twelve months against a firm, by kind: what a firm's
   * public page may show. Never texts, never reporters.
   */
  async publicCounts(firmId: string): Promise<PublicReportCounts> {
    const since = this.clock.now();
    since.setUTCMonth(since.getUTCMonth() - PUBLIC_COUNT_MONTHS);
    const rows = await this.txHost.tx.query<{ kind: ReportKind; count: number }[]>(
      `SELECT kind, count(*)::int AS count FROM consumer_report
       WHERE firm_id = $1 AND status = 'closed' AND substantiated AND called_at >= $2
       GROUP BY kind`,
      [firmId, since],
    );
    const byKind = Object.fromEntries(REPORT_KINDS.map((kind) => [kind, rows.find((row) => row.kind === kind)?.count ?? 0])) as Record<ReportKind, number>;
    return { since, substantiated: rows.reduce((total, row) => total + row.count, 0), byKind };
  }

  /** A firm's reports per calendar month of the call (in Rome), by kind and outcome, for the last `months` months. */
  async stats(firmId: string, months: number): Promise<FirmReportStats> {
    const [firm] = await this.txHost.tx.query<{ id: string }[]>(`SELECT id FROM firm WHERE id = $1`, [firmId]);
    if (!firm) throw new NotFoundError('Firm');
    const wanted = monthsEndingWith(romeCalendarDate(this.clock.now()).slice(0, 7), months);
    const rows = await this.txHost.tx.query<{ month: string; kind: ReportKind; status: ReportStatus; substantiated: boolean | null; reports: number; submissions: number }[]>(
      `SELECT to_char(called_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, kind, status, substantiated,
              count(*)::int AS reports, (count(*) + sum(duplicate_count))::int AS submissions
       FROM consumer_report WHERE firm_id = $1 AND called_at >= $2
       GROUP BY 1, 2, 3, 4`,
      [firmId, romeMonthStart(wanted[0])],
    );
    const counted: ReportCountRow[] = rows.map((row) => ({ ...row, outcome: reportOutcome(row.status, row.substantiated) }));
    return { firmId, months: monthlyReportStats(wanted, counted) };
  }

  /**
   * Every report received from `since` to `until`, whatever became of it, counted per calendar month
   * of receipt (in Rome) and kind: the public statistics. Counts only, never a report.
   */
  async receivedPerMonth(since: Date, until: Date): Promise<{ month: string; kind: ReportKind; reports: number }[]> {
    return this.txHost.tx.query<{ month: string; kind: ReportKind; reports: number }[]>(
      `SELECT to_char(received_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, kind, count(*)::int AS reports
       FROM consumer_report WHERE received_at >= $1 AND received_at <= $2 GROUP BY 1, 2`,
      [since, until],
    );
  }

  /** The firm whose declaration covered the call; failing that, the firm that holds the number now. */
  private async declaringFirm(e164: string, calledAt: Date): Promise<string | null> {
    const [holder] = await this.txHost.tx.query<{ firm_id: string }[]>(
      `SELECT firm_id FROM calling_number
       WHERE e164 = $1 AND ((declared_at <= $2 AND (retired_at IS NULL OR retired_at > $2)) OR retired_at IS NULL)
       ORDER BY (declared_at <= $2 AND (retired_at IS NULL OR retired_at > $2)) DESC, declared_at DESC
       LIMIT 1`,
      [e164, calledAt],
    );
    return holder?.firm_id ?? null;
  }
}
