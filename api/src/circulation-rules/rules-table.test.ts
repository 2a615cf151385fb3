import { describe, expect, it } from '@jest/globals';
import { PATRON_CATEGORIES } from './circulation-terms.js';
import { resolutionReason, tableProblems, type RuleKey } from './rules-table.js';

const wildcards: RuleKey[] = PATRON_CATEGORIES.map((category) => ({ category, itemType: '*' }));

describe('tableProblems', () => {
  it('accepts one * row per category with item-type rows beside them', () => {
    expect(tableProblems([...wildcards, { category: 'child', itemType: 'dvd' }])).toEqual([]);
  });

  it('names every category without a * row', () => {
    expect(
      tableProblems([
        { category: 'adult', itemType: '*' },
        { category: 'child', itemType: 'book' },
      ]),
    ).toEqual([
      { field: 'rules', message: 'the child category needs a "*" row' },
      { field: 'rules', message: 'the staff category needs a "*" row' },
    ]);
  });

  it('points at the second of two rows for the same category and item type', () => {
    const rules: RuleKey[] = [
      ...wildcards,
      { category: 'adult', itemType: 'dvd' },
      { category: 'adult', itemType: 'dvd' },
    ];
    expect(tableProblems(rules)).toEqual([{ field: 'rules.4', message: 'duplicates rules.3 (adult/dvd)' }]);
  });
});

describe('resolutionReason', () => {
  it('says when the wildcard row stood in for a missing item type', () => {
    expect(resolutionReason('adult', 'dvd', '*')).toContain('the adult/* row applies');
  });

  it('says when the item type had a row of its own', () => {
    expect(resolutionReason('staff', 'reference', 'reference')).toContain('The staff/reference row applies');
  });
});
