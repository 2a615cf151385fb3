import { ApiProperty } from '@nestjs/swagger';
import { UserView, type UserRow } from './user.view.js';

/** The detail query's row: the user's columns plus their loan figures. */
export interface UserDetailRow extends UserRow {
  readonly outstandingFinesCents: number;
  readonly activeLoans: number;
  readonly activeHolds: number;
}

/** One account with what it owes and holds. */
export class UserDetailView extends UserView {
  @ApiProperty({ description: 'Sum of the fines of returned loans not yet paid, in cents', example: 250 })
  outstandingFinesCents!: number;

  @ApiProperty({ description: 'Loans not yet returned', example: 2 })
  activeLoans!: number;

  @ApiProperty({ type: 'integer', description: 'Holds waiting or ready', example: 1 })
  activeHolds!: number;

  static ofRow(row: UserDetailRow): UserDetailView {
    return {
      ...UserView.of(row),
      outstandingFinesCents: row.outstandingFinesCents,
      activeLoans: row.activeLoans,
      activeHolds: row.activeHolds,
    };
  }
}
