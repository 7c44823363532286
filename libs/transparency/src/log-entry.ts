/**
 * One leaf of the public log: exactly what the registry publishes about a certificate's event, and
 * nothing else. No personal data and no free text (public notes can name people and the log can never
 * forget), only the facts a verifier needs. The encoding is canonical JSON: keys in code-point order,
 * no whitespace, UTF-8, times as `YYYY-MM-DDTHH:mm:ss.sssZ`, so one event has exactly one byte string
 * and a monitor can re-encode what it decoded to prove it.
 */

export const LOG_ENTRY_VERSION = 1;

/** Revocation and suspension categories, as the registry publishes them. */
export const LOG_REASONS = ['irregularities', 'new_definitive_sanction', 'false_declarations', 'failed_surveillance', 'firm_request'] as const;
export type LogReason = (typeof LOG_REASONS)[number];

interface EntryBase {
  /** When the event took effect in the registry (for an expiry: the end of validity). */
  readonly time: Date;
  readonly certificateNumber: string;
}

export interface RatingIssuedEntry extends EntryBase {
  readonly kind: 'rating.issued';
  readonly vatNumber: string;
  readonly legalName: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly checklistVersion: string;
}

/** A renewal without interruption: a new certificate whose validity continues the one it `renews`. */
export interface RatingRenewedEntry extends Omit<RatingIssuedEntry, 'kind'> {
  readonly kind: 'rating.renewed';
  readonly renews: string;
}

/** The signed certificate PDF is rendered after the issue; its SHA-256 enters the log when attached. */
export interface CertificateAttachedEntry extends EntryBase {
  readonly kind: 'rating.certificate_attached';
  readonly pdfSha256: string;
}

export interface RatingSuspendedEntry extends EntryBase {
  readonly kind: 'rating.suspended';
  readonly reason: LogReason;
  /** Unless reinstated by then, the suspension becomes a revocation at this time (or the rating expires first). */
  readonly deadline: Date;
}

export interface RatingReinstatedEntry extends EntryBase {
  readonly kind: 'rating.reinstated';
}

export interface RatingRevokedEntry extends EntryBase {
  readonly kind: 'rating.revoked';
  readonly reason: LogReason;
}

export interface RatingExpiredEntry extends EntryBase {
  readonly kind: 'rating.expired';
}

/** A renewal: this certificate ends, replaced by `supersededBy` (whose own `rating.issued` follows). */
export interface RatingSupersededEntry extends EntryBase {
  readonly kind: 'rating.superseded';
  readonly supersededBy: string;
}

export type LogEntry =
  | RatingIssuedEntry
  | RatingRenewedEntry
  | CertificateAttachedEntry
  | RatingSuspendedEntry
  | RatingReinstatedEntry
  | RatingRevokedEntry
  | RatingExpiredEntry
  | RatingSupersededEntry;

export type LogEntryKind = LogEntry['kind'];
export const LOG_ENTRY_KINDS: readonly LogEntryKind[] = [
  'rating.issued',
  'rating.renewed',
  'rating.certificate_attached',
  'rating.suspended',
  'rating.reinstated',
  'rating.revoked',
  'rating.expired',
  'rating.superseded',
];

export class LogEntryFormatError extends Error {}

type Canonical = string | number | { readonly [key: string]: Canonical };

function canonicalJson(value: Canonical): string {
  if (typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

const time = (date: Date): string => date.toISOString();

function fields(entry: LogEntry): Record<string, string | number> {
  const base = { v: LOG_ENTRY_VERSION, kind: entry.kind, time: time(entry.time), certificateNumber: entry.certificateNumber };
  switch (entry.kind) {
    case 'rating.issued':
      return { ...base, vatNumber: entry.vatNumber, legalName: entry.legalName, validFrom: time(entry.validFrom), validUntil: time(entry.validUntil), checklistVersion: entry.checklistVersion };
    case 'rating.renewed':
      return {
        ...base,
        vatNumber: entry.vatNumber,
        legalName: entry.legalName,
        validFrom: time(entry.validFrom),
        validUntil: time(entry.validUntil),
        checklistVersion: entry.checklistVersion,
        renews: entry.renews,
      };
    case 'rating.certificate_attached':
      return { ...base, pdfSha256: entry.pdfSha256 };
    case 'rating.suspended':
      return { ...base, reason: entry.reason, deadline: time(entry.deadline) };
    case 'rating.revoked':
      return { ...base, reason: entry.reason };
    case 'rating.superseded':
      return { ...base, supersededBy: entry.supersededBy };
    case 'rating.reinstated':
    case 'rating.expired':
      return base;
  }
}

/** The leaf bytes of an entry. */
export function encodeLogEntry(entry: LogEntry): Buffer {
  return Buffer.from(canonicalJson(fields(entry)), 'utf8');
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function readString(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.length === 0) throw new LogEntryFormatError(`"${key}" must be a non-empty string`);
  return value;
}

function readTime(record: Record<string, unknown>, key: string): Date {
  const value = readString(record, key);
  if (!ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) throw new LogEntryFormatError(`"${key}" must be a UTC time with milliseconds`);
  return new Date(value);
}

function readReason(record: Record<string, unknown>): LogReason {
  const value = readString(record, 'reason');
  if (!(LOG_REASONS as readonly string[]).includes(value)) throw new LogEntryFormatError(`"reason" ${value} is not a published category`);
  return value as LogReason;
}

/**
 * Reads a leaf back, and refuses any byte string that is not the canonical encoding of what it says:
 * a monitor must not accept two encodings of one event.
 */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new LogEntryFormatError('The leaf is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LogEntryFormatError('The leaf is not a JSON object');
  const record = parsed as Record<string, unknown>;
  if (record.v !== LOG_ENTRY_VERSION) throw new LogEntryFormatError(`Unknown leaf version ${String(record.v)}`);
  const kind = readString(record, 'kind');
  const base = { time: readTime(record, 'time'), certificateNumber: readString(record, 'certificateNumber') };
  let entry: LogEntry;
  switch (kind) {
    case 'rating.issued':
    case 'rating.renewed': {
      const issue = {
        ...base,
        vatNumber: readString(record, 'vatNumber'),
        legalName: readString(record, 'legalName'),
        validFrom: readTime(record, 'validFrom'),
        validUntil: readTime(record, 'validUntil'),
        checklistVersion: readString(record, 'checklistVersion'),
      };
      entry = kind === 'rating.issued' ? { kind, ...issue } : { kind, ...issue, renews: readString(record, 'renews') };
      break;
    }
    case 'rating.certificate_attached':
      entry = { kind, ...base, pdfSha256: readString(record, 'pdfSha256') };
      break;
    case 'rating.suspended':
      entry = { kind, ...base, reason: readReason(record), deadline: readTime(record, 'deadline') };
      break;
    case 'rating.revoked':
      entry = { kind, ...base, reason: readReason(record) };
      break;
    case 'rating.superseded':
      entry = { kind, ...base, supersededBy: readString(record, 'supersededBy') };
      break;
    case 'rating.reinstated':
    case 'rating.expired':
      entry = { kind, ...base };
      break;
    default:
      throw new LogEntryFormatError(`Unknown leaf kind ${kind}`);
  }
  if (!encodeLogEntry(entry).equals(Buffer.from(bytes))) throw new LogEntryFormatError('The leaf is not in canonical form');
  return entry;
}
