import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestampProperty, ApiUuidProperty } from '../common/fields/response-fields.js';
import { BARCODE_MAX_LENGTH, BARCODE_PATTERN } from './barcode.js';

export const COPY_STATUSES = ['available', 'on_loan', 'lost', 'withdrawn'] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** The statuses a librarian may set; `on_loan` changes only through checkout and return. */
export const SETTABLE_COPY_STATUSES = ['available', 'lost', 'withdrawn'] as const;

/** A copy row as the copies queries return it (columns aliased to camelCase). */
export interface CopyRow {
  readonly id: string;
  readonly bookId: string;
  readonly barcode: string;
  readonly status: CopyStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One physical copy of a book. */
export class CopyView {
  @ApiUuidProperty() id!: string;
  @ApiUuidProperty() bookId!: string;
  @ApiProperty({ pattern: BARCODE_PATTERN.source, maxLength: BARCODE_MAX_LENGTH, example: 'LMS-7K2M9Q4TZC' })
  barcode!: string;
  @ApiProperty({ enum: COPY_STATUSES }) status!: CopyStatus;
  @ApiTimestampProperty() createdAt!: string;
  @ApiTimestampProperty() updatedAt!: string;

  static of(row: CopyRow): CopyView {
    return {
      id: row.id,
      bookId: row.bookId,
      barcode: row.barcode,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
