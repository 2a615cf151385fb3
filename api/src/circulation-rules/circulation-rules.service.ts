import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemError } from '../common/problem.js';
import { queryFirstRow, queryRows, type SqlTarget } from '../database/sql.js';
import type { CirculationRuleView } from './circulation-rule.view.js';
import {
  allRulesStatement,
  deleteRulesStatement,
  insertRulesStatement,
  lockRulesStatement,
  ruleInForceStatement,
} from './circulation-rules.sql.js';
import type { ItemType, PatronCategory } from './circulation-terms.js';
import type { ReplaceRulesDto } from './dto/replace-rules.dto.js';
import type { ResolveRuleQuery } from './dto/resolve-rule.query.js';
import { resolutionReason, tableProblems } from './rules-table.js';
import type { RuleResolutionView, RulesTableView } from './rules-table.view.js';

@Injectable()
export class CirculationRulesService {
  constructor(private readonly db: DataSource) {}

  async table(): Promise<RulesTableView> {
    return { rules: await queryRows(this.db, allRulesStatement()) };
  }

  /** Validated as a whole, then swapped in one transaction: the new table, or the old one untouched. */
  async replace(input: ReplaceRulesDto): Promise<RulesTableView> {
    const problems = tableProblems(input.rules);
    if (problems.length > 0) {
      // 409, not 400: every rule of a single row is in the OpenAPI document (400 VALIDATION_FAILED); these
      // rules across rows are not (OpenAPI 3.0 cannot state them), and a 400 means "the document says no".
      throw new ProblemError(
        409,
        'RULES_INVALID',
        'The rules table is incomplete or repeats a row; nothing was stored.',
        problems,
      );
    }
    await this.db.transaction(async (runner) => {
      await queryRows(runner, lockRulesStatement());
      await queryRows(runner, deleteRulesStatement());
      await queryRows(runner, insertRulesStatement(input.rules));
    });
    return this.table();
  }

  async resolve(query: ResolveRuleQuery): Promise<RuleResolutionView> {
    const rule = await this.ruleInForce(this.db, query.category, query.itemType);
    return {
      category: query.category,
      itemType: query.itemType,
      matchedItemType: rule.itemType,
      reason: resolutionReason(query.category, query.itemType, rule.itemType),
      rule,
    };
  }

  /** The table always has a `*` row per category (`replace` refuses any other), so there is always a rule. */
  async ruleInForce(executor: SqlTarget, category: PatronCategory, itemType: ItemType): Promise<CirculationRuleView> {
    const rule = await queryFirstRow(executor, ruleInForceStatement(category, itemType));
    if (!rule) throw new Error(`The circulation rules have no row for ${category}/*.`);
    return rule;
  }
}
