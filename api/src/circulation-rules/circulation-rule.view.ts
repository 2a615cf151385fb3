import { ApiProperty } from '@nestjs/swagger';
import {
  PATRON_CATEGORIES,
  RULE_ITEM_TYPES,
  RULE_LIMITS,
  type PatronCategory,
  type RuleItemType,
} from './circulation-terms.js';

/** One row of the rules table, as the database returns it through `RULE_COLUMNS` and as the API shows it. */
export class CirculationRuleView {
  @ApiProperty({ enum: PATRON_CATEGORIES }) category!: PatronCategory;
  @ApiProperty({ enum: RULE_ITEM_TYPES, description: '`*`: every item type of the category without its own row' })
  itemType!: RuleItemType;
  @ApiProperty({ description: 'false: the item stays in the library (409 ITEM_NOT_LOANABLE)' }) loanable!: boolean;
  @ApiProperty({ type: 'integer', minimum: RULE_LIMITS.loanDays.min, maximum: RULE_LIMITS.loanDays.max, example: 14 })
  loanDays!: number;
  @ApiProperty({ type: 'integer', ...range('maxActiveLoans'), example: 5 }) maxActiveLoans!: number;
  @ApiProperty({ type: 'integer', ...range('maxRenewals'), example: 2 }) maxRenewals!: number;
  @ApiProperty({ type: 'integer', ...range('fineCentsPerDay'), example: 25 }) fineCentsPerDay!: number;
  @ApiProperty({ type: 'integer', ...range('fineCapCents'), example: 1000 }) fineCapCents!: number;
  @ApiProperty() holdsAllowed!: boolean;
  @ApiProperty({ type: 'integer', ...range('maxHolds'), example: 5 }) maxHolds!: number;
}

function range(field: keyof typeof RULE_LIMITS): { minimum: number; maximum: number } {
  return { minimum: RULE_LIMITS[field].min, maximum: RULE_LIMITS[field].max };
}

export const RULE_COLUMNS = `category, item_type AS "itemType", loanable, loan_days AS "loanDays",
  max_active_loans AS "maxActiveLoans", max_renewals AS "maxRenewals", fine_cents_per_day AS "fineCentsPerDay",
  fine_cap_cents AS "fineCapCents", holds_allowed AS "holdsAllowed", max_holds AS "maxHolds"`;
