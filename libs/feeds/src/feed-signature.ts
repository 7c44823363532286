import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** The DER header of a PKCS#8 Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from its 32-byte seed, as FEED_SIGNING_KEY holds it (64 hex digits). */
export function ed25519KeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new Error('An Ed25519 seed has 32 bytes');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** A short name of a public key: the first 16 hex digits of the SHA-256 of its SPKI encoding. */
export function feedKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** The last line of every snapshot and delta: the signature of every byte before it. */
export interface SignatureLine {
  readonly signature: string;
  readonly algorithm: 'ed25519';
  readonly keyId: string;
}

/** Appends the signature line over the exact bytes of `body` (NDJSON, each line ending in a line feed). */
export function signedDocument(body: Buffer, privateKey: KeyObject, keyId: string): Buffer {
  const line: SignatureLine = { signature: sign(null, body, privateKey).toString('base64'), algorithm: 'ed25519', keyId };
  return Buffer.concat([body, Buffer.from(`${JSON.stringify(line)}\n`)]);
}

export class FeedSignatureError extends Error {}

/**
 * Checks a signed document against a public key and returns its signed body (every line before the
 * signature line). Throws FeedSignatureError when the last line is not a signature, names another key,
 * or does not verify: a client never uses such bytes, wherever they came from.
 */
export function verifiedBody(document: Buffer, publicKey: KeyObject): Buffer {
  const end = document.length > 0 && document[document.length - 1] === 0x0a ? document.length - 1 : document.length;
  const start = document.lastIndexOf(0x0a, end - 1) + 1;
  let line: Partial<SignatureLine>;
  try {
    line = JSON.parse(document.subarray(start, end).toString('utf8')) as Partial<SignatureLine>;
  } catch {
    throw new FeedSignatureError('The document does not end with a signature line');
  }
  if (line.algorithm !== 'ed25519' || typeof line.signature !== 'string') throw new FeedSignatureError('The document does not end with an Ed25519 signature line');
  if (line.keyId !== feedKeyId(publicKey)) throw new FeedSignatureError(`The document is signed by key ${String(line.keyId)}, not by the key you trust (${feedKeyId(publicKey)})`);
  const body = document.subarray(0, start);
  if (!verify(null, body, publicKey, Buffer.from(line.signature, 'base64'))) throw new FeedSignatureError('The signature does not match the document: it was changed or damaged');
  return body;
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new FeedSignatureError('The feed key must be an Ed25519 public key');
  return key;
}
