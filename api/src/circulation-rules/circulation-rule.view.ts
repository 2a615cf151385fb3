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
  @ApiProperty({ type: 'boolean', description: 'false: the item stays in the library (409 ITEM_NOT_LOANABLE)' })
  loanable!: boolean;
  @ApiProperty({ ...integer('loanDays'), example: 14 }) loanDays!: number;
  @ApiProperty({ ...integer('maxActiveLoans'), example: 5 }) maxActiveLoans!: number;
  @ApiProperty({ ...integer('maxRenewals'), example: 2 }) maxRenewals!: number;
  @ApiProperty({ ...integer('fineCentsPerDay'), example: 25 }) fineCentsPerDay!: number;
  @ApiProperty({ ...integer('fineCapCents'), example: 1000 }) fineCapCents!: number;
  @ApiProperty({ type: 'boolean' }) holdsAllowed!: boolean;
  @ApiProperty({ ...integer('maxHolds'), example: 5 }) maxHolds!: number;
}

/** A rule's number as the document states it: a 32-bit integer within the field's bounds. */
function integer(field: keyof typeof RULE_LIMITS) {
  return {
    type: 'integer',
    format: 'int32',
    minimum: RULE_LIMITS[field].min,
    maximum: RULE_LIMITS[field].max,
  } as const;
}

export const RULE_COLUMNS = `category, item_type AS "itemType", loanable, loan_days AS "loanDays",
  max_active_loans AS "maxActiveLoans", max_renewals AS "maxRenewals", fine_cents_per_day AS "fineCentsPerDay",
  fine_cap_cents AS "fineCapCents", holds_allowed AS "holdsAllowed", max_holds AS "maxHolds"`;
