import { describe, expect, it } from '@jest/globals';
import { BARCODE_PATTERN, generateBarcode } from './barcode.js';

describe('generateBarcode', () => {
  it('produces barcodes a librarian could also have typed', () => {
    for (let index = 0; index < 100; index++) expect(generateBarcode()).toMatch(BARCODE_PATTERN);
  });

  it('does not repeat itself across a thousand copies', () => {
    const barcodes = new Set(Array.from({ length: 1000 }, generateBarcode));
    expect(barcodes.size).toBe(1000);
  });
});
