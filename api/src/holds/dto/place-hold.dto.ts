import { UuidField } from '../../common/fields/uuid.js';

export class PlaceHoldDto {
  @UuidField({ description: 'The title to queue for (any copy fills the hold)' })
  bookId!: string;

  @UuidField({
    required: false,
    description: 'Librarian or admin only: the member the hold is for. Defaults to the caller.',
  })
  userId?: string;
}
