/**
 * Italian VAT numbers (Partita IVA): 11 digits, the last a check digit computed like Luhn's:
 * digits in odd positions are added as they are, digits in even positions are doubled (minus 9
 * when the double exceeds 9), and the check digit brings the total to a multiple of 10.
 */

/** What people paste: spaces, dots or dashes between groups, and often the `IT` country prefix. */
export function normalizeVatNumber(input: string): string {
  return input.trim().replace(/^IT/i, '').replace(/[\s.-]/g, '');
}

export function vatCheckDigit(firstTenDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let digit = firstTenDigits.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Why a (normalized) VAT number is not valid, or null when it is. */
export function vatNumberProblem(vatNumber: string): string | null {
  if (!/^[0-9]+$/.test(vatNumber)) return 'vatNumber must contain digits only (11 digits, optionally preceded by IT)';
  if (vatNumber.length !== 11) return `vatNumber must have exactly 11 digits, not ${vatNumber.length}`;
  if (/^0+$/.test(vatNumber)) return 'vatNumber cannot be all zeros';
  if (vatCheckDigit(vatNumber) !== vatNumber.charCodeAt(10) - 48) {
    return `vatNumber ${vatNumber} fails its check digit: one of the digits is probably mistyped`;
  }
  return null;
}
