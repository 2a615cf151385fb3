import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { PATRON_CATEGORIES, RULE_ITEM_TYPES } from '../circulation-terms.js';
import { CirculationRuleDto } from './circulation-rule.dto.js';

/** Every possible row once: each category with `*` and each item type. */
export const MAX_RULES = PATRON_CATEGORIES.length * RULE_ITEM_TYPES.length;

/** The whole rules table: it replaces the stored one, or nothing is stored. */
export class ReplaceRulesDto {
  @ApiProperty({ type: [CirculationRuleDto], minItems: PATRON_CATEGORIES.length, maxItems: MAX_RULES })
  @IsArray()
  @ArrayMinSize(PATRON_CATEGORIES.length)
  @ArrayMaxSize(MAX_RULES)
  @ValidateNested({ each: true })
  @Type(() => CirculationRuleDto)
  rules!: CirculationRuleDto[];
}
