import { randomInt } from 'node:crypto';

/** Crockford's base-32 alphabet: no I, L, O or U, so barcodes survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_LENGTH = 10;

/** Barcodes a librarian may give: letters, digits, dots, dashes and underscores, starting with a letter or digit. */
export const BARCODE_MAX_LENGTH = 64;
/** The pattern without anchors, as the request schema states it. */
export const BARCODE_BODY = `[A-Za-z0-9][A-Za-z0-9._-]{0,${BARCODE_MAX_LENGTH - 1}}`;
export const BARCODE_PATTERN = new RegExp(`^${BARCODE_BODY}$`);

/** A random barcode (`LMS-` and 50 random bits), for copies added without one. */
export function generateBarcode(): string {
  let code = '';
  for (let index = 0; index < RANDOM_LENGTH; index++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `LMS-${code}`;
}
