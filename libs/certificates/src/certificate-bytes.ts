import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256: the fingerprint a certificate PDF is published and verified by (as `sha256Hex` in @app/storage). */
export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const PDF_HEADER = Buffer.from('%PDF-');
const PDF_TRAILER = Buffer.from('%%EOF');
/** Writers may put a little garbage before the header and whitespace after the trailer. */
const HEADER_SEARCH_BYTES = 1024;
const TRAILER_SEARCH_BYTES = 1024;

/**
 * Whether uploaded bytes are plausibly a PDF (a `%PDF-` header near the start and a `%%EOF` near
 * the end), checked before hashing an upload against the published certificates.
 */
export function looksLikePdf(bytes: Buffer): boolean {
  const headerAt = bytes.subarray(0, HEADER_SEARCH_BYTES).indexOf(PDF_HEADER);
  if (headerAt === -1) return false;
  const tailStart = Math.max(headerAt + PDF_HEADER.length, bytes.length - TRAILER_SEARCH_BYTES);
  return bytes.subarray(tailStart).includes(PDF_TRAILER);
}
