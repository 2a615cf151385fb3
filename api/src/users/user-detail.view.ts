import { ApiCountProperty } from '../common/fields/response-fields.js';
import { UserView, type UserRow } from './user.view.js';

/** The detail query's row: the user's columns plus their loan figures. */
export interface UserDetailRow extends UserRow {
  readonly outstandingFinesCents: number;
  readonly activeLoans: number;
}

/** One account with what it owes and holds. */
export class UserDetailView extends UserView {
  @ApiCountProperty({ description: 'Sum of the fines of returned loans not yet paid, in cents', example: 250 })
  outstandingFinesCents!: number;

  @ApiCountProperty({ description: 'Loans not yet returned', example: 2 })
  activeLoans!: number;

  static ofRow(row: UserDetailRow): UserDetailView {
    return {
      ...UserView.of(row),
      outstandingFinesCents: row.outstandingFinesCents,
      activeLoans: row.activeLoans,
    };
  }
}
