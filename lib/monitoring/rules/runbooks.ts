import { isAlertingRule, type AlertingRule, type RuleGroup } from './types.js';

/** The runbooks as they are read on GitHub; `#anchor` is the alert's heading in that file. */
export const RUNBOOK_BASE_URL = 'https://github.com/lms-platform/lms/blob/main/docs/runbooks.md';

/** The severities the Alertmanager routes: `critical` pages, `warning` and `info` open a ticket. */
export const ROUTED_SEVERITIES = ['critical', 'warning', 'info'] as const;

/** GitHub's anchor of a `### AlertName` heading: the name in lower case. */
export function runbookAnchor(alertName: string): string {
  return alertName.toLowerCase();
}

/**
 * The group with a `runbook_url` on every alert that has none (the section named after the alert), after
 * checking that each alert can be routed and read: a severity the Alertmanager routes, a summary, a description.
 */
export function withRunbooks(group: RuleGroup, baseUrl: string = RUNBOOK_BASE_URL): RuleGroup {
  return {
    ...group,
    rules: group.rules.map((rule) => {
      if (!isAlertingRule(rule)) return rule;
      checkRoutable(rule, group.name);
      const runbook = rule.annotations.runbook_url ?? `${baseUrl}#${runbookAnchor(rule.alert)}`;
      return { ...rule, annotations: { ...rule.annotations, runbook_url: runbook } };
    }),
  };
}

function checkRoutable(rule: AlertingRule, group: string): void {
  const severity = (rule.labels as Partial<AlertingRule['labels']> | undefined)?.severity;
  if (!severity || !(ROUTED_SEVERITIES as readonly string[]).includes(severity)) {
    throw new Error(
      `Alert '${rule.alert}' in group '${group}' needs a 'severity' label of ${ROUTED_SEVERITIES.join(', ')} ` +
        `('critical' pages someone, the others open a ticket); got '${severity ?? ''}'.`,
    );
  }
  for (const field of ['summary', 'description'] as const) {
    if (!rule.annotations?.[field]) {
      throw new Error(`Alert '${rule.alert}' in group '${group}' needs a '${field}' annotation saying what is wrong.`);
    }
  }
  if (rule.annotations.runbook_url !== undefined && !/^https:\/\/\S+#\S+$/.test(rule.annotations.runbook_url)) {
    throw new Error(
      `Alert '${rule.alert}' has runbook_url '${rule.annotations.runbook_url}'; it must be an https URL with a #section.`,
    );
  }
}
