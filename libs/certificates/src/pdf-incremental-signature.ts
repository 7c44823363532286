/**
 * Signs a PDF by appending to it (an incremental update, ISO 32000-1 §7.5.6) instead of rewriting
 * it: the original bytes stay as they are, followed by the signature dictionary, its field and
 * form, new versions of the catalog, the page the field sits on and the document information, a
 * cross-reference section for those objects only, and a trailer pointing back to the previous one.
 * Rewriting Chromium's file with pdf-lib cost about 15 ms per certificate; appending costs copying
 * the bytes once. Reads PDFs with classic cross-reference tables (what Chromium's Skia writes);
 * anything else is refused rather than guessed at.
 */

/** What the signature dictionary says, and room for the CMS signature. */
export interface SignaturePlaceholder {
  readonly reason: string;
  readonly contactInfo: string;
  readonly name: string;
  readonly location: string;
  readonly signingTime: Date;
  readonly subFilter: string;
  /** Bytes reserved for the DER signature (written as twice as many hex digits). */
  readonly signatureBytes: number;
  /** Written as the document's Creator and Producer, in place of the ones it had. */
  readonly authoringApplication: string;
}

export class UnsupportedPdfError extends Error {}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 /********** /********** /**********]';
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A literal string for ASCII text, otherwise UTF-16BE with its byte order mark, as PDF text strings are. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (character) => `\\${character}`)})`;
  const utf16 = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  return `<${utf16.toString('hex').toUpperCase()}>`;
}

const pdfDate = (date: Date): string => `(D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00')`;

const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
const isDelimiter = (byte: number) => '()<>[]{}/%'.includes(String.fromCharCode(byte));

/** The end of the PDF object (string, name, array, dictionary, number, reference or keyword) starting at `start`. */
function skipValue(text: string, start: number): number {
  let at = start;
  const char = text[at];
  if (char === '(') {
    let depth = 0;
    for (; at < text.length; at++) {
      if (text[at] === '\\') at++;
      else if (text[at] === '(') depth++;
      else if (text[at] === ')' && --depth === 0) return at + 1;
    }
    throw new UnsupportedPdfError('Unterminated string');
  }
  if (text.startsWith('<<', at) || char === '[') {
    let depth = 0;
    while (at < text.length) {
      if (text.startsWith('<<', at)) {
        depth++;
        at += 2;
      } else if (text.startsWith('>>', at)) {
        depth--;
        at += 2;
      } else if (text[at] === '[') {
        depth++;
        at++;
      } else if (text[at] === ']') {
        depth--;
        at++;
      } else if (text[at] === '(' || text[at] === '<') {
        // Strings are skipped whole: a `)` or `>` inside or at the end of one is not the container's.
        at = skipValue(text, at);
        continue;
      } else {
        at++;
      }
      if (depth === 0) return at;
    }
    throw new UnsupportedPdfError('Unterminated dictionary or array');
  }
  if (char === '<') {
    const end = text.indexOf('>', at);
    if (end === -1) throw new UnsupportedPdfError('Unterminated hex string');
    return end + 1;
  }
  if (char === '/') at++;
  while (at < text.length && !isWhitespace(text.charCodeAt(at)) && !isDelimiter(text.charCodeAt(at))) at++;
  // An indirect reference is three tokens: `12 0 R`.
  const reference = /^\s+\d+\s+R(?![^\s()<>[\]{}/%])/.exec(text.slice(at, at + 16));
  if (/^\d+$/.test(text.slice(start, at)) && reference) at += reference[0].length;
  if (at === start) throw new UnsupportedPdfError(`Unexpected character ${JSON.stringify(char)}`);
  return at;
}

function skipWhitespace(text: string, start: number): number {
  let at = start;
  while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
  return at;
}

/** The entries of a dictionary `<< … >>`, values as written, in order. */
export function dictionaryEntries(dictionary: string): [key: string, value: string][] {
  const text = dictionary.trim();
  if (!text.startsWith('<<') || !text.endsWith('>>')) throw new UnsupportedPdfError('Not a dictionary');
  const entries: [string, string][] = [];
  let at = skipWhitespace(text, 2);
  while (!text.startsWith('>>', at)) {
    if (text[at] !== '/') throw new UnsupportedPdfError('A dictionary key must be a name');
    const keyEnd = skipValue(text, at);
    const valueStart = skipWhitespace(text, keyEnd);
    const valueEnd = skipValue(text, valueStart);
    entries.push([text.slice(at, keyEnd), text.slice(valueStart, valueEnd)]);
    at = skipWhitespace(text, valueEnd);
  }
  return entries;
}

const dictionary = (entries: readonly (readonly [string, string])[]): string => `<<${entries.map(([key, value]) => `${key} ${value}`).join('\n')}>>`;

function referencedObject(value: string | undefined, what: string): number {
  const match = /^(\d+)\s+0\s+R$/.exec(value ?? '');
  if (!match) throw new UnsupportedPdfError(`${what} is not an indirect reference to an object of generation 0`);
  return Number(match[1]);
}

/** Object offsets from the newest cross-reference section back through /Prev, and the newest trailer. */
function readCrossReferences(pdf: string): { offsets: Map<number, number>; trailer: Map<string, string>; startxref: number } {
  const startxrefMatch = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.slice(-64));
  if (!startxrefMatch) throw new UnsupportedPdfError('No startxref at the end of the file');
  const startxref = Number(startxrefMatch[1]);
  const offsets = new Map<number, number>();
  let trailer: Map<string, string> | undefined;
  for (let section: number | undefined = startxref, seen = 0; section !== undefined; seen++) {
    if (seen > 64 || !pdf.startsWith('xref', section)) throw new UnsupportedPdfError('Cross-reference streams are not supported');
    let at = skipWhitespace(pdf, section + 4);
    for (let header = /^(\d+) (\d+)\s/.exec(pdf.slice(at, at + 32)); header; header = /^(\d+) (\d+)\s/.exec(pdf.slice(at, at + 32))) {
      const first = Number(header[1]);
      const count = Number(header[2]);
      at = skipWhitespace(pdf, at + header[0].length);
      for (let index = 0; index < count; index++, at += 20) {
        const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(pdf.slice(at, at + 18));
        if (!entry) throw new UnsupportedPdfError('Malformed cross-reference entry');
        if (entry[3] === 'n' && !offsets.has(first + index)) offsets.set(first + index, Number(entry[1]));
      }
      at = skipWhitespace(pdf, at);
    }
    if (!pdf.startsWith('trailer', at)) throw new UnsupportedPdfError('No trailer after the cross-reference table');
    const dictionaryStart = skipWhitespace(pdf, at + 7);
    const entries = new Map(dictionaryEntries(pdf.slice(dictionaryStart, skipValue(pdf, dictionaryStart))));
    trailer ??= entries;
    const previous = entries.get('/Prev');
    section = previous === undefined ? undefined : Number(previous);
  }
  return { offsets, trailer: trailer!, startxref };
}

export interface PreparedSignature {
  /** The file with the placeholder: /Contents all zeros, /ByteRange filled in. */
  readonly pdf: Buffer;
  /** The bytes the signature covers, everything but the /Contents hex string: the two ranges of /ByteRange. */
  readonly signedRanges: readonly [Buffer, Buffer];
  /** Where the hex digits of /Contents start, and how many there are. */
  readonly contentsAt: number;
  readonly contentsLength: number;
}

/** Appends an invisible signature field on the first page with an empty signature of the given size. */
export function appendSignaturePlaceholder(original: Buffer, placeholder: SignaturePlaceholder): PreparedSignature {
  const pdf = original.toString('latin1');
  const { offsets, trailer, startxref } = readCrossReferences(pdf);
  if (trailer.has('/Encrypt')) throw new UnsupportedPdfError('Encrypted PDFs are not supported');

  const objectDictionary = (number: number): string => {
    const offset = offsets.get(number);
    if (offset === undefined) throw new UnsupportedPdfError(`Object ${number} is not in the cross-reference table`);
    const header = new RegExp(`^${number}\\s+0\\s+obj\\s*`).exec(pdf.slice(offset, offset + 32));
    if (!header) throw new UnsupportedPdfError(`Object ${number} is not where the cross-reference table says`);
    const start = offset + header[0].length;
    if (!pdf.startsWith('<<', start)) throw new UnsupportedPdfError(`Object ${number} is not a dictionary`);
    return pdf.slice(start, skipValue(pdf, start));
  };
  const entriesOf = (number: number) => dictionaryEntries(objectDictionary(number));

  const size = Number(trailer.get('/Size'));
  if (!Number.isInteger(size) || size < 1) throw new UnsupportedPdfError('The trailer has no valid /Size');
  const catalogNumber = referencedObject(trailer.get('/Root'), 'The trailer /Root');
  const catalog = entriesOf(catalogNumber);
  if (catalog.some(([key]) => key === '/AcroForm')) throw new UnsupportedPdfError('The PDF already has a form');
  let pageNumber = referencedObject(new Map(catalog).get('/Pages'), 'The catalog /Pages');
  for (let page = new Map(entriesOf(pageNumber)), depth = 0; page.get('/Type') !== '/Page'; page = new Map(entriesOf(pageNumber)), depth++) {
    const firstKid = /^\[\s*(\d+\s+0\s+R)/.exec(page.get('/Kids') ?? '');
    if (depth > 32 || !firstKid) throw new UnsupportedPdfError('The PDF has no page');
    pageNumber = referencedObject(firstKid[1], 'A page tree kid');
  }

  const signatureNumber = size;
  const fieldNumber = size + 1;
  const formNumber = size + 2;
  const objects = new Map<number, string>();
  const contentsLength = 2 * placeholder.signatureBytes;
  objects.set(
    signatureNumber,
    dictionary([
      ['/Type', '/Sig'],
      ['/Filter', '/Adobe.PPKLite'],
      ['/SubFilter', `/${placeholder.subFilter}`],
      ['/ByteRange', BYTE_RANGE_PLACEHOLDER.slice('/ByteRange '.length)],
      ['/Contents', `<${'0'.repeat(contentsLength)}>`],
      ['/Reason', pdfTextString(placeholder.reason)],
      ['/M', pdfDate(placeholder.signingTime)],
      ['/ContactInfo', pdfTextString(placeholder.contactInfo)],
      ['/Name', pdfTextString(placeholder.name)],
      ['/Location', pdfTextString(placeholder.location)],
    ]),
  );
  // Invisible (an empty rectangle), printable, and locked: the field and its widget in one dictionary.
  objects.set(
    fieldNumber,
    dictionary([
      ['/Type', '/Annot'],
      ['/Subtype', '/Widget'],
      ['/FT', '/Sig'],
      ['/T', pdfTextString('Signature1')],
      ['/V', `${signatureNumber} 0 R`],
      ['/Rect', '[0 0 0 0]'],
      ['/F', '132'],
      ['/P', `${pageNumber} 0 R`],
    ]),
  );
  // SigFlags 3: the document has signatures, and may only be appended to.
  objects.set(
    formNumber,
    dictionary([
      ['/Fields', `[${fieldNumber} 0 R]`],
      ['/SigFlags', '3'],
    ]),
  );
  objects.set(catalogNumber, dictionary([...catalog, ['/AcroForm', `${formNumber} 0 R`]]));

  const page = entriesOf(pageNumber);
  const annotations = page.find(([key]) => key === '/Annots')?.[1];
  const field = `${fieldNumber} 0 R`;
  if (annotations === undefined) {
    objects.set(pageNumber, dictionary([...page, ['/Annots', `[${field}]`]]));
  } else if (annotations.startsWith('[')) {
    objects.set(pageNumber, dictionary(page.map(([key, value]) => [key, key === '/Annots' ? `${value.slice(0, -1).trimEnd()} ${field}]` : value])));
  } else {
    const annotationsNumber = referencedObject(annotations, 'The page /Annots');
    const offset = offsets.get(annotationsNumber);
    const array = offset === undefined ? undefined : /^\d+\s+0\s+obj\s*(\[[^\]]*\])/.exec(pdf.slice(offset, offset + 65_536));
    if (!array) throw new UnsupportedPdfError('The page /Annots array cannot be read');
    objects.set(annotationsNumber, `${array[1].slice(0, -1).trimEnd()} ${field}]`);
  }

  const infoReference = trailer.get('/Info');
  const newTrailer: [string, string][] = [
    ['/Size', String(size + 3)],
    ['/Root', `${catalogNumber} 0 R`],
  ];
  const authoring = pdfTextString(placeholder.authoringApplication);
  if (infoReference !== undefined) {
    const infoNumber = referencedObject(infoReference, 'The trailer /Info');
    const kept = entriesOf(infoNumber).filter(([key]) => key !== '/Creator' && key !== '/Producer');
    objects.set(infoNumber, dictionary([...kept, ['/Creator', authoring], ['/Producer', authoring]]));
    newTrailer.push(['/Info', `${infoNumber} 0 R`]);
  } else {
    objects.set(size + 3, dictionary([['/Creator', authoring], ['/Producer', authoring]]));
    newTrailer[0] = ['/Size', String(size + 4)];
    newTrailer.push(['/Info', `${size + 3} 0 R`]);
  }
  const id = trailer.get('/ID');
  if (id !== undefined) newTrailer.push(['/ID', id]);
  newTrailer.push(['/Prev', String(startxref)]);

  // The update: objects, then a cross-reference section listing them in runs of consecutive numbers.
  const parts: string[] = [/[\r\n]$/.test(pdf) ? '' : '\n'];
  let length = original.length + parts[0].length;
  const written = new Map<number, number>();
  for (const [number, body] of objects) {
    written.set(number, length);
    const text = `${number} 0 obj\n${body}\nendobj\n`;
    parts.push(text);
    length += text.length;
  }
  const xrefAt = length;
  const numbers = [...written.keys()].sort((a, b) => a - b);
  const xref: string[] = ['xref\n'];
  for (let index = 0; index < numbers.length; ) {
    let end = index + 1;
    while (end < numbers.length && numbers[end] === numbers[end - 1] + 1) end++;
    xref.push(`${numbers[index]} ${end - index}\n`);
    for (const number of numbers.slice(index, end)) xref.push(`${String(written.get(number)).padStart(10, '0')} 00000 n\r\n`);
    index = end;
  }
  parts.push(...xref, `trailer\n${dictionary(newTrailer)}\nstartxref\n${xrefAt}\n%%EOF\n`);

  const update = latin1(parts.join(''));
  const prepared = Buffer.concat([original, update]);
  const byteRangeAt = prepared.indexOf(BYTE_RANGE_PLACEHOLDER, original.length, 'latin1');
  const contentsAt = prepared.indexOf(`/Contents <`, original.length, 'latin1') + '/Contents <'.length;
  const contentsEnd = contentsAt + contentsLength + 1;
  const byteRange = `/ByteRange [0 ${contentsAt - 1} ${contentsEnd} ${prepared.length - contentsEnd}]`;
  if (byteRange.length > BYTE_RANGE_PLACEHOLDER.length) throw new UnsupportedPdfError('The PDF is too large to sign');
  prepared.write(byteRange.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), byteRangeAt, 'latin1');
  return { pdf: prepared, signedRanges: [prepared.subarray(0, contentsAt - 1), prepared.subarray(contentsEnd)], contentsAt, contentsLength };
}

/** Writes the DER signature into the placeholder's /Contents (the rest stays zero padding). */
export function insertSignature(prepared: PreparedSignature, signature: Buffer): Buffer {
  const hex = signature.toString('hex');
  if (hex.length > prepared.contentsLength) throw new Error(`The signature needs ${signature.length} bytes, the placeholder has room for ${prepared.contentsLength / 2}`);
  prepared.pdf.write(hex, prepared.contentsAt, 'latin1');
  return prepared.pdf;
}
