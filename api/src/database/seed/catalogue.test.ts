import { describe, expect, it } from '@jest/globals';
import { normalizeIsbn } from '../../books/isbn.js';
import { BARCODE_PATTERN } from '../../copies/barcode.js';
import { seedBarcode, seedBook, seedCatalogue, seedMemberEmail } from './catalogue.js';

describe('seed catalogue', () => {
  const catalogue = seedCatalogue(10_000);

  it('gives every book a valid, unique ISBN-13', () => {
    for (const book of catalogue) expect(normalizeIsbn(book.isbn)).toBe(book.isbn);
    expect(new Set(catalogue.map((book) => book.isbn)).size).toBe(catalogue.length);
  });

  it('is the same on every run', () => {
    expect(seedBook(4321)).toEqual(seedBook(4321));
    expect(seedCatalogue(3)).toEqual(catalogue.slice(0, 3));
  });

  it('varies titles and authors enough for search to be selective', () => {
    expect(new Set(catalogue.map((book) => book.title)).size).toBeGreaterThan(catalogue.length * 0.7);
    expect(new Set(catalogue.map((book) => book.author)).size).toBeGreaterThan(1000);
  });

  it('fits the schema: titles and authors within limits, 1-4 copies, barcodes a librarian could type', () => {
    for (const book of catalogue.slice(0, 500)) {
      expect(book.title.length).toBeLessThanOrEqual(500);
      expect(book.copies).toBeGreaterThanOrEqual(1);
      expect(book.copies).toBeLessThanOrEqual(4);
      expect(seedBarcode(book.isbn, book.copies - 1)).toMatch(BARCODE_PATTERN);
    }
    expect(seedMemberEmail(0)).toBe('member0001@library.local');
  });
});
