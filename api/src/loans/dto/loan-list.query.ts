import { EnumField } from '../../common/fields/enum-field.js';
import { UuidField } from '../../common/fields/uuid.js';
import { PaginationQuery } from '../../common/pagination.js';
import { LOAN_STATUSES, type LoanStatus } from '../loan.view.js';

export class LoanListQuery extends PaginationQuery {
  @EnumField({ required: false, values: LOAN_STATUSES })
  status?: LoanStatus;

  @UuidField({
    required: false,
    description: "Only this borrower's loans. A member may only name themself; it is their own loans by default.",
  })
  userId?: string;
}
