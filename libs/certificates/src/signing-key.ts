import { DAY_MS } from '@app/core';
import forge from 'node-forge';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import type { SigningKey } from './cades-signature';
import { SigningKeyError } from './certificates.errors';
import { errorMessage } from './error-facts';

const derBytes = (node: forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');

function bagsOfType(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

/**
 * Opens a PKCS#12 file once, so that every signature afterwards is a node:crypto call (node-forge
 * only reads the container: its own RSA is about 20x slower, and `P12Signer` re-parses per PDF).
 */
export function signingKeyFromP12(p12Bytes: Buffer, password: string): SigningKey {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12Bytes.toString('binary')), false, password);
  } catch (error) {
    throw new SigningKeyError(`Cannot open the PKCS#12 file (wrong password or not a PKCS#12 file): ${errorMessage(error)}`, { cause: error });
  }
  const { oids } = forge.pki;
  const [keyBag] = [...bagsOfType(p12, oids.pkcs8ShroudedKeyBag), ...bagsOfType(p12, oids.keyBag)];
  if (keyBag === undefined) throw new SigningKeyError('The PKCS#12 file holds no private key');
  // node-forge decodes RSA keys itself and leaves any other key type (EC) as its PrivateKeyInfo.
  const privateKeyInfo = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  const privateKey = createPrivateKey({ key: derBytes(privateKeyInfo), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'rsa' && privateKey.asymmetricKeyType !== 'ec') {
    throw new SigningKeyError(`The PKCS#12 key is ${privateKey.asymmetricKeyType}: certificates are signed with RSA or EC keys`);
  }
  const certificates = bagsOfType(p12, oids.certBag).map((bag) => derBytes(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1));
  const publicKey = createPublicKey(privateKey);
  const signerCertificate = certificates.find((der) => new X509Certificate(der).publicKey.equals(publicKey));
  if (signerCertificate === undefined) throw new SigningKeyError('The PKCS#12 file holds no certificate for its private key');
  return { privateKey, certificates: [signerCertificate, ...certificates.filter((der) => der !== signerCertificate)] };
}

const DEMO_SUBJECT = [
  { name: 'commonName', value: 'Azienda Qualificata - firma degli attestati (demo)' },
  { name: 'organizationName', value: 'Azienda Qualificata (demo)' },
  { name: 'countryName', value: 'IT' },
];
const DEMO_VALIDITY_YEARS = 10;

/** A self-signed RSA key and certificate as a PKCS#12 file, for installations without a real signing key. */
export function createDemoP12(password: string, now: Date): Buffer {
  const keys = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const privateKey = forge.pki.privateKeyFromPem(keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive 128-bit serial: the leading 0x01 keeps the top bit clear.
  certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = new Date(now.getTime() - DAY_MS);
  certificate.validity.notAfter = new Date(now.getTime());
  certificate.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + DEMO_VALIDITY_YEARS);
  certificate.setSubject(DEMO_SUBJECT);
  certificate.setIssuer(DEMO_SUBJECT);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(privateKey, [certificate], password, { algorithm: 'aes256', friendlyName: 'Azienda Qualificata demo' });
  return derBytes(p12);
}

/** The certificate's common name, shown as the signer's name in PDF readers. */
export function signerCommonName(key: SigningKey): string | undefined {
  const subject = new X509Certificate(key.certificates[0]).subject;
  return /^CN=(.+)$/m.exec(subject)?.[1];
}
