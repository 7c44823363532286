import { StringDecoder } from 'node:string_decoder';

/** One line of a number list: the text of its first column, or why it has none. */
export type NumberListLine =
  | { readonly line: number; readonly written: string; readonly problem?: undefined }
  | { readonly line: number; readonly written: string; readonly problem: string };

const DELIMITERS = new Set([',', ';', '\t']);

/**
 * The first column of one CSV line, quoted or not, with `,`, `;` or tab as delimiter. A phone
 * number never spans lines, so a quote left open at the end of the line is an error here.
 */
export function firstCsvField(text: string): { readonly value: string } | { readonly problem: string } {
  const line = text.trimStart();
  if (!line.startsWith('"')) {
    let end = 0;
    while (end < line.length && !DELIMITERS.has(line[end])) end++;
    return { value: line.slice(0, end).trim() };
  }
  let value = '';
  let i = 1;
  for (;;) {
    const quote = line.indexOf('"', i);
    if (quote === -1) return { problem: 'a quote is opened but never closed' };
    value += line.slice(i, quote);
    if (line[quote + 1] === '"') {
      value += '"';
      i = quote + 2;
      continue;
    }
    const rest = line.slice(quote + 1).trimStart();
    if (rest !== '' && !DELIMITERS.has(rest[0])) return { problem: 'text follows the closing quote' };
    return { value: value.trim() };
  }
}

/**
 * Reads a CSV list of phone numbers chunk by chunk: one number per line in the first column,
 * other columns ignored, blank lines skipped, and a first line without any digit taken as a
 * header. Line numbers are those an editor shows. Fed chunks as they arrive, so a file of a
 * million lines never needs to be held as one string.
 */
export class NumberListReader {
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private lineNumber = 0;
  private seenContent = false;

  push(chunk: Buffer | string): NumberListLine[] {
    const text = this.carry + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak === -1) {
      this.carry = text;
      return [];
    }
    this.carry = text.slice(lastBreak + 1);
    return this.readLines(text.slice(0, lastBreak).split('\n'));
  }

  end(): NumberListLine[] {
    const rest = this.carry + this.decoder.end();
    this.carry = '';
    return rest === '' ? [] : this.readLines([rest]);
  }

  private readLines(lines: string[]): NumberListLine[] {
    const result: NumberListLine[] = [];
    for (const raw of lines) {
      this.lineNumber++;
      let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (this.lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === '') continue;
      const field = firstCsvField(text);
      const isFirstContent = !this.seenContent;
      this.seenContent = true;
      if ('problem' in field) {
        result.push({ line: this.lineNumber, written: text.slice(0, 60), problem: field.problem });
      } else if (isFirstContent && !/[0-9]/.test(field.value)) {
        continue;
      } else if (field.value === '') {
        result.push({ line: this.lineNumber, written: text.slice(0, 60), problem: 'the first column is empty' });
      } else {
        result.push({ line: this.lineNumber, written: field.value });
      }
    }
    return result;
  }
}
