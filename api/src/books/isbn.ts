/** The longest text read as an ISBN (13 digits with generous separators). */
export const ISBN_INPUT_MAX_LENGTH = 32;

/** Separators people write inside ISBNs; they carry no meaning. */
const SEPARATORS = /[\s-]/g;

/** The ISBN-13 check digit of its first 12 digits: weights alternate 1 and 3, modulo 10. */
export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let index = 0; index < 12; index++) sum += Number(first12[index]) * (index % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isValidIsbn10(digits: string): boolean {
  if (!/^\d{9}[\dX]$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 10; index++) {
    const value = digits[index] === 'X' ? 10 : Number(digits[index]);
    sum += value * (10 - index);
  }
  return sum % 11 === 0;
}

function isValidIsbn13(digits: string): boolean {
  return /^97[89]\d{10}$/.test(digits) && isbn13CheckDigit(digits) === digits[12];
}

/**
 * An ISBN-10 or ISBN-13 (hyphens and spaces allowed, a lower-case x accepted as the ISBN-10 check
 * digit), checked by its checksum and returned as 13 digits; `null` when it is not a valid ISBN.
 */
export function normalizeIsbn(input: string): string | null {
  if (input.length > ISBN_INPUT_MAX_LENGTH) return null;
  const digits = input.replace(SEPARATORS, '').toUpperCase();
  if (isValidIsbn13(digits)) return digits;
  if (isValidIsbn10(digits)) {
    const first12 = `978${digits.slice(0, 9)}`;
    return first12 + isbn13CheckDigit(first12);
  }
  return null;
}

/** Text that looks like someone typing an ISBN (digits, hyphens, spaces, a final X), at least 10 digits long. */
export function looksLikeIsbn(text: string): boolean {
  return /^[\d\s-]+[\dXx]?$/.test(text.trim()) && text.replace(/[^\dXx]/g, '').length >= 10;
}
