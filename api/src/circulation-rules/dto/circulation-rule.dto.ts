import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import {
  PATRON_CATEGORIES,
  RULE_ITEM_TYPES,
  RULE_LIMITS,
  type PatronCategory,
  type RuleItemType,
} from '../circulation-terms.js';

/** A whole number within the bounds `RULE_LIMITS` gives the field, documented exactly as validated. */
function RuleNumber(field: keyof typeof RULE_LIMITS, description: string): PropertyDecorator {
  const { min, max } = RULE_LIMITS[field];
  return (target, key) => {
    ApiProperty({ type: 'integer', minimum: min, maximum: max, description })(target, key);
    IsInt()(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}

/** One row of the rules table in a replacement. Every field is required. */
export class CirculationRuleDto {
  @ApiProperty({ enum: PATRON_CATEGORIES })
  @IsIn(PATRON_CATEGORIES)
  category!: PatronCategory;

  @ApiProperty({ enum: RULE_ITEM_TYPES, description: '`*`: every item type of the category without a row of its own' })
  @IsIn(RULE_ITEM_TYPES)
  itemType!: RuleItemType;

  @ApiProperty({ description: 'false: the item is for use in the library only (409 ITEM_NOT_LOANABLE)' })
  @IsBoolean()
  loanable!: boolean;

  @RuleNumber('loanDays', 'Loan period in days, also added by each renewal')
  loanDays!: number;

  @RuleNumber('maxActiveLoans', 'Loans out at once: of this item type for an item-type row, of all types for `*`')
  maxActiveLoans!: number;

  @RuleNumber('maxRenewals', 'Renewals per loan')
  maxRenewals!: number;

  @RuleNumber('fineCentsPerDay', 'Fine per whole day late, in cents')
  fineCentsPerDay!: number;

  @RuleNumber('fineCapCents', 'Largest fine of one loan, in cents')
  fineCapCents!: number;

  @ApiProperty({
    description: 'Whether copies of this type fill holds; a title without copies (on order) follows the `*` row',
  })
  @IsBoolean()
  holdsAllowed!: boolean;

  @RuleNumber('maxHolds', 'Active holds per member; read from the category’s `*` row')
  maxHolds!: number;
}
