import fc from 'fast-check';
import { createHash, createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { cadesDetachedSignature, SigningKey } from './cades-signature';
import { DER_TAG, derChildren, derOid, derSetOf, derTlv, readDerElement } from './der';
import { createDemoP12, signingKeyFromP12 } from './signing-key';

const at = (bytes: Buffer, element: { start: number; end: number }) => bytes.subarray(element.start, element.end);

describe('DER', () => {
  it('round-trips lengths of every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), (length) => {
        const encoded = derTlv(DER_TAG.octetString, Buffer.alloc(length, 7));
        const element = readDerElement(encoded, 0);
        expect(element.end).toBe(encoded.length);
        expect(element.end - element.valueStart).toBe(length);
      }),
    );
  });

  it('encodes object identifiers as X.690 says', () => {
    expect(derOid('1.2.840.113549.1.7.2').toString('hex')).toBe('06092a864886f70d010702');
    expect(derOid('2.16.840.1.101.3.4.2.1').toString('hex')).toBe('0609608648016503040201');
  });

  it('sorts the elements of a SET OF by their encoding', () => {
    const set = derSetOf(Buffer.from('0403030303', 'hex'), Buffer.from('040101', 'hex'));
    expect(set.toString('hex')).toBe('3108' + '040101' + '0403030303');
  });

  it('refuses an element that runs past the end', () => {
    expect(() => readDerElement(Buffer.from('0405aabb', 'hex'), 0)).toThrow(RangeError);
  });
});

describe('cadesDetachedSignature', () => {
  let rsaKey: SigningKey;

  beforeAll(() => {
    rsaKey = signingKeyFromP12(createDemoP12('pw', new Date('2026-11-24T00:00:00Z')), 'pw');
  });

  /** Unpacks ContentInfo > SignedData > SignerInfo the way a verifier does. */
  function unpack(cms: Buffer) {
    const contentInfo = readDerElement(cms, 0);
    const [contentType, explicitContent] = derChildren(cms, contentInfo);
    const [signedData] = derChildren(cms, explicitContent);
    const [version, digestAlgorithms, encapsulated, certificates, signerInfos] = derChildren(cms, signedData);
    const [signerInfo] = derChildren(cms, signerInfos);
    const [, sid, , signedAttributes, , signature] = derChildren(cms, signerInfo);
    const attributes = derChildren(cms, signedAttributes).map((attribute) => {
      const [type, values] = derChildren(cms, attribute);
      return { type: at(cms, type).toString('hex'), value: at(cms, derChildren(cms, values)[0]) };
    });
    return {
      contentType: at(cms, contentType),
      version: at(cms, version),
      digestAlgorithms: at(cms, digestAlgorithms),
      encapsulatedChildren: derChildren(cms, encapsulated).length,
      certificates: derChildren(cms, certificates).map((certificate) => at(cms, certificate)),
      sid: at(cms, sid),
      attributes,
      // The signature covers the attributes with their SET tag, not the [0] they are carried in.
      signedBytes: Buffer.concat([Buffer.from([DER_TAG.set]), at(cms, signedAttributes).subarray(1)]),
      signature: cms.subarray(signature.valueStart, signature.end),
    };
  }

  it('is a detached SignedData whose signature verifies over the signed attributes', () => {
    const content = Buffer.from('the PDF bytes outside the /Contents hole');
    const cms = unpack(cadesDetachedSignature(content, rsaKey));
    expect(cms.contentType).toEqual(derOid('1.2.840.113549.1.7.2'));
    expect(cms.encapsulatedChildren).toBe(1);
    expect(cms.certificates).toEqual(rsaKey.certificates);
    const publicKey = new X509Certificate(rsaKey.certificates[0]).publicKey;
    expect(verify('sha256', cms.signedBytes, publicKey, cms.signature)).toBe(true);
  });

  it('signs the content digest, the content type and the signer certificate (PAdES baseline B)', () => {
    const content = Buffer.from('some content');
    const { attributes } = unpack(cadesDetachedSignature(content, rsaKey));
    const byType = new Map(attributes.map((attribute) => [attribute.type, attribute.value]));
    expect(byType.get(derOid('1.2.840.113549.1.9.4').toString('hex'))).toEqual(derTlv(DER_TAG.octetString, createHash('sha256').update(content).digest()));
    expect(byType.get(derOid('1.2.840.113549.1.9.3').toString('hex'))).toEqual(derOid('1.2.840.113549.1.7.1'));
    const signingCertificate = byType.get(derOid('1.2.840.113549.1.9.16.2.47').toString('hex'));
    expect(signingCertificate?.includes(createHash('sha256').update(rsaKey.certificates[0]).digest())).toBe(true);
    // PAdES takes the signing time from the signature dictionary, never from a signed attribute.
    expect(byType.has(derOid('1.2.840.113549.1.9.5').toString('hex'))).toBe(false);
  });

  it('signs with an EC key as well', () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const cms = unpack(cadesDetachedSignature(Buffer.from('x'), { privateKey: keys.privateKey, certificates: rsaKey.certificates }));
    expect(verify('sha256', cms.signedBytes, createPublicKey(keys.privateKey), cms.signature)).toBe(true);
  });

  it('refuses a key without a certificate', () => {
    expect(() => cadesDetachedSignature(Buffer.from('x'), { privateKey: rsaKey.privateKey, certificates: [] })).toThrow(/no certificate/);
  });
});
