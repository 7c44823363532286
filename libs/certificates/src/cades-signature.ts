import { createHash, KeyObject, sign } from 'node:crypto';
import {
  certificateIssuerAndSerial,
  DER_TAG,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSetOf,
  derSmallInteger,
  derTlv,
} from './der';

/** A private key and its certificate chain (the signer's certificate first), ready to sign with node:crypto. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly certificates: readonly Buffer[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** The digest of the pieces one after the other, as if they were one buffer (a PDF's signed byte ranges). */
function sha256Digest(pieces: Buffer | readonly Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const piece of Buffer.isBuffer(pieces) ? [pieces] : pieces) hash.update(piece);
  return hash.digest();
}

const attribute = (type: string, value: Buffer): Buffer => derSequence(derOid(type), derSetOf(value));

function signatureAlgorithm(privateKey: KeyObject): Buffer {
  const type = privateKey.asymmetricKeyType;
  if (type === 'rsa') return derSequence(derOid(OID.rsaEncryption), derNull());
  if (type === 'ec') return derSequence(derOid(OID.ecdsaWithSha256));
  throw new Error(`Signing keys must be RSA or EC, not ${type}`);
}

/**
 * A detached CMS SignedData over `content` (one buffer, or pieces signed as if joined), shaped for PAdES baseline B (SubFilter ETSI.CAdES.detached):
 * SHA-256, and signed attributes content-type, message-digest and signing-certificate-v2. The signing
 * time is not a signed attribute: PAdES takes it from the signature dictionary's /M entry.
 */
export function cadesDetachedSignature(content: Buffer | readonly Buffer[], key: SigningKey): Buffer {
  const [signerCertificate] = key.certificates;
  if (signerCertificate === undefined) throw new Error('The signing key has no certificate');
  const { issuer, serialNumber } = certificateIssuerAndSerial(signerCertificate);
  // RFC 5754: the SHA-2 AlgorithmIdentifier has no parameters.
  const sha256Algorithm = derSequence(derOid(OID.sha256));
  const essCertIdV2 = derSequence(
    derOctetString(sha256Digest(signerCertificate)),
    derSequence(derSequence(derTlv(DER_TAG.contextConstructed4, issuer)), serialNumber),
  );
  const signedAttributes = derSetOf(
    attribute(OID.contentType, derOid(OID.data)),
    attribute(OID.messageDigest, derOctetString(sha256Digest(content))),
    attribute(OID.signingCertificateV2, derSequence(derSequence(essCertIdV2))),
  );
  // The signature covers the attributes encoded as a SET; the SignerInfo carries them as [0] IMPLICIT.
  const signature = sign('sha256', signedAttributes, key.privateKey);
  const signerInfo = derSequence(
    derSmallInteger(1),
    derSequence(issuer, serialNumber),
    sha256Algorithm,
    Buffer.concat([Buffer.from([DER_TAG.contextConstructed0]), signedAttributes.subarray(1)]),
    signatureAlgorithm(key.privateKey),
    derOctetString(signature),
  );
  const signedData = derSequence(
    derSmallInteger(1),
    derSetOf(sha256Algorithm),
    derSequence(derOid(OID.data)),
    derTlv(DER_TAG.contextConstructed0, ...key.certificates),
    derSetOf(signerInfo),
  );
  return derSequence(derOid(OID.signedData), derTlv(DER_TAG.contextConstructed0, signedData));
}
