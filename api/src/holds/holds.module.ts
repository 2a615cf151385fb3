import { Module } from '@nestjs/common';
import { NoticeOutboxModule } from '../notices/notice-outbox.module.js';
import { HoldMaintenance } from './hold-maintenance.js';
import { HoldMaintenanceScheduler } from './hold-maintenance.scheduler.js';
import { HoldGauges, holdOperationsCounter } from './hold-metrics.js';
import { HoldQueue } from './hold-queue.js';
import { HoldsController } from './holds.controller.js';
import { HoldsService } from './holds.service.js';

/** The title-level holds queue: placing, listing and cancelling holds, the hold shelf and its expiry. */
@Module({
  imports: [NoticeOutboxModule],
  controllers: [HoldsController],
  providers: [holdOperationsCounter, HoldGauges, HoldQueue, HoldsService, HoldMaintenance, HoldMaintenanceScheduler],
  exports: [HoldQueue, HoldsService],
})
export class HoldsModule {}
