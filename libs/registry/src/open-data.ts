import type { RatingStatus, RevocationReason } from '@app/ratings';
import { OPEN_DATA_ATTRIBUTION, OPEN_DATA_LICENCE } from './public-links';

/** One firm of the registry as open data: public facts only, dates as ISO 8601 instants. */
export interface OpenDataRecord {
  readonly vatNumber: string;
  readonly legalName: string;
  readonly city: string;
  readonly province: string;
  readonly website: string | null;
  readonly status: RatingStatus;
  readonly certificateNumber: string;
  readonly issuedAt: Date;
  readonly validUntil: Date;
  readonly suspendedAt: Date | null;
  readonly suspensionDeadline: Date | null;
  readonly endedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly publicNote: string | null;
  readonly certificateSha256: string | null;
  readonly callingNumbers: readonly string[];
}

const COLUMNS: readonly { readonly header: string; readonly value: (record: OpenDataRecord) => string | null }[] = [
  { header: 'vat_number', value: (record) => record.vatNumber },
  { header: 'legal_name', value: (record) => record.legalName },
  { header: 'city', value: (record) => record.city },
  { header: 'province', value: (record) => record.province },
  { header: 'website', value: (record) => record.website },
  { header: 'status', value: (record) => record.status },
  { header: 'certificate_number', value: (record) => record.certificateNumber },
  { header: 'issued_at', value: (record) => record.issuedAt.toISOString() },
  { header: 'valid_until', value: (record) => record.validUntil.toISOString() },
  { header: 'suspended_at', value: (record) => record.suspendedAt?.toISOString() ?? null },
  { header: 'suspension_deadline', value: (record) => record.suspensionDeadline?.toISOString() ?? null },
  { header: 'ended_at', value: (record) => record.endedAt?.toISOString() ?? null },
  { header: 'revocation_reason', value: (record) => record.revocationReason },
  { header: 'public_note', value: (record) => record.publicNote },
  { header: 'certificate_sha256', value: (record) => record.certificateSha256 },
  { header: 'calling_numbers', value: (record) => record.callingNumbers.join(' ') },
];

export const OPEN_DATA_CSV_HEADERS = COLUMNS.map((column) => column.header);

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The registry as CSV (RFC 4180, UTF-8, CRLF), one firm per line; calling numbers separated by spaces. */
export function openDataCsv(records: readonly OpenDataRecord[]): string {
  const lines = [OPEN_DATA_CSV_HEADERS.join(',')];
  for (const record of records) lines.push(COLUMNS.map((column) => csvField(column.value(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The registry as JSON, with its licence and how to credit it. */
export function openDataJson(records: readonly OpenDataRecord[], asOf: Date): string {
  return JSON.stringify({ licence: OPEN_DATA_LICENCE, attribution: OPEN_DATA_ATTRIBUTION, asOf, firms: records });
}
