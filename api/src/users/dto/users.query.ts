import { TextField } from '../../common/fields/text-field.js';
import { PaginationQuery } from '../../common/pagination.js';

export class UsersQuery extends PaginationQuery {
  @TextField({
    required: false,
    maxLength: 200,
    description: 'Case-insensitive substring of the name or the email',
    example: 'lovelace',
  })
  q?: string;
}
