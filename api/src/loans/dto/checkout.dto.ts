import { RequireExactlyOneOf } from '../../common/fields/object-rules.js';
import { UuidField } from '../../common/fields/uuid.js';

/** Exactly one of `bookId` (any free copy of the title) or `copyId` (that copy). */
@RequireExactlyOneOf(['bookId', 'copyId'], 'Send either bookId or copyId.')
export class CheckoutDto {
  @UuidField({ required: false, checkedWhenAbsent: true, description: 'Lend any available copy of this book' })
  bookId?: string;

  @UuidField({ required: false, checkedWhenAbsent: true, description: 'Lend this copy (instead of bookId)' })
  copyId?: string;

  @UuidField({
    required: false,
    description: 'Librarian or admin only: the member who borrows. Defaults to the caller.',
  })
  userId?: string;
}
