import { Injectable, type OnModuleInit } from '@nestjs/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Gauge, register } from 'prom-client';

export const HOLD_OPERATIONS = 'lms_hold_operations_total';
export const HOLDS_WAITING = 'lms_holds_waiting';
export const HOLDS_READY = 'lms_holds_ready';

/**
 * place, cancel (by the API), expire, set_aside (a copy given to a hold), fulfil (checked out by the
 * holder), each with outcome success, rejected (4xx) or error.
 */
export type HoldOperation = 'place' | 'cancel' | 'expire' | 'set_aside' | 'fulfil';

export const holdOperationsCounter = makeCounterProvider({
  name: HOLD_OPERATIONS,
  help: 'Hold operations by operation (place, cancel, expire, set_aside, fulfil) and outcome (success, rejected, error)',
  labelNames: ['operation', 'outcome'],
});

/**
 * The library-wide counts of waiting and ready holds, refreshed by every replica's maintenance pass
 * (so a scrape never queries the database; every replica reports the same figure, take `max`).
 */
@Injectable()
export class HoldGauges implements OnModuleInit {
  private waiting!: Gauge;
  private ready!: Gauge;

  onModuleInit(): void {
    for (const name of [HOLDS_WAITING, HOLDS_READY]) {
      if (register.getSingleMetric(name)) register.removeSingleMetric(name);
    }
    this.waiting = new Gauge({ name: HOLDS_WAITING, help: 'Holds waiting in a queue, library-wide' });
    this.ready = new Gauge({ name: HOLDS_READY, help: 'Holds ready on the hold shelf, library-wide' });
  }

  set(counts: { readonly waiting: number; readonly ready: number }): void {
    this.waiting.set(counts.waiting);
    this.ready.set(counts.ready);
  }
}
