import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { isAlertingRule, type AlertingRule, type RecordingRule } from '../rules/types.js';
import { LATENCY_THRESHOLD_SECONDS, lmsObjectives } from './lms-objectives.js';
import { BURN_RATE_WINDOWS, sloWindows, type ServiceLevelObjective } from './objective.js';
import { BUDGET_REMAINING_METRIC, errorRatioMetric, sloRules } from './rules.js';

const objectives = lmsObjectives({ job: 'kubernetes-pods', namespace: 'lms', app: 'lms-api' });
const [availability, latency, checkout] = objectives;
const group = sloRules(availability);
const alerts = group.rules.filter(isAlertingRule);
const records = group.rules.filter((r): r is RecordingRule => !isAlertingRule(r));

describe('SLO rules', () => {
  it('records the error ratio over every window of the burn-rate pairs, and the budget left over 30 days', () => {
    expect(sloWindows()).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(records.map((r) => r.record)).toEqual([
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map(errorRatioMetric),
      'slo:sli_error:ratio_rate30d',
      BUDGET_REMAINING_METRIC,
    ]);
    for (const record of records) expect(record.labels).toEqual({ slo: 'lms-api-availability' });
    expect(records.at(-1)?.expr).toBe('1 - slo:sli_error:ratio_rate30d{slo="lms-api-availability"} / 0.005');
  });

  it('pages at 14.4× over 1h/5m and 6× over 6h/30m, opens a ticket at 3× over 1d/2h and 1× over 3d/6h', () => {
    const summary = alerts.map((a) => [a.labels.window, a.labels.severity, a.expr.match(/> ([\d.]+)/)?.[1]]);
    expect(summary).toEqual([
      ['1h/5m', 'critical', '0.072'],
      ['6h/30m', 'critical', '0.03'],
      ['1d/2h', 'warning', '0.015'],
      ['3d/6h', 'warning', '0.005'],
    ]);
    expect(new Set(alerts.map((a) => a.alert))).toEqual(new Set(['LmsApiAvailabilityBudgetBurn']));
    expect(alerts[0].expr).toBe(
      'slo:sli_error:ratio_rate1h{slo="lms-api-availability"} > 0.072\nand\n' +
        'slo:sli_error:ratio_rate5m{slo="lms-api-availability"} > 0.072',
    );
    expect(BURN_RATE_WINDOWS.map((w) => w.factor)).toEqual([14.4, 6, 3, 1]);
  });

  it('counts only 5xx answers as unavailable: a 4xx is a correct answer to a wrong request', () => {
    expect(records[0].expr).toContain('status_code=~"5.."');
    expect(records[0].expr).not.toContain('4..');
  });

  it('counts requests under the latency threshold as good, on a bucket the API histogram has', () => {
    const buckets = readFileSync(new URL('../../../api/src/observability/metrics.module.ts', import.meta.url), 'utf8');
    const bounds = /buckets: \[([^\]]+)\]/.exec(buckets)?.[1].split(',').map(Number) ?? [];
    expect(bounds).toContain(LATENCY_THRESHOLD_SECONDS);
    expect(sloRules(latency).rules[0].expr).toContain('le="0.5"');
  });

  it('counts only checkout errors as bad; refusals (no copy, loan limit) are good', () => {
    const expr = sloRules(checkout).rules[0].expr;
    expect(expr).toContain(
      'lms_loan_operations_total{job="kubernetes-pods",namespace="lms",app="lms-api",operation="checkout",outcome="error"}',
    );
    expect(expr).not.toContain('rejected');
  });

  it('refuses an objective outside (0, 1), saying what to write instead', () => {
    const withTarget = (target: number): ServiceLevelObjective => ({ ...availability, target });
    for (const target of [0, 1, 99.5, -0.1, Number.NaN]) {
      expect(() => sloRules(withTarget(target))).toThrow(/strictly between 0 and 1, e.g. 0.995 for 99.5 %/);
    }
    expect(() => sloRules(withTarget(0.999))).not.toThrow();
    expect(() => sloRules({ ...availability, name: 'Availability' })).toThrow(/must be kebab-case/);
    expect(() => sloRules({ ...availability, by: [] })).toThrow(/at least one label in 'by'/);
  });

  it('names the objective in every alert so the runbook section and the dashboard row can be found', () => {
    for (const alert of alerts as AlertingRule[]) {
      expect(alert.labels.slo).toBe('lms-api-availability');
      expect(alert.annotations.summary).toMatch(/^SLO lms-api-availability: the error budget burns/);
    }
  });
});
