import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { BARCODE_PATTERN } from '../../copies/barcode.js';
import { CARD_NUMBER_PATTERN } from '../card-number.js';

/** A copy's barcode as scanned: the copies' own pattern, so a malformed one is a 400, not a 404. */
function CopyBarcode(): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ pattern: BARCODE_PATTERN.source, example: 'LMS-7K2M9Q4TZC', description: 'The copy as scanned' })(
      target,
      key,
    );
    IsString()(target, key);
    Matches(BARCODE_PATTERN, { message: 'copyBarcode must be 1-64 letters, digits, dots, dashes or underscores' })(
      target,
      key,
    );
  };
}

export class DeskCheckinDto {
  @CopyBarcode()
  copyBarcode!: string;
}

export class DeskCheckoutDto extends DeskCheckinDto {
  @ApiProperty({
    pattern: CARD_NUMBER_PATTERN.source,
    minLength: 14,
    maxLength: 14,
    example: '20000000000018',
    description: "The member's library card: 14 digits, the last a Luhn check digit",
  })
  @IsString()
  @Matches(CARD_NUMBER_PATTERN, { message: 'cardNumber must be 14 digits' })
  cardNumber!: string;
}
