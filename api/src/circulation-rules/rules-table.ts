import type { FieldError } from '../common/problem.js';
import { ANY_ITEM_TYPE, PATRON_CATEGORIES, type PatronCategory, type RuleItemType } from './circulation-terms.js';

/** The key fields of a rule: what `tableProblems` checks across rows. */
export interface RuleKey {
  readonly category: PatronCategory;
  readonly itemType: RuleItemType;
}

/**
 * What makes a table of individually valid rows unusable: the same category and item type twice, or a
 * category without its `*` row (then some checkout would have no rule). Every problem is listed.
 */
export function tableProblems(rules: readonly RuleKey[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const key = `${rule.category}/${rule.itemType}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else problems.push({ field: `rules.${index}`, message: `duplicates rules.${first} (${key})` });
  });
  for (const category of PATRON_CATEGORIES) {
    if (!seen.has(`${category}/${ANY_ITEM_TYPE}`)) {
      problems.push({ field: 'rules', message: `the ${category} category needs a "*" row` });
    }
  }
  return problems;
}

/** Where a rule came from, in words: which row applied and why. */
export function resolutionReason(category: string, itemType: string, matched: RuleItemType): string {
  return matched === ANY_ITEM_TYPE
    ? `No rule for ${category}/${itemType}; the ${category}/* row applies to every item type without its own row.`
    : `The ${category}/${itemType} row applies: a row for the item type wins over ${category}/*.`;
}
