import type { SqlStatement } from '../database/sql.js';
import { RULE_COLUMNS, type CirculationRuleView } from './circulation-rule.view.js';
import type { CirculationRuleDto } from './dto/circulation-rule.dto.js';

/** The whole table: categories in their declared order, `*` first within each, then item types. */
export function allRulesStatement(): SqlStatement<CirculationRuleView> {
  return {
    text: `SELECT ${RULE_COLUMNS} FROM circulation_rules ORDER BY category, item_type <> '*', item_type`,
    values: [],
  };
}

/** The rule in force for a category and item type (the database function `circulation_rule`). */
export function ruleInForceStatement(category: string, itemType: string): SqlStatement<CirculationRuleView> {
  return { text: `SELECT ${RULE_COLUMNS} FROM circulation_rule($1, $2)`, values: [category, itemType] };
}

/**
 * Replacements wait for each other; reads (every checkout reads the table) are never blocked and see
 * the old table or the new one, never a mix.
 */
export function lockRulesStatement(): SqlStatement<never> {
  return { text: `LOCK TABLE circulation_rules IN SHARE ROW EXCLUSIVE MODE`, values: [] };
}

export function deleteRulesStatement(): SqlStatement<never> {
  return { text: `DELETE FROM circulation_rules`, values: [] };
}

export function insertRulesStatement(rules: readonly CirculationRuleDto[]): SqlStatement<never> {
  const column = <K extends keyof CirculationRuleDto>(key: K) => rules.map((rule) => rule[key]);
  return {
    text: `INSERT INTO circulation_rules (category, item_type, loanable, loan_days, max_active_loans, max_renewals,
             fine_cents_per_day, fine_cap_cents, holds_allowed, max_holds)
           SELECT * FROM unnest($1::patron_category[], $2::text[], $3::bool[], $4::int[], $5::int[], $6::int[],
             $7::int[], $8::int[], $9::bool[], $10::int[])`,
    values: [
      column('category'),
      column('itemType'),
      column('loanable'),
      column('loanDays'),
      column('maxActiveLoans'),
      column('maxRenewals'),
      column('fineCentsPerDay'),
      column('fineCapCents'),
      column('holdsAllowed'),
      column('maxHolds'),
    ],
  };
}
