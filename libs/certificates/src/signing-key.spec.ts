import { X509Certificate } from 'node:crypto';
import { SigningKeyError } from './certificates.errors';
import { createDemoP12, signerCommonName, signingKeyFromP12 } from './signing-key';

describe('signing keys from PKCS#12', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  let demo: Buffer;

  beforeAll(() => {
    demo = createDemoP12('segreto', now);
  });

  it('creates a self-signed demo certificate for its key, valid for ten years', () => {
    const key = signingKeyFromP12(demo, 'segreto');
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
    expect(key.certificates).toHaveLength(1);
    const certificate = new X509Certificate(key.certificates[0]);
    expect(certificate.subject).toBe(certificate.issuer);
    expect(certificate.ca).toBe(false);
    expect(new Date(certificate.validTo).getUTCFullYear()).toBe(2036);
    expect(certificate.checkPrivateKey(key.privateKey)).toBe(true);
    expect(signerCommonName(key)).toBe('Azienda Qualificata - firma degli attestati (demo)');
  });

  it('names a wrong password', () => {
    expect(() => signingKeyFromP12(demo, 'sbagliata')).toThrow(SigningKeyError);
    expect(() => signingKeyFromP12(demo, 'sbagliata')).toThrow(/wrong password/);
  });

  it('refuses bytes that are not PKCS#12', () => {
    expect(() => signingKeyFromP12(Buffer.from('%PDF-1.7'), '')).toThrow(SigningKeyError);
  });
});
