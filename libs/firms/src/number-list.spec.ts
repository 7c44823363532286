import fc from 'fast-check';
import { firstCsvField, NumberListLine, NumberListReader } from './number-list';

const readAll = (chunks: (string | Buffer)[]): NumberListLine[] => {
  const reader = new NumberListReader();
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.end()];
};

describe('reading a CSV list of numbers', () => {
  it('takes the first column, quoted or not, with any common delimiter', () => {
    expect(firstCsvField('06 1234567')).toEqual({ value: '06 1234567' });
    expect(firstCsvField('06 1234567;sede di Roma')).toEqual({ value: '06 1234567' });
    expect(firstCsvField('  +39 347 1234567 ,x')).toEqual({ value: '+39 347 1234567' });
    expect(firstCsvField('0039061234567\tinbound')).toEqual({ value: '0039061234567' });
    expect(firstCsvField('"+39 06, 1234567",note')).toEqual({ value: '+39 06, 1234567' });
    expect(firstCsvField('"say ""hi""" ; x')).toEqual({ value: 'say "hi"' });
    expect(firstCsvField('"06 1234567')).toEqual({ problem: 'a quote is opened but never closed' });
    expect(firstCsvField('"06" 1234567')).toEqual({ problem: 'text follows the closing quote' });
  });

  it('numbers lines as an editor does, skipping blank lines, a header and the BOM', () => {
    const lines = readAll(['\ufeffnumero;note\r\n06 1234567;Roma\r\n\r\n  \n"347 1234567"\n;orphan note\n+44 20 7946 0958']);
    expect(lines).toEqual([
      { line: 2, written: '06 1234567' },
      { line: 5, written: '347 1234567' },
      { line: 6, written: ';orphan note', problem: 'the first column is empty' },
      { line: 7, written: '+44 20 7946 0958' },
    ]);
  });

  it('keeps a first line that holds a number', () => {
    expect(readAll(['06 1234567\n'])).toEqual([{ line: 1, written: '06 1234567' }]);
  });

  it('gives the same lines however the bytes are split, even inside a UTF-8 character', () => {
    const text = 'numero\n06 1234567\nnumerò sbagliato\n"347 1234567";x\n';
    const bytes = Buffer.from(text, 'utf8');
    const whole = readAll([bytes]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(readAll(chunks)).toEqual(whole);
      }),
    );
    expect(whole.map((line) => line.written)).toEqual(['06 1234567', 'numerò sbagliato', '347 1234567']);
  });
});
