import fc from 'fast-check';
import { looksLikePdf, sha256 } from './certificate-bytes';

describe('sha256', () => {
  it('is the lowercase hex digest', () => {
    expect(sha256(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('looksLikePdf', () => {
  const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`);

  it('accepts a header at the start and a trailer at the end', () => {
    expect(looksLikePdf(pdf('1 0 obj << >> endobj'))).toBe(true);
  });

  it('tolerates a little garbage before the header and whitespace after the trailer', () => {
    expect(looksLikePdf(Buffer.concat([Buffer.from('\r\n\ufeff'), pdf('x'), Buffer.from('\n\n  ')]))).toBe(true);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['only a header', Buffer.from('%PDF-')],
    ['no trailer', Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n')],
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['HTML', Buffer.from('<html><body>%PDF-1.7 %%EOF</body></html>'.padStart(2000, ' '))],
  ])('refuses %s', (_, bytes) => {
    expect(looksLikePdf(bytes)).toBe(false);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => typeof looksLikePdf(Buffer.from(bytes)) === 'boolean'));
  });
});
