import { Module } from '@nestjs/common';
import { CirculationRulesModule } from '../circulation-rules/circulation-rules.module.js';
import { HoldsModule } from '../holds/holds.module.js';
import { LoansController } from './loans.controller.js';
import { LoansService } from './loans.service.js';

/** Checkout, return, renewal and fines, by the circulation rules and the holds queue. */
@Module({
  imports: [CirculationRulesModule, HoldsModule],
  controllers: [LoansController],
  providers: [LoansService],
  exports: [LoansService],
})
export class LoansModule {}
