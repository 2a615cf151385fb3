import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { HoldMaintenance } from './hold-maintenance.js';

/** Held (session-level, non-blocking) by the replica that runs a scheduled pass; the others skip it. */
export const HOLD_MAINTENANCE_LOCK_KEY = 7_413_203;

/**
 * Runs the hold maintenance pass in-process every `HOLD_MAINTENANCE_INTERVAL_SECONDS` on every
 * replica. A PostgreSQL advisory lock lets one replica work at a time; each replica still refreshes
 * its holds gauges. A failed pass (the database away) is logged and retried at the next tick.
 */
@Injectable()
export class HoldMaintenanceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HoldMaintenanceScheduler.name);
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly maintenance: HoldMaintenance,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.holds.maintenanceIntervalSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    const runner = this.db.createQueryRunner();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [HOLD_MAINTENANCE_LOCK_KEY]);
      if (!locked) {
        await this.maintenance.refreshGauges();
        return;
      }
      try {
        const report = await this.maintenance.run();
        if (report.expired + report.cancelled + report.setAside > 0) {
          this.logger.log(`hold maintenance: ${JSON.stringify(report)}`);
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [HOLD_MAINTENANCE_LOCK_KEY]);
      }
    } catch (error) {
      this.logger.warn(`hold maintenance pass failed: ${String(error)}`);
    } finally {
      await runner.release();
    }
  }
}
