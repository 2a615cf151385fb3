/** Prometheus rule files as typed objects; the field names are Prometheus' own. */

export type Severity = 'critical' | 'warning' | 'info';

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { readonly severity: Severity } & Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url?: string };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}

/** An instant-vector selector, `metric{label="value",…}`, with values escaped. */
export function selector(metric: string, matchers: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(matchers).map(([label, value]) => {
    const [op, raw] =
      value.startsWith('=~') || value.startsWith('!=') || value.startsWith('!~')
        ? [value.slice(0, 2), value.slice(2)]
        : ['=', value];
    return `${label}${op}${JSON.stringify(raw)}`;
  });
  return parts.length > 0 ? `${metric}{${parts.join(',')}}` : metric;
}

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
  }
  return group;
}
