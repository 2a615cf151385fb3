import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ITEM_TYPES, PATRON_CATEGORIES, type ItemType, type PatronCategory } from '../circulation-terms.js';

export class ResolveRuleQuery {
  @ApiProperty({ enum: PATRON_CATEGORIES })
  @IsIn(PATRON_CATEGORIES)
  category!: PatronCategory;

  @ApiProperty({ enum: ITEM_TYPES })
  @IsIn(ITEM_TYPES)
  itemType!: ItemType;
}
