import { describe, expect, it } from '@jest/globals';
import { isCardNumber, luhnCheckDigit } from './card-number.js';

describe('card numbers', () => {
  it('computes the Luhn check digit of the textbook example', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('accepts a 14-digit number with a matching check digit', () => {
    const payload = '2000000000001';
    expect(isCardNumber(`${payload}${luhnCheckDigit(payload)}`)).toBe(true);
  });

  it('refuses any single mistyped digit', () => {
    const payload = '2000000004217';
    const card = `${payload}${luhnCheckDigit(payload)}`;
    for (let index = 0; index < card.length; index++) {
      const digit = Number(card[index]);
      const typo = `${card.slice(0, index)}${(digit + 1) % 10}${card.slice(index + 1)}`;
      expect({ typo, valid: isCardNumber(typo) }).toEqual({ typo, valid: false });
    }
  });

  it('refuses other lengths, letters and non-strings', () => {
    for (const value of ['2000000000001', '200000000000018', '2000000000001A', 20000000000018, null]) {
      expect(isCardNumber(value)).toBe(false);
    }
  });
});
