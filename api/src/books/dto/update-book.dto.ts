import { IntegerField } from '../../common/fields/integer-field.js';
import { TextField } from '../../common/fields/text-field.js';
import { AUTHOR_MAX_LENGTH, TITLE_MAX_LENGTH, YEAR_RANGE } from './create-book.dto.js';
import { IsbnField } from './isbn.decorator.js';

/** Every field optional; `publishedYear: null` clears the year. */
export class UpdateBookDto {
  @IsbnField({ required: false })
  isbn?: string;

  @TextField({ required: false, maxLength: TITLE_MAX_LENGTH, trim: true })
  title?: string;

  @TextField({ required: false, maxLength: AUTHOR_MAX_LENGTH, trim: true })
  author?: string;

  @IntegerField({ required: false, nullable: true, ...YEAR_RANGE })
  publishedYear?: number | null;
}
