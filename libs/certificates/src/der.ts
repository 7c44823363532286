/**
 * The little DER (ASN.1) the CMS signature needs: writing tag-length-value triples and reading the
 * issuer and serial number out of a certificate. Node's crypto signs and hashes but has no ASN.1 API.
 */

export const DER_TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  contextConstructed0: 0xa0,
  contextConstructed4: 0xa4,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function derTlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const derSequence = (...items: Buffer[]): Buffer => derTlv(DER_TAG.sequence, ...items);

/** A DER SET OF: its elements sorted by their encodings (X.690 11.6), as a signature over it requires. */
export const derSetOf = (...items: Buffer[]): Buffer => derTlv(DER_TAG.set, ...[...items].sort((a, b) => Buffer.compare(a, b)));

export const derNull = (): Buffer => Buffer.from([DER_TAG.null, 0x00]);

export const derOctetString = (bytes: Buffer): Buffer => derTlv(DER_TAG.octetString, bytes);

export function derSmallInteger(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 127) throw new RangeError(`Not a small integer: ${value}`);
  return derTlv(DER_TAG.integer, Buffer.from([value]));
}

export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) throw new RangeError(`Not an OID: ${dotted}`);
  const bytes = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift((rest % 128) | 0x80);
    bytes.push(...base128);
  }
  return derTlv(DER_TAG.oid, Buffer.from(bytes));
}

/** One element read from DER: its tag, and where its value and the whole element lie in the buffer. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

export function readDerElement(bytes: Buffer, offset: number): DerElement {
  if (offset + 2 > bytes.length) throw new RangeError('DER element runs past the end');
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) throw new RangeError('Unsupported DER length');
    length = 0;
    for (let index = 0; index < lengthBytes; index++) length = length * 256 + bytes[valueStart + index];
    valueStart += lengthBytes;
  }
  const end = valueStart + length;
  if (end > bytes.length) throw new RangeError('DER element runs past the end');
  return { tag, start: offset, valueStart, end };
}

/** The elements directly inside a constructed element. */
export function derChildren(bytes: Buffer, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = parent.valueStart; offset < parent.end; ) {
    const child = readDerElement(bytes, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The issuer Name and the serialNumber INTEGER of an X.509 certificate, as DER, to name it in a signature. */
export function certificateIssuerAndSerial(certificateDer: Buffer): { issuer: Buffer; serialNumber: Buffer } {
  const certificate = readDerElement(certificateDer, 0);
  const [tbsCertificate] = derChildren(certificateDer, certificate);
  const fields = derChildren(certificateDer, tbsCertificate);
  // An explicit [0] version comes first in v2/v3 certificates.
  const serialIndex = fields[0].tag === DER_TAG.contextConstructed0 ? 1 : 0;
  const serialNumber = fields[serialIndex];
  const issuer = fields[serialIndex + 2];
  if (serialNumber?.tag !== DER_TAG.integer || issuer?.tag !== DER_TAG.sequence) throw new Error('Not an X.509 certificate');
  return {
    serialNumber: certificateDer.subarray(serialNumber.start, serialNumber.end),
    issuer: certificateDer.subarray(issuer.start, issuer.end),
  };
}
