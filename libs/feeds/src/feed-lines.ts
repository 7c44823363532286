/**
 * The caller-ID feed's lines (NDJSON). A snapshot: a header, one line per firm with its numbers, the
 * signature line. A delta: a header, one line per change in cursor order, the signature line.
 */
export const FEED_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];
export type FeedChange = 'added' | 'retired' | 'changed';

export interface SnapshotHeader {
  readonly feed: 'calling-numbers';
  readonly type: 'snapshot';
  /** Pass it as `?since=` to get what changed after this snapshot. */
  readonly cursor: string;
  readonly firms: number;
  readonly numbers: number;
}

export interface SnapshotFirm {
  readonly vat: string;
  readonly name: string;
  readonly status: FeedStatus;
  /** Only an active rating qualifies; numbers of suspended, revoked and expired firms are listed, flagged so. */
  readonly qualified: boolean;
  readonly numbers: string[];
}

export interface DeltaHeader {
  readonly feed: 'calling-numbers';
  readonly type: 'delta';
  readonly since: string;
  /** The last change this delta holds: the next `since`. */
  readonly cursor: string;
  readonly changes: number;
  /** More changes follow: ask again with `since=cursor`. */
  readonly more: boolean;
}

export interface DeltaLine {
  readonly seq: string;
  readonly change: FeedChange;
  readonly e164: string;
  readonly vat: string;
  readonly name: string;
  readonly status: FeedStatus;
  readonly qualified: boolean;
}

export const isQualified = (status: FeedStatus): boolean => status === 'active';

export const ndjson = (values: readonly object[]): string => values.map((value) => `${JSON.stringify(value)}\n`).join('');
