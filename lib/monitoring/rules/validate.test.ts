import { describe, expect, it } from '@jest/globals';
import type { AlertingRule } from './types.js';
import { validated } from './validate.js';

const alert: AlertingRule = {
  alert: 'LmsApiDown',
  expr: 'up == 0',
  for: '2m',
  labels: { severity: 'critical' },
  annotations: { summary: 'Down.', description: 'No target answers.' },
};
const group = (rule: AlertingRule) => () => validated({ name: 'g', rules: [rule] });

describe('validated rule groups', () => {
  it('accepts an alert with a name, both annotations and a duration', () => {
    expect(group(alert)).not.toThrow();
  });

  it('refuses a pending period that is not a Prometheus duration, naming the alert', () => {
    expect(group({ ...alert, for: '2 minutes' })).toThrow(
      "'for' of alert 'LmsApiDown' must be a duration like '5m', got '2 minutes'.",
    );
  });

  it('refuses an alert name that is not UpperCamelCase', () => {
    expect(group({ ...alert, alert: 'lms_api_down' })).toThrow(/must be UpperCamelCase/);
  });
});
