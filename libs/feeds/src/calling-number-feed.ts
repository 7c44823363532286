import { Clock, DomainError } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { effectiveRatingStatusSql } from '@app/ratings';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { DataSource, QueryResult } from 'typeorm';
import { DeltaHeader, DeltaLine, FeedChange, FeedStatus, isQualified, SnapshotFirm, SnapshotHeader } from './feed-lines';
import { signedDocument } from './feed-signature';
import { FeedSigningKey } from './feed-signing-key';

/** A client this far behind gets the rest in further deltas (`more: true`), or takes a new snapshot. */
export const MAX_DELTA_CHANGES = 100_000;
const CURSOR = /^(0|[1-9][0-9]{0,17})$/;
const ANALYZE_AFTER_CHANGES = 50_000;

/** A signed document, with its gzip form for clients that accept it. */
export interface FeedDocument {
  readonly etag: string;
  readonly cursor: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
}

export class InvalidFeedCursorError extends DomainError {
  constructor(message: string) {
    super('bad_request', 'validation_failed', `since: ${message}`, { fields: { since: [message] } });
  }
}

/** The firms a refresh recomputes (the numbers they declared, the name, VAT number and status they have now). */
const DESIRED = (nowParameter: string) => `
  SELECT n.e164, n.firm_id, f.vat_number, f.legal_name, ${effectiveRatingStatusSql('r', nowParameter)} AS status
  FROM registry_entry e JOIN firm f ON f.id = e.firm_id JOIN rating r ON r.id = e.rating_id
  JOIN calling_number n ON n.firm_id = e.firm_id AND n.retired_at IS NULL
  WHERE e.firm_id = ANY($1::uuid[])`;

/**
 * The caller-ID feed: every calling number declared by a firm that holds or held a rating, with the
 * firm's VAT number, name and status. `calling_number_feed_entry` keeps what the feed has published,
 * one row per number and firm, each stamped with the sequence number of its last change; triggers mark
 * the firms whose numbers, name or rating changed (in the changing transaction), and a refresh (under
 * a lock, before every answer) recomputes just those firms. So a delta is an index range over `seq`,
 * and the cursor is the last `seq` a client has.
 */
@Injectable()
export class CallingNumberFeed {
  private snapshotCache: Promise<FeedDocument> | undefined;
  private snapshotCursor: string | undefined;

  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly dataSource: DataSource,
    private readonly signingKey: FeedSigningKey,
    private readonly clock: Clock,
  ) {}

  /** Publishes what changed in the marked firms; returns how many feed rows changed. */
  @Transactional()
  async refresh(): Promise<number> {
    const tx = this.txHost.tx.queryRunner;
    if (!tx) throw new Error('The feed refresh runs in a transaction');
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('calling_number_feed', 0))`);
    const dirty = (await tx.query(`DELETE FROM calling_number_feed_dirty_firm RETURNING firm_id`, [], true)) as QueryResult<{ firm_id: string }>;
    if (dirty.records.length === 0) return 0;
    const firmIds = dirty.records.map((row) => row.firm_id);
    const now = this.clock.now();
    // Retirements first: a number that moved to another firm leaves the old one before it joins the new one.
    const retired = (await tx.query(
      `WITH desired AS (${DESIRED('$2')})
       UPDATE calling_number_feed_entry c SET retired = true, change = 'retired', seq = nextval('calling_number_feed_seq')
       WHERE c.firm_id = ANY($1::uuid[]) AND NOT c.retired
         AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.e164 = c.e164 AND d.firm_id = c.firm_id)`,
      [firmIds, now],
      true,
    ));
    const upserted = (await tx.query(
      `WITH desired AS (${DESIRED('$2')})
       INSERT INTO calling_number_feed_entry (e164, firm_id, vat_number, legal_name, status, retired, change, seq)
       SELECT d.e164, d.firm_id, d.vat_number, d.legal_name, d.status, false,
              CASE WHEN c.e164 IS NULL OR c.retired THEN 'added' ELSE 'changed' END, nextval('calling_number_feed_seq')
       FROM (SELECT * FROM desired ORDER BY firm_id, e164) d
       LEFT JOIN calling_number_feed_entry c ON c.e164 = d.e164 AND c.firm_id = d.firm_id
       WHERE c.e164 IS NULL OR c.retired OR (c.vat_number, c.legal_name, c.status) IS DISTINCT FROM (d.vat_number, d.legal_name, d.status)
       ON CONFLICT (e164, firm_id) DO UPDATE SET vat_number = EXCLUDED.vat_number, legal_name = EXCLUDED.legal_name,
         status = EXCLUDED.status, retired = false, change = EXCLUDED.change, seq = EXCLUDED.seq`,
      [firmIds, now],
      true,
    ));
    const changed = (retired.affected ?? 0) + (upserted.affected ?? 0);
    // After a large publication (the first one, a big import) the planner's statistics would still describe
    // the table before it, and it would scan the table for a delta instead of reading the index on seq.
    if (changed >= ANALYZE_AFTER_CHANGES) await tx.query(`ANALYZE calling_number_feed_entry`);
    return changed;
  }

  /** The cursor of the feed as published now (0 before anything was published). */
  async cursor(): Promise<string> {
    await this.refresh();
    const [row] = await this.txHost.tx.query<{ cursor: string }[]>(`SELECT coalesce(max(seq), 0)::text AS cursor FROM calling_number_feed_entry`);
    return row.cursor;
  }

  snapshotEtag(cursor: string): string {
    return `"cn-snapshot-${this.signingKey.keyId}-${cursor}"`;
  }

  deltaEtag(since: string, cursor: string): string {
    return `"cn-delta-${this.signingKey.keyId}-${since}-${cursor}"`;
  }

  /** The full list as of `cursor` (from `cursor()`); built once per cursor and shared by concurrent callers. */
  snapshot(cursor: string): Promise<FeedDocument> {
    if (this.snapshotCache === undefined || this.snapshotCursor !== cursor) {
      this.snapshotCursor = cursor;
      this.snapshotCache = this.buildSnapshot().catch((error: unknown) => {
        this.snapshotCache = undefined;
        this.snapshotCursor = undefined;
        throw error;
      });
    }
    return this.snapshotCache;
  }

  /** Checks a client's `since`: a cursor this feed gave out (not beyond `cursor`). */
  parseSince(since: string, cursor: string): string {
    if (!CURSOR.test(since)) throw new InvalidFeedCursorError('must be a cursor returned by this feed');
    if (BigInt(since) > BigInt(cursor)) throw new InvalidFeedCursorError('is newer than the feed: it was not returned by this feed');
    return since;
  }

  /** What changed after `since`, oldest change first; at most MAX_DELTA_CHANGES, with `more` when others follow. */
  async delta(since: string, limit: number = MAX_DELTA_CHANGES): Promise<FeedDocument> {
    const rows = await this.txHost.tx.query<{ seq: string; change: FeedChange; e164: string; vat_number: string; legal_name: string; status: FeedStatus }[]>(
      `SELECT seq::text AS seq, change, e164, vat_number, legal_name, status FROM calling_number_feed_entry
       WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [since, limit + 1],
    );
    const more = rows.length > limit;
    const changes = more ? rows.slice(0, limit) : rows;
    const cursor = changes.length === 0 ? since : changes[changes.length - 1].seq;
    const header: DeltaHeader = { feed: 'calling-numbers', type: 'delta', since, cursor, changes: changes.length, more };
    const parts = [`${JSON.stringify(header)}\n`];
    for (const row of changes) {
      const line: DeltaLine = { seq: row.seq, change: row.change, e164: row.e164, vat: row.vat_number, name: row.legal_name, status: row.status, qualified: isQualified(row.status) };
      parts.push(`${JSON.stringify(line)}\n`);
    }
    return this.document(parts.join(''), cursor, this.deltaEtag(since, cursor));
  }

  private async buildSnapshot(): Promise<FeedDocument> {
    // One snapshot of the database for the cursor and the rows, so the cursor says exactly what the list holds.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [{ cursor }] = (await runner.query(`SELECT coalesce(max(seq), 0)::text AS cursor FROM calling_number_feed_entry`)) as { cursor: string }[];
      const firms = (await runner.query(
        `SELECT vat_number, legal_name, status, array_agg(e164 ORDER BY e164) AS numbers
         FROM calling_number_feed_entry WHERE NOT retired
         GROUP BY firm_id, vat_number, legal_name, status ORDER BY vat_number, firm_id`,
      )) as { vat_number: string; legal_name: string; status: FeedStatus; numbers: string[] }[];
      await runner.commitTransaction();
      const numbers = firms.reduce((total, firm) => total + firm.numbers.length, 0);
      const header: SnapshotHeader = { feed: 'calling-numbers', type: 'snapshot', cursor, firms: firms.length, numbers };
      const parts = [`${JSON.stringify(header)}\n`];
      for (const firm of firms) {
        const line: SnapshotFirm = { vat: firm.vat_number, name: firm.legal_name, status: firm.status, qualified: isQualified(firm.status), numbers: firm.numbers };
        parts.push(`${JSON.stringify(line)}\n`);
      }
      return this.document(parts.join(''), cursor, this.snapshotEtag(cursor));
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private document(text: string, cursor: string, etag: string): FeedDocument {
    const body = signedDocument(Buffer.from(text, 'utf8'), this.signingKey.privateKey, this.signingKey.keyId);
    return { etag, cursor, body, gzipped: gzipSync(body) };
  }
}
