import { TextField } from '../../common/fields/text-field.js';
import { BARCODE_BODY, BARCODE_MAX_LENGTH } from '../barcode.js';

export class CreateCopyDto {
  @TextField({
    required: false,
    maxLength: BARCODE_MAX_LENGTH,
    trim: true,
    pattern: BARCODE_BODY,
    patternMessage: 'barcode must be 1-64 letters, digits, dots, dashes or underscores',
    description: 'Unique across the library; generated (LMS-XXXXXXXXXX) when absent',
    example: 'MAIN-000123',
  })
  barcode?: string;
}
