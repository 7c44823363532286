import { appendSignaturePlaceholder, dictionaryEntries, insertSignature, pdfTextString, SignaturePlaceholder, UnsupportedPdfError } from './pdf-incremental-signature';

/** A PDF with a classic cross-reference table, as Chromium writes them: objects in order, offsets computed. */
function handmadePdf(objects: string[], trailerExtra = ''): Buffer {
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<</Size ${objects.length + 1}\n/Root 2 0 R\n/Info 1 0 R${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const chromiumLike = (page = '<</Type /Page\n/MediaBox [0 0 595 842]\n/Parent 3 0 R>>', extra: string[] = []) =>
  handmadePdf([
    '<</Title <FEFF0041201400420029>\n/Creator (Mozilla/5.0 \\(X11\\) HeadlessChrome)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261124120000+00\'00\')>>',
    '<</Type /Catalog\n/Pages 3 0 R\n/MarkInfo <</Type /MarkInfo\n/Marked true>>\n/Lang (it)>>',
    '<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>',
    page,
    ...extra,
  ]);

const placeholder: SignaturePlaceholder = {
  reason: 'Attestato (prova)',
  contactInfo: 'https://www.aziendaqualificata.example',
  name: 'Firma è demo',
  location: 'Italia',
  signingTime: new Date('2026-11-24T12:34:56Z'),
  subFilter: 'ETSI.CAdES.detached',
  signatureBytes: 64,
  authoringApplication: 'Azienda Qualificata',
};

/** The newest version of an object: the last `N 0 obj … endobj` in the file. */
function lastObject(pdf: Buffer, number: number): string {
  const text = pdf.toString('latin1');
  const start = text.lastIndexOf(`\n${number} 0 obj\n`);
  return text.slice(start + 1, text.indexOf('endobj', start));
}

describe('appendSignaturePlaceholder', () => {
  it('leaves the original bytes as they are and appends the update after them', () => {
    const original = chromiumLike();
    const { pdf } = appendSignaturePlaceholder(original, placeholder);
    expect(pdf.subarray(0, original.length).equals(original)).toBe(true);
    expect(pdf.toString('latin1')).toMatch(/trailer\n<<\/Size 8\n\/Root 2 0 R\n\/Info 1 0 R\n\/Prev \d+>>\nstartxref\n\d+\n%%EOF\n$/);
  });

  it('writes a cross-reference section whose every offset points at its object', () => {
    const { pdf } = appendSignaturePlaceholder(chromiumLike(), placeholder);
    const text = pdf.toString('latin1');
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    const section = text.slice(xrefAt, text.indexOf('trailer', xrefAt));
    expect(section.startsWith('xref\n')).toBe(true);
    const checked: number[] = [];
    for (const [, first, count, rest] of section.matchAll(/(\d+) (\d+)\n((?:\d{10} \d{5} n\r\n)+)/g)) {
      rest.match(/\d{10}/g)!.forEach((offset, index) => {
        const number = Number(first) + index;
        expect(text.startsWith(`${number} 0 obj\n`, Number(offset))).toBe(true);
        checked.push(number);
      });
      expect(rest.length).toBe(Number(count) * 20);
    }
    expect(checked.sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it('signs every byte but the signature: the byte range spans the file around /Contents', () => {
    const prepared = appendSignaturePlaceholder(chromiumLike(), placeholder);
    const text = prepared.pdf.toString('latin1');
    const [, a, b, c, d] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\] *\n/.exec(text)!.map(Number);
    expect(a).toBe(0);
    expect(text[b]).toBe('<');
    expect(text[c - 1]).toBe('>');
    expect(c - b).toBe(2 * placeholder.signatureBytes + 2);
    expect(c + d).toBe(prepared.pdf.length);
    expect(Buffer.concat(prepared.signedRanges).equals(Buffer.concat([prepared.pdf.subarray(0, b), prepared.pdf.subarray(c)]))).toBe(true);
  });

  it('adds an invisible, locked signature field on the first page and a form listing it', () => {
    const { pdf } = appendSignaturePlaceholder(chromiumLike(), placeholder);
    expect(lastObject(pdf, 2)).toContain('/Lang (it)\n/AcroForm 7 0 R>>');
    expect(lastObject(pdf, 4)).toContain('/Annots [6 0 R]>>');
    expect(lastObject(pdf, 6)).toContain('/FT /Sig\n/T (Signature1)\n/V 5 0 R\n/Rect [0 0 0 0]\n/F 132\n/P 4 0 R');
    expect(lastObject(pdf, 7)).toContain('/Fields [6 0 R]\n/SigFlags 3');
    const signature = lastObject(pdf, 5);
    expect(signature).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(signature).toContain("/M (D:20261124123456+00'00')");
    expect(signature).toContain('/Reason (Attestato \\(prova\\))');
    expect(signature).toContain(`/Name ${pdfTextString('Firma è demo')}`);
  });

  it('names the platform as Creator and Producer, keeping the title and dates', () => {
    const { pdf } = appendSignaturePlaceholder(chromiumLike(), placeholder);
    const info = new Map(dictionaryEntries(lastObject(pdf, 1).replace(/^1 0 obj\n/, '').trim()));
    expect(info).toEqual(
      new Map([
        ['/Title', '<FEFF0041201400420029>'],
        ['/CreationDate', "(D:20261124120000+00'00')"],
        ['/Creator', '(Azienda Qualificata)'],
        ['/Producer', '(Azienda Qualificata)'],
      ]),
    );
  });

  it('adds the field to annotations the page already has, inline or in an array object of their own', () => {
    const inline = appendSignaturePlaceholder(chromiumLike('<</Type /Page\n/Annots [9 0 R 10 0 R]\n/Parent 3 0 R>>'), placeholder);
    expect(lastObject(inline.pdf, 4)).toContain('/Annots [9 0 R 10 0 R 6 0 R]');
    const indirect = appendSignaturePlaceholder(chromiumLike('<</Type /Page\n/Annots 5 0 R\n/Parent 3 0 R>>', ['[9 0 R]']), placeholder);
    expect(lastObject(indirect.pdf, 5)).toBe('5 0 obj\n[9 0 R 7 0 R]\n');
    expect(lastObject(indirect.pdf, 4)).toContain('/Annots 5 0 R');
  });

  it('refuses what it cannot update safely rather than guessing', () => {
    const withForm = handmadePdf(['<<>>', '<</Type /Catalog /Pages 3 0 R /AcroForm <</Fields []>>>>', '<</Type /Pages /Kids [4 0 R]>>', '<</Type /Page>>']);
    expect(() => appendSignaturePlaceholder(withForm, placeholder)).toThrow(/already has a form/);
    expect(() => appendSignaturePlaceholder(handmadePdf(['<<>>', '<</Type /Catalog /Pages 3 0 R>>', '<<>>', '<<>>'], '\n/Encrypt 9 0 R'), placeholder)).toThrow(
      /Encrypted/,
    );
    const xrefStream = Buffer.from('%PDF-1.5\n1 0 obj\n<</Type /XRef>>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n', 'latin1');
    expect(() => appendSignaturePlaceholder(xrefStream, placeholder)).toThrow(UnsupportedPdfError);
    expect(() => appendSignaturePlaceholder(Buffer.from('not a pdf'), placeholder)).toThrow(/startxref/);
  });
});

describe('insertSignature', () => {
  it('writes the signature as hex into /Contents, zero-padded, and refuses one that does not fit', () => {
    const prepared = appendSignaturePlaceholder(chromiumLike(), placeholder);
    const signed = insertSignature(prepared, Buffer.from([0xab, 0xcd]));
    expect(signed.toString('latin1')).toContain(`/Contents <abcd${'0'.repeat(2 * placeholder.signatureBytes - 4)}>`);
    expect(() => insertSignature(appendSignaturePlaceholder(chromiumLike(), placeholder), Buffer.alloc(placeholder.signatureBytes + 1))).toThrow(/room for 64/);
  });
});

describe('pdfTextString and dictionaryEntries', () => {
  it('escapes literal strings and writes other text as UTF-16BE with a byte order mark', () => {
    expect(pdfTextString('a (b) \\ c')).toBe('(a \\(b\\) \\\\ c)');
    expect(pdfTextString('è')).toBe('<FEFF00E8>');
  });

  it('reads nested dictionaries, arrays, references and strings holding delimiters as single values', () => {
    expect(dictionaryEntries('<</A <</B [1 0 R (x>>)]>>\n/C 12 0 R/D<ABCD>/E (a\\)b)>>')).toEqual([
      ['/A', '<</B [1 0 R (x>>)]>>'],
      ['/C', '12 0 R'],
      ['/D', '<ABCD>'],
      ['/E', '(a\\)b)'],
    ]);
  });
});
