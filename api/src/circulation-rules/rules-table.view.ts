import { ApiProperty } from '@nestjs/swagger';
import { CirculationRuleView } from './circulation-rule.view.js';
import { MAX_RULES } from './dto/replace-rules.dto.js';
import {
  ITEM_TYPES,
  PATRON_CATEGORIES,
  RULE_ITEM_TYPES,
  type ItemType,
  type PatronCategory,
  type RuleItemType,
} from './circulation-terms.js';

/** The whole rules table. */
export class RulesTableView {
  @ApiProperty({ type: [CirculationRuleView], maxItems: MAX_RULES }) rules!: CirculationRuleView[];
}

/** Which row applies to a category and item type, and why. */
export class RuleResolutionView {
  @ApiProperty({ enum: PATRON_CATEGORIES }) category!: PatronCategory;
  @ApiProperty({ enum: ITEM_TYPES }) itemType!: ItemType;
  @ApiProperty({ enum: RULE_ITEM_TYPES, description: 'The item type of the row that applies' })
  matchedItemType!: RuleItemType;
  @ApiProperty({
    type: 'string',
    maxLength: 200,
    example: 'No rule for adult/dvd; the adult/* row applies to every item type without its own row.',
  })
  reason!: string;
  @ApiProperty({ type: CirculationRuleView }) rule!: CirculationRuleView;
}
