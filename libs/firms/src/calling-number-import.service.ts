import { AnyActor, Clock, NotFoundError } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { mayManageFirm } from './firm-access';
import { EmptyImportError, ImportLineError, NumberDeclaredConcurrentlyError, NumberImportRefusedError } from './firms.errors';
import { NumberListLine, NumberListReader } from './number-list';
import { normalizePhoneNumber } from './phone-number';

export interface NumberImportResult {
  /** Lines that held a number (header and blank lines not counted). */
  readonly linesRead: number;
  readonly imported: number;
  /** Already declared by this firm: left as they were. */
  readonly alreadyDeclared: number;
  readonly duplicatesInFile: number;
}

/** Lines at fault reported in full; beyond this only their count. */
export const MAX_REPORTED_LINE_ERRORS = 1000;
const BATCH_SIZE = 20_000;

interface Batch {
  readonly lines: number[];
  readonly numbers: string[];
}

interface BatchOutcome {
  readonly imported: number;
  readonly alreadyDeclared: number;
  readonly heldElsewhere: { line: number; value: string }[];
}

/**
 * Imports a CSV list of calling numbers in one transaction: all of it or nothing. Numbers are
 * sent in array batches (`unnest`), which works the same on PostgreSQL and on the embedded
 * database; each batch is written while the next one is being parsed, so the database's index
 * maintenance overlaps with the parsing. A line at fault stops the writing but not the reading,
 * so the report names every bad line (up to a limit), then everything is rolled back.
 */
@Injectable()
export class CallingNumberImportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
  ) {}

  @Transactional()
  async import(actor: AnyActor, firmId: string, source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): Promise<NumberImportResult> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const [firm] = await this.txHost.tx.query<{ id: string }[]>(`SELECT id FROM firm WHERE id = $1 FOR SHARE`, [firmId]);
    if (!firm) throw new NotFoundError('Firm');

    const declaredAt = this.clock.now();
    const seen = new Set<string>();
    const errors: ImportLineError[] = [];
    let errorCount = 0;
    let linesRead = 0;
    let duplicatesInFile = 0;
    let imported = 0;
    let alreadyDeclared = 0;
    let batch: Batch = { lines: [], numbers: [] };
    let writing: Promise<void> = Promise.resolve();

    const fail = (error: ImportLineError) => {
      errorCount++;
      if (errors.length < MAX_REPORTED_LINE_ERRORS) errors.push(error);
    };
    const send = async () => {
      const full = batch;
      batch = { lines: [], numbers: [] };
      await writing;
      writing = this.writeBatch(firmId, full, declaredAt, errorCount === 0).then((outcome) => {
        imported += outcome.imported;
        alreadyDeclared += outcome.alreadyDeclared;
        for (const held of outcome.heldElsewhere) fail({ ...held, reason: 'already declared by another firm' });
      });
      // Awaited before the next batch or at the end; until then a failure must not count as unhandled.
      writing.catch(() => undefined);
    };

    const reader = new NumberListReader();
    const take = async (chunkLines: NumberListLine[]) => {
      for (const entry of chunkLines) {
        linesRead++;
        if (entry.problem !== undefined) {
          fail({ line: entry.line, value: entry.written, reason: entry.problem });
          continue;
        }
        const normalized = normalizePhoneNumber(entry.written);
        if (!normalized.ok) {
          fail({ line: entry.line, value: entry.written, reason: normalized.reason });
          continue;
        }
        if (seen.has(normalized.e164)) {
          duplicatesInFile++;
          continue;
        }
        seen.add(normalized.e164);
        batch.lines.push(entry.line);
        batch.numbers.push(normalized.e164);
        if (batch.numbers.length === BATCH_SIZE) await send();
      }
    };
    for await (const chunk of source) await take(reader.push(chunk));
    await take(reader.end());
    if (batch.numbers.length > 0) await send();
    await writing;

    if (errorCount > 0) throw new NumberImportRefusedError(errorCount, errors.sort((a, b) => a.line - b.line));
    if (seen.size === 0) throw new EmptyImportError();
    const result: NumberImportResult = { linesRead, imported, alreadyDeclared, duplicatesInFile };
    await this.history.record(actor, { action: 'calling_number.imported', entityType: 'firm', entityId: firmId, after: result });
    return result;
  }

  /**
   * Inserts a batch, skipping numbers that are already active; when some were skipped, finds out
   * which this firm holds and which another firm holds. Once a line is at fault nothing more is
   * inserted (it would be rolled back): the batch is only checked, to complete the report.
   */
  private async writeBatch(firmId: string, batch: Batch, declaredAt: Date, insert: boolean): Promise<BatchOutcome> {
    const imported = insert ? await this.insertBatch(firmId, batch, declaredAt) : 0;
    if (imported === batch.numbers.length) return { imported, alreadyDeclared: 0, heldElsewhere: [] };
    const [held] = await this.txHost.tx.query<{ own: number; elsewhere: [line: number, e164: string][] }[]>(
      `SELECT count(*) FILTER (WHERE c.firm_id = $1)::int AS own,
              coalesce(json_agg(json_build_array(b.line, b.e164) ORDER BY b.line) FILTER (WHERE c.firm_id <> $1), '[]'::json) AS elsewhere
       FROM unnest($2::int[], $3::text[]) AS b(line, e164)
       JOIN calling_number c ON c.e164 = b.e164 AND c.retired_at IS NULL`,
      [firmId, batch.lines, batch.numbers],
    );
    // Every number of the batch is now active, for this firm or another, unless a concurrent transaction retired one meanwhile.
    if (insert && held.own + held.elsewhere.length !== batch.numbers.length) throw new NumberDeclaredConcurrentlyError();
    return { imported, alreadyDeclared: held.own - imported, heldElsewhere: held.elsewhere.map(([line, value]) => ({ line, value })) };
  }

  private async insertBatch(firmId: string, batch: Batch, declaredAt: Date): Promise<number> {
    const [row] = await this.txHost.tx.query<{ inserted: number }[]>(
      `WITH inserted AS (
         INSERT INTO calling_number (firm_id, e164, declared_at)
         SELECT $1, e164, $3 FROM unnest($2::text[]) AS b(e164) ORDER BY e164
         ON CONFLICT (e164) WHERE retired_at IS NULL DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS inserted FROM inserted`,
      [firmId, batch.numbers, declaredAt],
    );
    return row.inserted;
  }
}
