import { RATING_STATUSES, REVOCATION_REASONS } from '@app/ratings';
import type { RatingStatus, RevocationReason } from '@app/ratings';
import { OPEN_DATA_ATTRIBUTION, OPEN_DATA_LICENCE, OPEN_DATA_CSV_PATH, OPEN_DATA_JSON_PATH } from './public-links';

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

/** A Frictionless Table Schema field type: https://datapackage.org/standard/table-schema/ */
type FieldType = 'string' | 'datetime' | 'array';

interface Column {
  /** The CSV header (snake_case). */
  readonly header: string;
  /** The member of a firm in the JSON (camelCase). */
  readonly member: keyof OpenDataRecord;
  readonly type: FieldType;
  readonly description: string;
  readonly format?: 'uri' | 'any';
  readonly constraints?: { readonly required?: boolean; readonly pattern?: string; readonly enum?: readonly string[] };
  readonly value: (record: OpenDataRecord) => string | null;
}

const iso = (instant: Date | null): string | null => instant?.toISOString() ?? null;

const COLUMNS: readonly Column[] = [
  { header: 'vat_number', member: 'vatNumber', type: 'string', description: 'Partita IVA, 11 digits', constraints: { required: true, pattern: '[0-9]{11}' }, value: (record) => record.vatNumber },
  { header: 'legal_name', member: 'legalName', type: 'string', description: 'Registered name of the firm', constraints: { required: true }, value: (record) => record.legalName },
  { header: 'city', member: 'city', type: 'string', description: 'City of the registered office', constraints: { required: true }, value: (record) => record.city },
  { header: 'province', member: 'province', type: 'string', description: 'Province code (sigla) of the registered office', constraints: { required: true, pattern: '[A-Z]{2}' }, value: (record) => record.province },
  { header: 'website', member: 'website', type: 'string', format: 'uri', description: 'Website (http or https only)', value: (record) => record.website },
  { header: 'status', member: 'status', type: 'string', description: 'Status of the latest rating when the file was made', constraints: { required: true, enum: RATING_STATUSES }, value: (record) => record.status },
  { header: 'certificate_number', member: 'certificateNumber', type: 'string', description: 'Number of the latest certificate', constraints: { required: true, pattern: 'AQ-[0-9]{4}-[0-9]{6}' }, value: (record) => record.certificateNumber },
  { header: 'issued_at', member: 'issuedAt', type: 'datetime', description: 'When the latest rating was issued (ISO 8601, UTC)', constraints: { required: true }, value: (record) => record.issuedAt.toISOString() },
  { header: 'valid_until', member: 'validUntil', type: 'datetime', description: 'End of the original validity of the latest rating', constraints: { required: true }, value: (record) => record.validUntil.toISOString() },
  { header: 'suspended_at', member: 'suspendedAt', type: 'datetime', description: 'When a current suspension began', value: (record) => iso(record.suspendedAt) },
  { header: 'suspension_deadline', member: 'suspensionDeadline', type: 'datetime', description: 'A suspension not lifted by then becomes a revocation', value: (record) => iso(record.suspensionDeadline) },
  { header: 'ended_at', member: 'endedAt', type: 'datetime', description: 'When a revoked or expired rating ended', value: (record) => iso(record.endedAt) },
  { header: 'revocation_reason', member: 'revocationReason', type: 'string', description: 'Why the rating was revoked', constraints: { enum: REVOCATION_REASONS }, value: (record) => record.revocationReason },
  { header: 'public_note', member: 'publicNote', type: 'string', description: 'The public note of the latest change', value: (record) => record.publicNote },
  { header: 'certificate_sha256', member: 'certificateSha256', type: 'string', description: 'SHA-256 (hex) of the signed certificate PDF, once rendered', constraints: { pattern: '[0-9a-f]{64}' }, value: (record) => record.certificateSha256 },
  {
    header: 'calling_numbers',
    member: 'callingNumbers',
    type: 'string',
    description: 'Active declared calling numbers in E.164, separated by spaces (an array in the JSON)',
    value: (record) => record.callingNumbers.join(' '),
  },
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

/** A field of a Table Schema, as the data package describes it. */
function schemaField(column: Column, name: string, type: FieldType): object {
  // Instants carry milliseconds (`.000Z`), which the Table Schema's default datetime format does not: any ISO 8601 is declared.
  const format = column.format ?? (type === 'datetime' ? 'any' : undefined);
  return { name, type, ...(format ? { format } : {}), description: column.description, ...(column.constraints ? { constraints: column.constraints } : {}) };
}

/**
 * The Frictionless Data Package (https://datapackage.org/) that describes the open data: the CSV as a
 * tabular resource with its Table Schema, the JSON with the same fields (its firms are in `firms`),
 * the licence, and `lastModified`, the last change to what they hold.
 */
export function openDataPackage(publicBaseUrl: string, lastModified: Date | null): string {
  const licence = { name: 'CC-BY-4.0', path: OPEN_DATA_LICENCE.url, title: 'Creative Commons Attribution 4.0' };
  const common = { licenses: [licence], ...(lastModified === null ? {} : { lastModified: lastModified.toISOString() }) };
  return JSON.stringify({
    // 'data-package', not 'tabular-data-package': the JSON resource is not a table.
    profile: 'data-package',
    name: 'registro-aziende-qualificate',
    title: 'Registro delle aziende qualificate (bollino blu dei contact center)',
    description: `${OPEN_DATA_ATTRIBUTION}: every firm that holds or held the blue seal, with its latest rating and active calling numbers.`,
    homepage: `${publicBaseUrl}/registro`,
    ...common,
    contributors: [{ title: OPEN_DATA_ATTRIBUTION, role: 'publisher', path: publicBaseUrl }],
    resources: [
      {
        profile: 'tabular-data-resource',
        name: 'registro-csv',
        path: `${publicBaseUrl}${OPEN_DATA_CSV_PATH}`,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
        ...common,
        schema: { fields: COLUMNS.map((column) => schemaField(column, column.header, column.type)), primaryKey: 'vat_number', missingValues: [''] },
      },
      {
        profile: 'data-resource',
        name: 'registro-json',
        path: `${publicBaseUrl}${OPEN_DATA_JSON_PATH}`,
        format: 'json',
        mediatype: 'application/json',
        encoding: 'utf-8',
        description: 'An object { licence, attribution, asOf, firms }: each member of `firms` has these fields.',
        ...common,
        schema: {
          fields: COLUMNS.map((column) => schemaField(column, column.member, column.member === 'callingNumbers' ? 'array' : column.type)),
          primaryKey: 'vatNumber',
        },
      },
    ],
  });
}
