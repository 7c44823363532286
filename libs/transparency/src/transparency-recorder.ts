import { Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService, RecordedEvent } from '@app/history';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { LogEntry, LogEntryKind, LogReason } from './log-entry';
import { TransparencyLogService } from './transparency-log.service';

/** The history actions that are public registry events, each the leaf kind of the same name. */
const LOGGED_ACTIONS: ReadonlySet<string> = new Set<LogEntryKind>([
  'rating.issued',
  'rating.renewed',
  'rating.certificate_attached',
  'rating.suspended',
  'rating.reinstated',
  'rating.revoked',
  'rating.expired',
  'rating.superseded',
]);

interface RatingFacts {
  readonly certificate_number: string;
  readonly vat_number: string;
  readonly legal_name: string;
  readonly checklist_version: string;
  readonly issued_at: Date;
  readonly valid_from: Date;
  readonly renews: string | null;
  readonly valid_until: Date;
  readonly suspended_at: Date | null;
  readonly suspension_deadline: Date | null;
  readonly ended_at: Date | null;
  readonly revocation_reason: LogReason | null;
  readonly suspension_reason: LogReason | null;
  readonly certificate_sha256: string | null;
  readonly superseded_by: string | null;
}

/**
 * Turns each public rating event into a leaf, inside the event's transaction (a history listener):
 * the leaf commits with the change or not at all, and its index follows the commit order of events.
 * The facts come from the rating row as the event left it, so a leaf says what the registry shows.
 *
 * Expiry: the registry shows a rating expired from `validUntil` on without anyone writing it; the
 * lapse recorder (`RatingsService.recordLapses`, every minute, idempotent: it only picks ratings whose
 * recorded status differs from the effective one) writes `rating.expired`, and so its leaf, with the
 * time of the end of validity. Between the two a monitor derives expiry from the issue leaf's
 * `validUntil`, which is why replays compare effective statuses.
 */
@Injectable()
export class TransparencyRecorder implements OnModuleInit {
  constructor(
    private readonly history: HistoryService,
    private readonly log: TransparencyLogService,
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.history.addListener((event) => this.record(event));
  }

  async record(event: RecordedEvent): Promise<void> {
    if (event.entityType !== 'rating' || !LOGGED_ACTIONS.has(event.action)) return;
    const [facts] = await this.txHost.tx.query<RatingFacts[]>(
      `SELECT r.certificate_number, f.vat_number, f.legal_name, r.checklist_version, r.issued_at, r.valid_from, r.valid_until,
              (SELECT previous.certificate_number FROM rating previous WHERE previous.superseded_by_id = r.id) AS renews, r.suspended_at, r.suspension_deadline,
              r.ended_at, r.revocation_reason, r.suspension_reason, r.certificate_sha256, next.certificate_number AS superseded_by
       FROM rating r JOIN firm f ON f.id = r.firm_id LEFT JOIN rating next ON next.id = r.superseded_by_id
       WHERE r.id = $1`,
      [event.entityId],
    );
    await this.log.append(this.entryFor(event.action as LogEntryKind, facts, event));
  }

  private entryFor(kind: LogEntryKind, facts: RatingFacts, event: RecordedEvent): LogEntry {
    const certificateNumber = facts.certificate_number;
    const now = this.clock.now();
    switch (kind) {
      case 'rating.issued':
      case 'rating.renewed': {
        const issue = {
          time: facts.issued_at,
          certificateNumber,
          vatNumber: facts.vat_number,
          legalName: facts.legal_name,
          validFrom: facts.valid_from,
          validUntil: facts.valid_until,
          checklistVersion: facts.checklist_version,
        };
        return kind === 'rating.issued' ? { kind, ...issue } : { kind, ...issue, renews: required(facts.renews, event) };
      }
      case 'rating.certificate_attached':
        return { kind, time: now, certificateNumber, pdfSha256: required(facts.certificate_sha256, event) };
      case 'rating.suspended':
        return { kind, time: facts.suspended_at ?? now, certificateNumber, reason: required(facts.suspension_reason, event), deadline: required(facts.suspension_deadline, event) };
      case 'rating.reinstated':
        return { kind, time: now, certificateNumber };
      case 'rating.revoked':
        return { kind, time: facts.ended_at ?? now, certificateNumber, reason: required(facts.revocation_reason, event) };
      case 'rating.expired':
        return { kind, time: facts.ended_at ?? facts.valid_until, certificateNumber };
      case 'rating.superseded':
        return { kind, time: facts.ended_at ?? now, certificateNumber, supersededBy: required(facts.superseded_by, event) };
    }
  }
}

function required<T>(value: T | null, event: RecordedEvent): T {
  if (value === null) throw new Error(`Rating ${event.entityId}: ${event.action} without the fact its leaf publishes`);
  return value;
}
