import { AnyActor, Clock, NotFoundError, timeOrderedUuid } from '@app/core';
import { OPEN_DATABASE, type OpenDatabase, postgresErrorCode, UNIQUE_VIOLATION, type TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurnOfTheEventLoop } from 'node:timers/promises';
import { DatabaseError, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { QueryFailedError } from 'typeorm';
import { mayManageFirm } from './firm-access';
import { EmptyImportError, ImportLineError, NumberDeclaredConcurrentlyError, NumberImportRefusedError } from './firms.errors';
import { NumberListLine, NumberListReader } from './number-list';
import { PhoneNumberResult } from './phone-number';
import { PhoneNumberParser } from './phone-number-parser';

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
/** Without a pause now and then, the database's replies would wait until a whole chunk is batched. */
const LINES_BETWEEN_PAUSES = 2_000;
/** Chunks handed to the worker thread before the first is taken back, so that it always has the next one. */
const CHUNKS_AHEAD = 2;

/** Lines of the file whose numbers the worker thread is normalising. */
interface NormalizingLines {
  readonly lines: NumberListLine[];
  readonly normalizing: Promise<PhoneNumberResult[]>;
}

interface Batch {
  readonly lines: number[];
  readonly numbers: string[];
}

/** New numbers as a plain INSERT, numbers possibly declared already, or nothing written once a line is at fault. */
type BatchWrite = 'new-numbers' | 'skip-declared' | 'check-only';

interface BatchOutcome {
  readonly imported: number;
  readonly alreadyDeclared: number;
  readonly heldElsewhere: { line: number; value: string }[];
}

/**
 * Imports a CSV list of calling numbers in one transaction: all of it or nothing. Numbers are
 * validated in worker threads (PhoneNumberParser) and sent in batches: on a PostgreSQL server with
 * `COPY`, PostgreSQL's cheapest way in, on the embedded database (which has no `COPY FROM STDIN`)
 * as arrays (`unnest`); each batch is written while the next ones are being validated, so the
 * database's index maintenance overlaps with the parsing. A line
 * at fault stops the writing but not the reading, so the report names every bad line (up to a
 * limit), then everything is rolled back.
 */
@Injectable()
export class CallingNumberImportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
    private readonly parser: PhoneNumberParser,
    @Inject(OPEN_DATABASE) private readonly database: OpenDatabase,
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
    let everyNumberSoFarWasNew = true;

    const fail = (error: ImportLineError) => {
      errorCount++;
      if (errors.length < MAX_REPORTED_LINE_ERRORS) errors.push(error);
    };
    const send = async () => {
      const full = batch;
      batch = { lines: [], numbers: [] };
      await writing;
      const write: BatchWrite = errorCount > 0 ? 'check-only' : everyNumberSoFarWasNew ? 'new-numbers' : 'skip-declared';
      writing = this.writeBatch(firmId, full, declaredAt, write).then((outcome) => {
        if (outcome.imported < full.numbers.length) everyNumberSoFarWasNew = false;
        imported += outcome.imported;
        alreadyDeclared += outcome.alreadyDeclared;
        for (const held of outcome.heldElsewhere) fail({ ...held, reason: 'already declared by another firm' });
      });
      // Awaited before the next batch or at the end; until then a failure must not count as unhandled.
      writing.catch(() => undefined);
    };

    const take = async ({ lines, normalizing }: NormalizingLines) => {
      const numbers = await normalizing;
      let next = 0;
      for (const entry of lines) {
        if (++linesRead % LINES_BETWEEN_PAUSES === 0) await nextTurnOfTheEventLoop();
        if (entry.problem !== undefined) {
          fail({ line: entry.line, value: entry.written, reason: entry.problem });
          continue;
        }
        const normalized = numbers[next++];
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
    const reader = new NumberListReader();
    const ahead: NormalizingLines[] = [];
    const read = async (lines: NumberListLine[]) => {
      const normalizing = this.parser.normalize(lines.filter((entry) => entry.problem === undefined).map((entry) => entry.written));
      // Awaited in turn by `take`; until then a failure must not count as unhandled.
      normalizing.catch(() => undefined);
      ahead.push({ lines, normalizing });
      if (ahead.length > CHUNKS_AHEAD) await take(ahead.shift()!);
    };
    for await (const chunk of source) await read(reader.push(chunk));
    await read(reader.end());
    for (let chunk = ahead.shift(); chunk !== undefined; chunk = ahead.shift()) await take(chunk);
    if (batch.numbers.length > 0) await send();
    await writing;

    if (errorCount > 0) throw new NumberImportRefusedError(errorCount, errors.sort((a, b) => a.line - b.line));
    if (seen.size === 0) throw new EmptyImportError();
    const result: NumberImportResult = { linesRead, imported, alreadyDeclared, duplicatesInFile };
    await this.history.record(actor, { action: 'calling_number.imported', entityType: 'firm', entityId: firmId, after: result });
    return result;
  }

  /**
   * Writes a batch. Once a line is at fault nothing more is inserted (it would be rolled back):
   * the batch is only checked, to complete the report. When some numbers were not inserted,
   * finds out which this firm holds and which another firm holds.
   */
  private async writeBatch(firmId: string, batch: Batch, declaredAt: Date, write: BatchWrite): Promise<BatchOutcome> {
    let imported = 0;
    if (write !== 'check-only') {
      const insertedAsNew = write === 'new-numbers' ? await this.insertNewNumbers(firmId, batch, declaredAt) : undefined;
      imported = insertedAsNew ?? (await this.insertSkippingDeclared(firmId, batch, declaredAt));
    }
    if (imported === batch.numbers.length) return { imported, alreadyDeclared: 0, heldElsewhere: [] };
    const [held] = await this.txHost.tx.query<{ own: number; elsewhere: [line: number, e164: string][] }[]>(
      `SELECT count(*) FILTER (WHERE c.firm_id = $1)::int AS own,
              coalesce(json_agg(json_build_array(b.line, b.e164) ORDER BY b.line) FILTER (WHERE c.firm_id <> $1), '[]'::json) AS elsewhere
       FROM unnest($2::int[], $3::text[]) AS b(line, e164)
       JOIN calling_number c ON c.e164 = b.e164 AND c.retired_at IS NULL`,
      [firmId, batch.lines, batch.numbers],
    );
    // Every number of the batch is now active, for this firm or another, unless a concurrent transaction retired one meanwhile.
    if (write !== 'check-only' && held.own + held.elsewhere.length !== batch.numbers.length) throw new NumberDeclaredConcurrentlyError();
    return { imported, alreadyDeclared: held.own - imported, heldElsewhere: held.elsewhere.map(([line, value]) => ({ line, value })) };
  }

  /**
   * The common case, numbers nobody has declared, written without `ON CONFLICT`, which costs much
   * more per row: with `COPY` on a server, which stores rows a page at a time, otherwise as a plain
   * INSERT. Sorted numbers and time-ordered ids make the indexes grow in a few places instead of all
   * over. Undefined, with nothing written, when a number is declared already.
   */
  private async insertNewNumbers(firmId: string, batch: Batch, declaredAt: Date): Promise<number | undefined> {
    const numbers = [...batch.numbers].sort();
    const idTime = Date.now();
    const ids = numbers.map(() => timeOrderedUuid(idTime));
    const tx = this.txHost.tx;
    await tx.query(`SAVEPOINT new_numbers`);
    try {
      if (this.database.embedded) {
        await tx.query(
          `INSERT INTO calling_number (id, firm_id, e164, declared_at) SELECT id, $1, e164, $4 FROM unnest($2::uuid[], $3::text[]) AS b(id, e164)`,
          [firmId, ids, numbers, declaredAt],
        );
      } else {
        await this.copyNumbers(firmId, ids, numbers, declaredAt);
      }
    } catch (error) {
      if (postgresErrorCode(error) !== UNIQUE_VIOLATION) throw error;
      await tx.query(`ROLLBACK TO SAVEPOINT new_numbers`);
      return undefined;
    }
    await tx.query(`RELEASE SAVEPOINT new_numbers`);
    return numbers.length;
  }

  /**
   * `COPY … FROM STDIN` on the transaction's own connection. Ids, firm ids, E.164 numbers and ISO
   * times hold no tab, newline or backslash, so the text format needs no escaping.
   */
  private async copyNumbers(firmId: string, ids: readonly string[], numbers: readonly string[], declaredAt: Date): Promise<void> {
    const client = (await this.txHost.tx.queryRunner!.connect()) as PoolClient;
    const suffix = `\t${firmId}\t`;
    const at = `\t${declaredAt.toISOString()}\n`;
    let text = '';
    for (let i = 0; i < numbers.length; i++) text += ids[i] + suffix + numbers[i] + at;
    const copy = `COPY calling_number (id, firm_id, e164, declared_at) FROM STDIN`;
    try {
      await pipeline(Readable.from([text]), client.query(copyFrom(copy)));
    } catch (error) {
      // As TypeORM reports a failed query, so that its code (a number already declared) is read the same way.
      throw error instanceof DatabaseError ? new QueryFailedError(copy, undefined, error) : error;
    }
  }

  private async insertSkippingDeclared(firmId: string, batch: Batch, declaredAt: Date): Promise<number> {
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
