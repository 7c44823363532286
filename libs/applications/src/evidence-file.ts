/** The file types evidence may be: recognised from the bytes, never from the name or the declared type. */
export const EVIDENCE_TYPES = {
  pdf: { contentType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  png: { contentType: 'image/png', extension: 'png', label: 'PNG image' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', label: 'JPEG image' },
  csv: { contentType: 'text/csv', extension: 'csv', label: 'CSV file' },
  text: { contentType: 'text/plain', extension: 'txt', label: 'plain-text file' },
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_TYPES;
export type EvidenceContentType = (typeof EVIDENCE_TYPES)[EvidenceKind]['contentType'];
export const EVIDENCE_CONTENT_TYPES = Object.values(EVIDENCE_TYPES).map((type) => type.contentType);

/** What a file name's extension claims, for the extensions of accepted types. */
const CLAIMED_KIND: Record<string, EvidenceKind> = { pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', csv: 'csv', txt: 'text' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** HTML, SVG or XML would be a script vector if a browser ever rendered it: refused even though it is text. */
function looksLikeMarkup(bytes: Buffer): boolean {
  const start = bytes.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<');
}

export type EvidenceTypeResult = { readonly ok: true; readonly kind: EvidenceKind } | { readonly ok: false; readonly reason: string };

/**
 * The type of an evidence file from its first bytes: PDF, PNG and JPEG by their signatures; text
 * (valid UTF-8 without NUL bytes, and not markup) as CSV when named .csv, else plain text. A file
 * whose name claims one accepted type while its bytes are another is refused as well.
 */
export function detectEvidenceType(bytes: Buffer, clientFileName: string): EvidenceTypeResult {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty' };
  const extension = extensionOf(clientFileName);
  let kind: EvidenceKind;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') kind = 'pdf';
  else if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) kind = 'png';
  else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) kind = 'jpeg';
  else if (isText(bytes)) {
    if (looksLikeMarkup(bytes)) return { ok: false, reason: 'HTML, XML and other markup files are not accepted: send a PDF instead' };
    kind = extension === 'csv' ? 'csv' : 'text';
  } else {
    return { ok: false, reason: 'The file is not a PDF, PNG, JPEG, CSV or plain-text file' };
  }
  const claimed = CLAIMED_KIND[extension];
  if (claimed !== undefined && claimed !== kind) {
    return { ok: false, reason: `The file is named .${extension} but its content is a ${EVIDENCE_TYPES[kind].label}` };
  }
  return { ok: true, kind };
}

/**
 * Why a client's file name is refused: browsers send a bare name, so a path, a parent reference
 * or a control character means a crafted request.
 */
export function fileNameProblem(clientFileName: string): string | null {
  if (/[\\/]/.test(clientFileName) || /^\.+$/.test(clientFileName)) return 'The file name must be a bare name, without a path';
  if (/\p{Cc}/u.test(clientFileName)) return 'The file name contains control characters';
  if (clientFileName.length > 255) return 'The file name is longer than 255 characters';
  return null;
}

const MAX_BASE_NAME = 100;

/**
 * A file name safe to show and to offer for download: the last path segment only, letters, digits
 * and a few punctuation marks, with the extension of the detected type. Never used as a path.
 */
export function safeFileName(clientFileName: string, kind: EvidenceKind): string {
  const lastSegment = clientFileName.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const dot = lastSegment.lastIndexOf('.');
  const base = (dot > 0 ? lastSegment.slice(0, dot) : lastSegment)
    .replace(/[^\p{L}\p{N} ._()+-]/gu, '_')
    .replace(/[\s_]+/g, (run) => (run.includes('_') ? '_' : ' '))
    .replace(/^[\s._-]+|[\s._-]+$/g, '')
    .slice(0, MAX_BASE_NAME)
    .trim();
  return `${base || 'evidence'}.${EVIDENCE_TYPES[kind].extension}`;
}
