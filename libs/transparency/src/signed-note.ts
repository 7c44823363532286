import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import type { Hash } from './merkle';

/**
 * C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and timestamped
 * Ed25519 cosignatures (c2sp.org/tlog-cosignature), with node:crypto's Ed25519.
 */

/** Signature type bytes of c2sp.org/signed-note. */
const ED25519 = 0x01;
const COSIGNATURE_V1 = 0x04;
const SIGNATURE_LINE_PREFIX = '\u2014 ';
/** Ed25519 private keys as PKCS#8 DER are this fixed prefix followed by the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export type NoteKeyKind = 'log' | 'cosigner';

export interface NoteSigner {
  readonly name: string;
  readonly kind: NoteKeyKind;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  readonly privateKey: KeyObject;
}

export interface NoteVerifier {
  readonly name: string;
  readonly kind: NoteKeyKind;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
}

export class SignedNoteError extends Error {}

const typeByte = (kind: NoteKeyKind): number => (kind === 'log' ? ED25519 : COSIGNATURE_V1);

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4] */
export function noteKeyId(name: string, kind: NoteKeyKind, publicKey: Buffer): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, typeByte(kind)])).update(publicKey).digest().subarray(0, 4);
}

/** Node's base64 decoder skips what it does not understand; keys and hashes must round-trip exactly. */
export function strictBase64(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new SignedNoteError('Not canonical base64');
  return bytes;
}

function assertKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw new SignedNoteError('A key name must be non-empty, without spaces or "+"');
}

function rawPublicKey(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
}

function signerFromSeed(name: string, kind: NoteKeyKind, seed: Buffer): NoteSigner {
  assertKeyName(name);
  if (seed.length !== 32) throw new SignedNoteError('An Ed25519 private key is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(privateKey);
  return { name, kind, keyId: noteKeyId(name, kind, publicKey), publicKey, privateKey };
}

/** A new key, as the text `PRIVATE+KEY+<name>+<hex key id>+<base64(type || seed)>` (Go's note.GenerateKey format). */
export function generateNoteKey(name: string, kind: NoteKeyKind): string {
  assertKeyName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const signer = signerFromSeed(name, kind, seed);
  return `PRIVATE+KEY+${name}+${signer.keyId.toString('hex')}+${Buffer.concat([Buffer.from([typeByte(kind)]), seed]).toString('base64')}`;
}

/** Splits a key text into `count` fields at its first `count - 1` plus signs: base64 itself holds "+". */
function splitKeyText(text: string, count: number): string[] | null {
  const parts = text.trim().split('+');
  if (parts.length < count) return null;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

/** Reads a private key text; refuses a wrong type, a key ID that does not match, or a malformed text. */
export function parseNoteSigner(text: string): NoteSigner {
  const parts = splitKeyText(text, 5);
  if (parts === null || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new SignedNoteError('A private key reads PRIVATE+KEY+<name>+<key id>+<key>');
  const [, , name, id, encoded] = parts;
  const bytes = strictBase64(encoded);
  const kind: NoteKeyKind | undefined = bytes[0] === ED25519 ? 'log' : bytes[0] === COSIGNATURE_V1 ? 'cosigner' : undefined;
  if (kind === undefined || bytes.length !== 33) throw new SignedNoteError('The private key is not an Ed25519 (0x01) or cosignature/v1 (0x04) key');
  const signer = signerFromSeed(name, kind, bytes.subarray(1));
  if (signer.keyId.toString('hex') !== id.toLowerCase()) throw new SignedNoteError('The private key does not match its key ID');
  return signer;
}

/** The public verifier key, `<name>+<hex key id>+<base64(type || public key)>`, as clients configure it. */
export function verifierKeyText(key: NoteSigner | NoteVerifier): string {
  return `${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.from([typeByte(key.kind)]), key.publicKey]).toString('base64')}`;
}

export function parseNoteVerifier(text: string): NoteVerifier {
  const parts = splitKeyText(text, 3);
  if (parts === null) throw new SignedNoteError('A verifier key reads <name>+<key id>+<key>');
  const [name, id, encoded] = parts;
  assertKeyName(name);
  const bytes = strictBase64(encoded);
  const kind: NoteKeyKind | undefined = bytes[0] === ED25519 ? 'log' : bytes[0] === COSIGNATURE_V1 ? 'cosigner' : undefined;
  if (kind === undefined || bytes.length !== 33) throw new SignedNoteError('The verifier key is not an Ed25519 (0x01) or cosignature/v1 (0x04) key');
  const publicKey = bytes.subarray(1);
  const keyId = noteKeyId(name, kind, publicKey);
  if (keyId.toString('hex') !== id.toLowerCase()) throw new SignedNoteError('The verifier key does not match its key ID');
  return { name, kind, keyId, publicKey };
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** What the cosigner signs: the header, the time and the whole checkpoint text (c2sp.org/tlog-cosignature). */
function cosignedMessage(text: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');
}

/** One signature line for `text` (which ends in a newline): the log's Ed25519, or a timestamped cosignature. */
export function signatureLine(signer: NoteSigner, text: string, timestamp?: number): string {
  let payload: Buffer;
  if (signer.kind === 'log') {
    payload = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  } else {
    const time = timestamp ?? Math.floor(Date.now() / 1000);
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(BigInt(time));
    payload = Buffer.concat([stamp, sign(null, cosignedMessage(text, time), signer.privateKey)]);
  }
  return `${SIGNATURE_LINE_PREFIX}${signer.name} ${Buffer.concat([signer.keyId, payload]).toString('base64')}\n`;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Buffer;
  readonly payload: Buffer;
  /** The line as it appeared, newline included. */
  readonly line: string;
}

export interface ParsedNote {
  /** The signed text, final newline included. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const MAX_SIGNATURES = 32;

/** Splits a note into its text and signature lines at the last blank line. */
export function parseNote(note: string): ParsedNote {
  if ([...note].some((character) => character < ' ' && character !== '\n')) throw new SignedNoteError('A note holds no control characters but newlines');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new SignedNoteError('A note is text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new SignedNoteError('Too many signatures');
  const signatures = lines.map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match) throw new SignedNoteError('A malformed signature line');
    const bytes = Buffer.from(match[2], 'base64');
    if (bytes.length < 5) throw new SignedNoteError('A signature too short');
    return { name: match[1], keyId: bytes.subarray(0, 4), payload: bytes.subarray(4), line: `${line}\n` };
  });
  return { text, signatures };
}

export interface VerifiedSignature {
  readonly verifier: NoteVerifier;
  /** The cosignature's time (seconds since the epoch); undefined for a log signature. */
  readonly timestamp?: number;
  readonly line: string;
}

/**
 * The signatures of known keys that verify. Per c2sp.org/signed-note, signatures of unknown keys are
 * ignored, and one of a known key that fails rejects the whole note.
 */
export function verifyNoteSignatures(note: ParsedNote, verifiers: readonly NoteVerifier[]): VerifiedSignature[] {
  const verified: VerifiedSignature[] = [];
  for (const signature of note.signatures) {
    const verifier = verifiers.find((candidate) => candidate.name === signature.name && candidate.keyId.equals(signature.keyId));
    if (verifier === undefined) continue;
    const key = publicKeyObject(verifier.publicKey);
    if (verifier.kind === 'log') {
      if (signature.payload.length !== 64 || !verify(null, Buffer.from(note.text, 'utf8'), key, signature.payload)) {
        throw new SignedNoteError(`The signature of ${verifier.name} does not verify`);
      }
      verified.push({ verifier, line: signature.line });
    } else {
      if (signature.payload.length !== 72) throw new SignedNoteError(`The cosignature of ${verifier.name} is malformed`);
      const timestamp = Number(signature.payload.readBigUInt64BE(0));
      if (!verify(null, cosignedMessage(note.text, timestamp), key, signature.payload.subarray(8))) {
        throw new SignedNoteError(`The cosignature of ${verifier.name} does not verify`);
      }
      verified.push({ verifier, timestamp, line: signature.line });
    }
  }
  return verified;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Hash;
}

/** The checkpoint body: origin, decimal size, base64 root hash, each on its own line. */
export function checkpointText({ origin, size, rootHash }: Checkpoint): string {
  return `${origin}\n${size}\n${rootHash.toString('base64')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new SignedNoteError('A checkpoint is an origin, a size and a root hash, one per line');
  const [origin, size, root] = lines;
  if (origin.length === 0) throw new SignedNoteError('The checkpoint has no origin');
  if (!/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) throw new SignedNoteError('The checkpoint size is not a decimal number');
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) throw new SignedNoteError('The checkpoint root hash is not 32 bytes of base64');
  return { origin, size: Number(size), rootHash };
}

/** The checkpoint signed by the log: text, blank line, signature line. */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  const text = checkpointText(checkpoint);
  return `${text}\n${signatureLine(signer, text)}`;
}

export interface VerifiedCheckpoint extends Checkpoint {
  readonly note: ParsedNote;
  readonly signatures: readonly VerifiedSignature[];
}

/** Parses a signed checkpoint and requires a valid signature of the log's key (and of any cosigner given). */
export function openCheckpoint(note: string, logKey: NoteVerifier, cosigners: readonly NoteVerifier[] = []): VerifiedCheckpoint {
  const parsed = parseNote(note);
  const checkpoint = parseCheckpointText(parsed.text);
  if (checkpoint.origin !== logKey.name) throw new SignedNoteError(`The checkpoint's origin ${checkpoint.origin} is not the log's ${logKey.name}`);
  const signatures = verifyNoteSignatures(parsed, [logKey, ...cosigners]);
  if (!signatures.some((signature) => signature.verifier === logKey)) throw new SignedNoteError('The checkpoint carries no signature of the log key');
  return { ...checkpoint, note: parsed, signatures };
}
