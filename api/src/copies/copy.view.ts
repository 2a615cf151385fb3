import { ApiProperty } from '@nestjs/swagger';
import { COPY_STATUSES, type CopyStatus } from './copy.entity.js';
import { ApiTimestampProperty, ApiUuidProperty } from '../common/fields/response-fields.js';
import { BARCODE_MAX_LENGTH, BARCODE_PATTERN } from './barcode.js';

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

export const COPY_COLUMNS = `id, book_id AS "bookId", barcode, status, created_at AS "createdAt", updated_at AS "updatedAt"`;
