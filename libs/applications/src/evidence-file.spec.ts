import fc from 'fast-check';
import { detectEvidenceType, fileNameProblem, safeFileName } from './evidence-file';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(56), Buffer.from('This program cannot be run in DOS mode.')]);

describe('evidence file types, from the bytes', () => {
  it('recognises PDF, PNG, JPEG, CSV and plain text whatever the name says about other types', () => {
    expect(detectEvidenceType(PDF, 'verbale.pdf')).toEqual({ ok: true, kind: 'pdf' });
    expect(detectEvidenceType(PDF, 'no extension')).toEqual({ ok: true, kind: 'pdf' });
    expect(detectEvidenceType(PNG, 'screenshot.png')).toEqual({ ok: true, kind: 'png' });
    expect(detectEvidenceType(JPEG, 'scan.JPEG')).toEqual({ ok: true, kind: 'jpeg' });
    expect(detectEvidenceType(Buffer.from('numero;data\n06 1234567;2026-01-01\n'), 'elenco.csv')).toEqual({ ok: true, kind: 'csv' });
    expect(detectEvidenceType(Buffer.from('\uFEFFVerbale di formazione: 12 partecipanti, 8 ore.\n'), 'note.txt')).toEqual({ ok: true, kind: 'text' });
    expect(detectEvidenceType(Buffer.from('Attestato'), 'attestato.docx')).toEqual({ ok: true, kind: 'text' });
  });

  it('refuses executables, markup and files whose name claims another accepted type', () => {
    expect(detectEvidenceType(EXE, 'verbale.pdf')).toEqual({ ok: false, reason: 'The file is not a PDF, PNG, JPEG, CSV or plain-text file' });
    expect(detectEvidenceType(Buffer.from('  <!DOCTYPE html><html><script>alert(1)</script></html>'), 'verbale.pdf')).toEqual({
      ok: false,
      reason: 'HTML, XML and other markup files are not accepted: send a PDF instead',
    });
    expect(detectEvidenceType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.txt').ok).toBe(false);
    expect(detectEvidenceType(Buffer.from('just text'), 'verbale.pdf')).toEqual({ ok: false, reason: 'The file is named .pdf but its content is a plain-text file' });
    expect(detectEvidenceType(PNG, 'foto.jpg')).toEqual({ ok: false, reason: 'The file is named .jpg but its content is a PNG image' });
    expect(detectEvidenceType(Buffer.from([0xc3, 0x28]), 'x.txt').ok).toBe(false);
    expect(detectEvidenceType(Buffer.alloc(0), 'x.txt')).toEqual({ ok: false, reason: 'The file is empty' });
  });
});

describe('evidence file names', () => {
  it('refuses names that carry a path or control characters', () => {
    expect(fileNameProblem('Attestato GDPR 2026.pdf')).toBeNull();
    for (const name of ['../../etc/passwd', '..\\..\\boot.ini', 'C:\\Users\\x\\file.pdf', 'dir/file.pdf', '..']) {
      expect({ name, problem: fileNameProblem(name) }).toEqual({ name, problem: 'The file name must be a bare name, without a path' });
    }
    expect(fileNameProblem('a\u0000b.pdf')).toBe('The file name contains control characters');
    expect(fileNameProblem(`${'a'.repeat(252)}.pdf`)).toBe('The file name is longer than 255 characters');
  });

  it('keeps a readable name with the extension of the detected type', () => {
    expect(safeFileName('Attestato formazione GDPR 2026.pdf', 'pdf')).toBe('Attestato formazione GDPR 2026.pdf');
    expect(safeFileName('Verbale (firmato) – àèìòù.PDF', 'pdf')).toBe('Verbale (firmato)_àèìòù.pdf');
    expect(safeFileName('scan.jpeg', 'jpeg')).toBe('scan.jpg');
    expect(safeFileName('report', 'text')).toBe('report.txt');
  });

  it('never keeps a path, a control character or a hidden name', () => {
    expect(safeFileName('../../etc/passwd', 'text')).toBe('passwd.txt');
    expect(safeFileName('..\\..\\windows\\system32\\evil.exe', 'pdf')).toBe('evil.pdf');
    expect(safeFileName('a\u0000b\r\nc";.pdf', 'pdf')).toBe('a_b_c.pdf');
    expect(safeFileName('.htaccess', 'text')).toBe('htaccess.txt');
    expect(safeFileName('////', 'pdf')).toBe('evidence.pdf');
    expect(safeFileName('..', 'pdf')).toBe('evidence.pdf');
  });

  it('is always a plain name with the right extension', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const safe = safeFileName(name, 'pdf');
        expect(safe).toMatch(/^[\p{L}\p{N} ._()+-]{1,100}\.pdf$/u);
        expect(safe).not.toMatch(/[\\/]|\.\./);
      }),
    );
  });
});
