/**
 * Library card numbers, as the database generates them (`next_card_number()`): 14 digits, `2` (a
 * patron), a 12-digit sequence number and a Luhn check digit.
 */
export const CARD_NUMBER_PATTERN = /^[0-9]{14}$/;

/** The Luhn check digit of `payload` (digits only): from the right, every second digit doubled. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let index = 0; index < payload.length; index++) {
    const digit = Number(payload[payload.length - 1 - index]);
    const doubled = index % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}

/** Fourteen digits whose last is the Luhn check digit of the others: catches one mistyped digit. */
export function isCardNumber(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    CARD_NUMBER_PATTERN.test(value) &&
    luhnCheckDigit(value.slice(0, -1)) === Number(value.at(-1))
  );
}
