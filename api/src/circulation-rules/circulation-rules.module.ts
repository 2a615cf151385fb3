import { Module } from '@nestjs/common';
import { CirculationRulesController } from './circulation-rules.controller.js';
import { CirculationRulesService } from './circulation-rules.service.js';

/** The circulation rules table: patron category × item type → loan terms and hold limits. */
@Module({
  controllers: [CirculationRulesController],
  providers: [CirculationRulesService],
  exports: [CirculationRulesService],
})
export class CirculationRulesModule {}
