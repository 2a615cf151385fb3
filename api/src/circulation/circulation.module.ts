import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module.js';
import { LoansModule } from '../loans/loans.module.js';
import { CirculationController } from './circulation.controller.js';
import { CirculationService } from './circulation.service.js';

/** The circulation desk: barcodes and library cards instead of ids. */
@Module({
  imports: [LoansModule, HoldsModule],
  controllers: [CirculationController],
  providers: [CirculationService],
})
export class CirculationModule {}
