import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ITEM_TYPES, type ItemType } from '../../circulation-rules/circulation-terms.js';
import { SETTABLE_COPY_STATUSES } from '../copy.view.js';

export type SettableCopyStatus = (typeof SETTABLE_COPY_STATUSES)[number];

/** What a librarian changes on a copy: its status, its item type, or both (at least one). */
export interface CopyChanges {
  readonly status?: SettableCopyStatus;
  readonly itemType?: ItemType;
}

export class UpdateCopyDto implements CopyChanges {
  @ApiProperty({
    required: false,
    enum: SETTABLE_COPY_STATUSES,
    description: '`on_loan` and `on_hold_shelf` change only through checkout, return and holds',
  })
  @IsOptional()
  @IsIn(SETTABLE_COPY_STATUSES)
  status?: SettableCopyStatus;

  @ApiProperty({ required: false, enum: ITEM_TYPES, description: 'Loans already out keep their terms' })
  @IsOptional()
  @IsIn(ITEM_TYPES)
  itemType?: ItemType;
}
