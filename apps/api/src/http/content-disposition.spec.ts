import { attachmentDisposition } from './content-disposition';

describe('attachment file names', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('Verbale (firmato) àèì.pdf')).toBe(
      `attachment; filename="Verbale (firmato) aei.pdf"; filename*=UTF-8''Verbale%20%28firmato%29%20%C3%A0%C3%A8%C3%AC.pdf`,
    );
  });

  it('cannot be broken out of by quotes or line breaks', () => {
    const header = attachmentDisposition('a"b\\c\r\nSet-Cookie: x.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"')).toHaveLength(3);
  });
});
