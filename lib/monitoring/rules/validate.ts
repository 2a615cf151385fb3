import { prometheusDuration } from '../duration.js';
import { isAlertingRule, type RuleGroup } from './types.js';

/** Checks that every alert can be routed and read by a human; returns the group unchanged. */
export function validated(group: RuleGroup): RuleGroup {
  for (const rule of group.rules) {
    if (!isAlertingRule(rule)) continue;
    if (!/^[A-Z][A-Za-z0-9]+$/.test(rule.alert)) {
      throw new Error(`Alert name '${rule.alert}' must be UpperCamelCase, e.g. 'LmsApiDown'.`);
    }
    if (!rule.annotations.summary || !rule.annotations.description) {
      throw new Error(`Alert '${rule.alert}' needs both a summary and a description annotation.`);
    }
    if (rule.for !== undefined) prometheusDuration(`'for' of alert '${rule.alert}'`, rule.for, '5m');
  }
  return group;
}
