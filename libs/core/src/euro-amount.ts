/**
 * Euro amounts as people type them, Italian style or English style: `50000`, `50.000`, `50.000,50`,
 * `50000,5`, `50,000.50`, `€ 50.000`. A single `.` or `,` followed by exactly three digits groups
 * thousands (a euro amount never has three decimals); followed by one or two digits it is the
 * decimal mark. With both marks, the last one is the decimal mark. Groups after the first have three digits.
 */

/** The largest amount kept: a safe integer of cents, far above any fine. */
export const MAX_EURO_CENTS = 100_000_000_000_000;

const CURRENCY = /€|\beur(?:o|os)?\b/gi;

/** Cents of the amount written, or null when it is not an amount of euro (negative amounts included). */
export function parseEuroAmount(input: string): number | null {
  const text = input.replace(CURRENCY, '').replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[0-9][0-9.,]*$/.test(text)) return null;
  const marks = [...text].filter((char) => char === '.' || char === ',');
  let whole = text;
  let fraction = '';
  const last = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  if (last !== -1) {
    const after = text.slice(last + 1);
    const distinct = new Set(marks).size;
    const lastIsDecimal = distinct === 2 || (marks.length === 1 && after.length !== 3);
    if (lastIsDecimal) {
      if (!/^[0-9]{1,2}$/.test(after)) return null;
      whole = text.slice(0, last);
      fraction = after;
    }
  }
  const groups = whole.split(/[.,]/);
  if (groups.length > 1) {
    // Thousands groups: one mark only, the first group 1-3 digits, every other exactly 3.
    if (new Set([...whole].filter((char) => char === '.' || char === ',')).size > 1) return null;
    if (!/^[0-9]{1,3}$/.test(groups[0]) || groups.slice(1).some((group) => !/^[0-9]{3}$/.test(group))) return null;
  }
  const digits = groups.join('');
  if (!/^[0-9]+$/.test(digits)) return null;
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) && cents <= MAX_EURO_CENTS ? cents : null;
}

const EURO_FORMATS = {
  it: new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', useGrouping: 'always' }),
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
} as const;

/** Cents as readers of the language write euro: `50.000,00 €`, or `€50,000.00`. */
export function formatEuroAmount(cents: number, language: 'it' | 'en'): string {
  return EURO_FORMATS[language].format(cents / 100);
}
