import { createPublicKey, randomBytes } from 'node:crypto';
import { FeedFormatError, NumberDirectory } from './feed-client';
import { ed25519KeyFromSeed, FeedSignatureError, feedKeyId, signedDocument, verifiedBody } from './feed-signature';

const snapshot = (cursor: string, firms: object[]) =>
  Buffer.from([{ feed: 'calling-numbers', type: 'snapshot', cursor, firms: firms.length, numbers: firms.reduce((n: number, f) => n + (f as { numbers: string[] }).numbers.length, 0) }, ...firms].map((line) => `${JSON.stringify(line)}\n`).join(''));
const delta = (since: string, cursor: string, changes: object[]) =>
  Buffer.from([{ feed: 'calling-numbers', type: 'delta', since, cursor, changes: changes.length, more: false }, ...changes].map((line) => `${JSON.stringify(line)}\n`).join(''));

describe('feed signatures (Ed25519 over the exact bytes)', () => {
  const privateKey = ed25519KeyFromSeed(randomBytes(32));
  const publicKey = createPublicKey(privateKey);
  const body = snapshot('7', [{ vat: '01234567890', name: 'Uno', status: 'active', qualified: true, numbers: ['+390612345678'] }]);

  it('verifies a signed document and returns its body', () => {
    expect(verifiedBody(signedDocument(body, privateKey, feedKeyId(publicKey)), publicKey).equals(body)).toBe(true);
  });

  it('refuses a changed byte, another key, and a missing signature line', () => {
    const signed = signedDocument(body, privateKey, feedKeyId(publicKey));
    const changed = Buffer.from(signed);
    changed[20] ^= 1;
    expect(() => verifiedBody(changed, publicKey)).toThrow(FeedSignatureError);
    const otherKey = createPublicKey(ed25519KeyFromSeed(randomBytes(32)));
    expect(() => verifiedBody(signed, otherKey)).toThrow(/not by the key you trust/);
    expect(() => verifiedBody(body, publicKey)).toThrow(FeedSignatureError);
  });
});

describe('NumberDirectory (the reference client\'s local copy)', () => {
  const firm = { vat: '01234567890', name: 'Uno S.r.l.', status: 'active', qualified: true, numbers: ['+390611111111', '+390622222222'] };

  it('applies added, retired and changed lines in order, a moved number following its new firm', () => {
    const directory = NumberDirectory.fromSnapshot(snapshot('10', [firm]));
    directory.applyDelta(
      delta('10', '13', [
        { seq: '11', change: 'retired', e164: '+390622222222', vat: '01234567890', name: 'Uno S.r.l.', status: 'active', qualified: true },
        { seq: '12', change: 'added', e164: '+390622222222', vat: '09876543210', name: 'Due S.p.A.', status: 'active', qualified: true },
        { seq: '13', change: 'changed', e164: '+390611111111', vat: '01234567890', name: 'Uno S.r.l.', status: 'revoked', qualified: false },
      ]),
    );
    expect(directory.cursor).toBe('13');
    expect(directory.lookup('+390622222222')?.name).toBe('Due S.p.A.');
    expect(directory.lookup('+390611111111')).toMatchObject({ status: 'revoked', qualified: false });
    expect(NumberDirectory.fromSnapshot(Buffer.from(directory.serialize())).lookup('+390622222222')?.vat).toBe('09876543210');
  });

  it('refuses a delta that does not start at its cursor', () => {
    const directory = NumberDirectory.fromSnapshot(snapshot('10', [firm]));
    expect(() => directory.applyDelta(delta('9', '12', []))).toThrow(FeedFormatError);
  });
});
