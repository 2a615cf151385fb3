import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { queryFirstRow, queryRows } from '../database/sql.js';
import { HoldGauges } from './hold-metrics.js';
import { HoldQueue } from './hold-queue.js';
import { HoldsService } from './holds.service.js';
import {
  cancelHoldsOfDeletedBooksStatement,
  expiredHoldsStatement,
  holdCountsStatement,
  idleCopiesForQueuesStatement,
} from './holds.sql.js';

/** Work per pass is bounded; what is left waits for the next pass. */
const BATCH = 500;

/** What one maintenance pass did. */
export class MaintenanceReport {
  @ApiProperty({ type: 'integer', description: 'Ready holds not picked up in time, now expired' }) expired!: number;
  @ApiProperty({ type: 'integer', description: 'Active holds of deleted books, now cancelled' }) cancelled!: number;
  @ApiProperty({ type: 'integer', description: 'Copies on the shelf given to a waiting hold' }) setAside!: number;
}

/**
 * The scheduled side of the holds queue. Each step changes one hold or copy in its own transaction
 * under the title's queue lock with a conditional update, so passes that overlap (two replicas, or a
 * librarian's run during a scheduled one) do each change once.
 */
@Injectable()
export class HoldMaintenance {
  constructor(
    private readonly db: DataSource,
    private readonly holds: HoldsService,
    private readonly queue: HoldQueue,
    private readonly gauges: HoldGauges,
  ) {}

  /**
   * Expires the ready holds whose pickup date is before `asOf` (the database clock by default; tests
   * move pickup dates back instead of waiting days), cancels the holds of deleted titles, and gives
   * copies that are on the shelf while their title has a queue (a copy added or found again) to it.
   */
  async run(asOf?: Date): Promise<MaintenanceReport> {
    let expired = 0;
    for (const hold of await queryRows(this.db, expiredHoldsStatement(asOf, BATCH))) {
      const closed = await this.db.transaction((manager) =>
        this.holds.close(manager, hold.id, hold.bookId, 'expired', asOf),
      );
      if (closed) {
        expired++;
        this.queue.count('expire', 'success');
      }
    }
    const cancelled = (await queryRows(this.db, cancelHoldsOfDeletedBooksStatement())).length;
    let setAside = 0;
    for (const copy of await queryRows(this.db, idleCopiesForQueuesStatement(BATCH))) {
      const holdId = await this.db.transaction(async (manager) => {
        await this.queue.lock(manager, copy.bookId);
        return this.queue.passCopyOn(manager, copy.bookId, copy.copyId, ['available']);
      });
      if (holdId) setAside++;
    }
    await this.refreshGauges();
    return { expired, cancelled, setAside };
  }

  async refreshGauges(): Promise<void> {
    this.gauges.set((await queryFirstRow(this.db, holdCountsStatement()))!);
  }
}
