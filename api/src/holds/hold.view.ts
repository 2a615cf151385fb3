import { ApiProperty } from '@nestjs/swagger';

/**
 * `waiting` in the queue → `ready` (a copy set aside until `pickupBy`) → `fulfilled` (checked out by the
 * holder), or `expired` (not picked up in time) or `cancelled`. Waiting and ready holds are active.
 */
export const HOLD_STATUSES = ['waiting', 'ready', 'fulfilled', 'expired', 'cancelled'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
export const ACTIVE_HOLD_STATUSES: readonly HoldStatus[] = ['waiting', 'ready'];

/** A hold as the database returns it through `HOLD_COLUMNS`. */
export interface HoldRow {
  readonly id: string;
  readonly bookId: string;
  readonly userId: string;
  readonly status: HoldStatus;
  readonly position: number | null;
  readonly copyId: string | null;
  readonly copyBarcode: string | null;
  readonly pickupBy: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The columns of `HoldRow` for `holds h`; the position counts the waiting holds up to this one. */
export const HOLD_COLUMNS = `h.id, h.book_id AS "bookId", h.user_id AS "userId", h.status,
  CASE WHEN h.status = 'waiting' THEN (
    SELECT count(*)::int FROM holds w
    WHERE w.book_id = h.book_id AND w.status = 'waiting' AND w.queue_number <= h.queue_number
  ) END AS position,
  h.copy_id AS "copyId", (SELECT barcode FROM copies WHERE id = h.copy_id) AS "copyBarcode",
  h.pickup_by AS "pickupBy", h.created_at AS "createdAt", h.updated_at AS "updatedAt"`;

export class HoldView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bookId!: string;
  @ApiProperty({ format: 'uuid', description: 'The member the hold is for' }) userId!: string;
  @ApiProperty({ enum: HOLD_STATUSES }) status!: HoldStatus;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    example: 1,
    description: 'Place in the queue while waiting (1 = next in line); null otherwise',
  })
  position!: number | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The copy set aside (ready) or that was (fulfilled, expired, cancelled after ready)',
  })
  copyId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'LMS-7K2M9Q4TZC', description: 'The barcode of copyId' })
  copyBarcode!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the copy waits on the hold shelf',
  })
  pickupBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(row: HoldRow): HoldView {
    return {
      id: row.id,
      bookId: row.bookId,
      userId: row.userId,
      status: row.status,
      position: row.position,
      copyId: row.copyId,
      copyBarcode: row.copyBarcode,
      pickupBy: row.pickupBy?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
