/** Patron categories: every user has one (`adult` unless an admin says otherwise). */
export const PATRON_CATEGORIES = ['adult', 'child', 'staff'] as const;
export type PatronCategory = (typeof PATRON_CATEGORIES)[number];

/** Item types: every copy has one (`book` unless a librarian says otherwise). */
export const ITEM_TYPES = ['book', 'dvd', 'reference'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** A rule names an item type, or `*` for every item type of the category without a row of its own. */
export const ANY_ITEM_TYPE = '*';
export const RULE_ITEM_TYPES = [ANY_ITEM_TYPE, ...ITEM_TYPES] as const;
export type RuleItemType = (typeof RULE_ITEM_TYPES)[number];

/**
 * The terms of the `*` rows the circulation migration stores for every category: the settings the
 * API had before the rules table. The sample data lends by them.
 */
export const DEFAULT_LOAN_TERMS = {
  loanDays: 14,
  maxActiveLoans: 5,
  maxRenewals: 2,
  fineCentsPerDay: 25,
  fineCapCents: 1000,
  maxHolds: 5,
} as const;

/** The inclusive bounds of every number in a rule; the table's CHECK constraints say the same. */
export const RULE_LIMITS = {
  loanDays: { min: 1, max: 365 },
  maxActiveLoans: { min: 0, max: 100 },
  maxRenewals: { min: 0, max: 20 },
  fineCentsPerDay: { min: 0, max: 100_000 },
  fineCapCents: { min: 0, max: 10_000_000 },
  maxHolds: { min: 0, max: 100 },
} as const;
