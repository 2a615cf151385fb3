import { BooleanQueryField } from '../../common/fields/boolean-query-field.js';
import { TextField } from '../../common/fields/text-field.js';
import { PaginationQuery } from '../../common/pagination.js';
import { AUTHOR_MAX_LENGTH } from './create-book.dto.js';

export class BooksQuery extends PaginationQuery {
  @TextField({
    required: false,
    maxLength: 200,
    description:
      'Words matched as prefixes over title, author and ISBN (all words must match); an ISBN-10/13 also matches exactly',
    example: 'left hand',
  })
  q?: string;

  @TextField({
    required: false,
    maxLength: AUTHOR_MAX_LENGTH,
    description: 'Exact author, case-insensitive',
    example: 'ursula k. le guin',
  })
  author?: string;

  @BooleanQueryField({ description: 'true: only books with a copy on the shelf' })
  available?: boolean;
}
