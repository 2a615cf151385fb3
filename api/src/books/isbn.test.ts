import { describe, expect, it } from '@jest/globals';
import { isbn13CheckDigit, looksLikeIsbn, normalizeIsbn } from './isbn.js';

describe('normalizeIsbn', () => {
  it('keeps a valid ISBN-13 as its 13 digits, without separators', () => {
    expect(normalizeIsbn('978-0-306-40615-7')).toBe('9780306406157');
    expect(normalizeIsbn('979 10 90636 07 1')).toBe('9791090636071');
  });

  it('converts a valid ISBN-10 to the ISBN-13 of the same book', () => {
    expect(normalizeIsbn('0-306-40615-2')).toBe('9780306406157');
    expect(normalizeIsbn('0306406152')).toBe('9780306406157');
  });

  it('accepts X (either case) as the ISBN-10 check digit', () => {
    expect(normalizeIsbn('0-8044-2957-X')).toBe('9780804429573');
    expect(normalizeIsbn('080442957x')).toBe('9780804429573');
  });

  it('rejects a wrong check digit in either form', () => {
    expect(normalizeIsbn('978-0-306-40615-8')).toBeNull();
    expect(normalizeIsbn('0-306-40615-3')).toBeNull();
  });

  it('rejects a 13-digit number outside the 978/979 prefixes even with a matching check digit', () => {
    const first12 = '123456789012';
    expect(normalizeIsbn(first12 + isbn13CheckDigit(first12))).toBeNull();
  });

  it('rejects wrong lengths, letters and an X anywhere but the ISBN-10 check position', () => {
    for (const input of ['', '12345', '97803064061570', 'X306406152', '978030640615X', 'abcdefghij', '0-306-4O615-2']) {
      expect(normalizeIsbn(input)).toBeNull();
    }
  });

  it('computes the ISBN-13 check digit with weights 1 and 3', () => {
    expect(isbn13CheckDigit('978030640615')).toBe('7');
    expect(isbn13CheckDigit('978080442957')).toBe('3');
  });
});

describe('looksLikeIsbn', () => {
  it('recognizes ISBN-shaped search text and ignores words and short numbers', () => {
    expect(looksLikeIsbn('978-0-306-40615-7')).toBe(true);
    expect(looksLikeIsbn('080442957X')).toBe(true);
    expect(looksLikeIsbn('1984')).toBe(false);
    expect(looksLikeIsbn('dune 1965')).toBe(false);
  });
});
