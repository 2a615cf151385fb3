import { ApiProperty } from '@nestjs/swagger';
import { HoldView } from '../holds/hold.view.js';
import { LoanView } from '../loans/loan.view.js';

export const CHECKIN_ACTIONS = ['shelve', 'hold-shelf'] as const;
export type CheckinAction = (typeof CHECKIN_ACTIONS)[number];

/** What the desk does with a returned copy: back to the shelves, or onto the hold shelf for `hold`. */
export class CheckinView {
  @ApiProperty({ type: LoanView, description: 'The returned loan, with its fine' }) loan!: LoanView;
  @ApiProperty({ enum: CHECKIN_ACTIONS }) action!: CheckinAction;
  @ApiProperty({ type: HoldView, nullable: true, description: 'The hold the copy is now set aside for' })
  hold!: HoldView | null;
}
