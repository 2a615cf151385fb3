import { EnumField } from '../../common/fields/enum-field.js';
import { ITEM_TYPES, PATRON_CATEGORIES, type ItemType, type PatronCategory } from '../circulation-terms.js';

export class ResolveRuleQuery {
  @EnumField({ values: PATRON_CATEGORIES })
  category!: PatronCategory;

  @EnumField({ values: ITEM_TYPES })
  itemType!: ItemType;
}
