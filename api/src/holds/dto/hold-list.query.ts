import { EnumField } from '../../common/fields/enum-field.js';
import { UuidField } from '../../common/fields/uuid.js';
import { PaginationQuery } from '../../common/pagination.js';
import { HOLD_STATUSES, type HoldStatus } from '../hold.view.js';

export class HoldListQuery extends PaginationQuery {
  @EnumField({
    required: false,
    values: HOLD_STATUSES,
    description: 'ready: the hold shelf, oldest pickupBy first; waiting: in queue order; otherwise newest first',
  })
  status?: HoldStatus;

  @UuidField({ required: false })
  bookId?: string;

  @UuidField({
    required: false,
    description: "Only this member's holds. A member may only name themself; it is their own holds by default.",
  })
  userId?: string;
}
