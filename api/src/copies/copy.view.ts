import { ApiProperty } from '@nestjs/swagger';
import { ITEM_TYPES, type ItemType } from '../circulation-rules/circulation-terms.js';

/** `on_hold_shelf`: set aside for a ready hold; only its holder can borrow it. */
export const COPY_STATUSES = ['available', 'on_loan', 'on_hold_shelf', 'lost', 'withdrawn'] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** The statuses a librarian may set; `on_loan` and `on_hold_shelf` change only through circulation. */
export const SETTABLE_COPY_STATUSES = ['available', 'lost', 'withdrawn'] as const;

/** A copy row as the copies queries return it (columns aliased to camelCase). */
export interface CopyRow {
  readonly id: string;
  readonly bookId: string;
  readonly barcode: string;
  readonly status: CopyStatus;
  readonly itemType: ItemType;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One physical copy of a book. */
export class CopyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bookId!: string;
  @ApiProperty({ example: 'LMS-7K2M9Q4TZC' }) barcode!: string;
  @ApiProperty({ enum: COPY_STATUSES }) status!: CopyStatus;
  @ApiProperty({ enum: ITEM_TYPES, description: 'Decides, with the patron category, the circulation rule' })
  itemType!: ItemType;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(row: CopyRow): CopyView {
    return {
      id: row.id,
      bookId: row.bookId,
      barcode: row.barcode,
      status: row.status,
      itemType: row.itemType,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
