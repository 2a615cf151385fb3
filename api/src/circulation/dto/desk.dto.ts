import { TextField } from '../../common/fields/text-field.js';
import { BARCODE_BODY, BARCODE_MAX_LENGTH } from '../../copies/barcode.js';

export class DeskCheckinDto {
  /** The copies' own barcode pattern, so a malformed scan is a 400, not a 404. */
  @TextField({
    maxLength: BARCODE_MAX_LENGTH,
    pattern: BARCODE_BODY,
    patternMessage: 'copyBarcode must be 1-64 letters, digits, dots, dashes or underscores',
    description: 'The copy as scanned',
    example: 'LMS-7K2M9Q4TZC',
  })
  copyBarcode!: string;
}

export class DeskCheckoutDto extends DeskCheckinDto {
  /** The check digit is the service's to check: a wrong one is nobody's card (404 CARD_NOT_FOUND). */
  @TextField({
    minLength: 14,
    maxLength: 14,
    pattern: '[0-9]{14}',
    patternMessage: 'cardNumber must be 14 digits',
    description: "The member's library card: 14 digits, the last a Luhn check digit",
    example: '20000000000018',
  })
  cardNumber!: string;
}
